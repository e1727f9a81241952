"""Migration operations the apps share."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from django.db import migrations
from django.db.migrations.operations.base import Operation


class AlterFieldsTogether(Operation):
    """Several ``AlterField`` of one model, applied to SQLite in a single rebuild of its table.

    SQLite alters a column by copying the whole table into a new one, and Django's
    ``AlterField`` does that once per field: the ancestor migrations, four fields on each of 44
    ledger tables, made 176 copies (minutes on a full city), and each re-rendered the migration
    state of every model related to the region. Here a model's fields change in one copy and
    one rendering (a fresh ``migrate``: 53-58 s -> 44-47 s, bench/RESULTS.md). PostgreSQL runs
    each ``AlterField`` as it is; the migration state is exactly what the separate operations
    give. A database created since the squashed migrations (``tools/squash_migrations.py``)
    never runs these: only those that had applied the migrations before the ancestor ones do.
    """

    reversible = True

    def __init__(self, operations: Sequence[migrations.AlterField]) -> None:
        names = {operation.model_name_lower for operation in operations}
        if len(names) != 1:
            raise ValueError("AlterFieldsTogether takes the fields of one model")
        self.operations = list(operations)
        self.model_name = self.operations[0].model_name

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return self.__class__.__qualname__, [self.operations], {}

    def state_forwards(self, app_label: str, state: Any) -> None:
        # Each AlterField of a relation re-renders the model and every model related to it
        # (for a ledger: through the region, most of the project); the fields change first
        # with the rendered apps set aside, and the last AlterField renders them once.
        rendered = state.__dict__.pop("apps", None)
        try:
            for operation in self.operations[:-1]:
                operation.state_forwards(app_label, state)
        finally:
            if rendered is not None:
                state.__dict__["apps"] = rendered
        self.operations[-1].state_forwards(app_label, state)

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "sqlite":
            for operation in self.operations:
                operation.database_forwards(app_label, schema_editor, from_state, to_state)
            return
        from_model = from_state.apps.get_model(app_label, self.model_name)
        to_model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, to_model):
            return
        pairs = [
            (from_model._meta.get_field(op.name), to_model._meta.get_field(op.name))
            for op in self.operations
        ]
        changed = [
            (old, new) for old, new in pairs if schema_editor._field_should_be_altered(old, new)
        ]
        if changed:
            schema_editor._remake_table(from_model, alter_fields=changed)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        self.database_forwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        fields = ", ".join(operation.name for operation in self.operations)
        return f"Alter fields {fields} of {self.model_name} together"


def one_rebuild_per_table(operations: Sequence[Operation]) -> list[Operation]:
    """``operations`` with each run of ``AlterField`` on one model made an
    :class:`AlterFieldsTogether`; every other operation stays where it is."""
    result: list[Operation] = []
    for key, run in itertools.groupby(
        operations,
        key=lambda op: op.model_name_lower if isinstance(op, migrations.AlterField) else None,
    ):
        items = list(run)
        if key is None or len(items) == 1:
            result += items
        else:
            result.append(AlterFieldsTogether(items))  # type: ignore[arg-type]
    return result
