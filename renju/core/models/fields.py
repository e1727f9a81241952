"""Model fields the domains share."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.operations import get_json_dumps  # type: ignore[attr-defined]
from psycopg.types.json import Json


class JSONTextField(models.JSONField):
    """JSON kept as written: PostgreSQL's ``json`` type (checked text) instead of ``jsonb``.

    Rule: for values written once and shown as they are, never searched inside (the audit
    trail's changes). PostgreSQL then only checks the text instead of converting it to
    ``jsonb`` (100,000 audit events of an import: 0.3-0.45 s less of the database's time,
    bench/RESULTS.md), and the keys come back in the order they were written, as on SQLite
    (``jsonb`` sorts them by length). PostgreSQL's ``json`` has no operators: no key look-ups
    (``changes__name``), no equality, so no ``DISTINCT``, ``UNION`` or ``GROUP BY`` over it.
    SQLite keeps its usual JSON text column.
    """

    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        if connection.vendor == "postgresql":
            return "json"
        return super().db_type(connection)

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        if connection.vendor != "postgresql":
            return super().get_db_prep_value(value, connection, prepared)
        if not prepared:
            value = self.get_prep_value(value)
        # Sent as ``json`` (with the dumper Django uses for ``jsonb``; django-stubs lacks it):
        # a ``jsonb`` parameter would reorder the keys before the cast.
        return Json(value, dumps=get_json_dumps(self.encoder))

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        if value is None or not isinstance(value, str | bytes | bytearray):
            return value  # psycopg has read PostgreSQL's json already
        return super().from_db_value(value, expression, connection)
