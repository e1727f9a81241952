"""The ledger tables' schema: the database checks where a row is, not what is derived from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, migrations, models
from django.db.migrations.loader import MigrationLoader

import renju
from renju.core.migration_operations import AlterFieldsTogether, one_rebuild_per_table
from renju.core.models.base import LedgerModel

pytestmark = pytest.mark.django_db

LEDGER_MODELS = [m for m in apps.get_models() if issubclass(m, LedgerModel)]
ANCESTORS = {"city_id", "county_id", "town_id", "village_id"}


def test_every_ledger_model_is_found() -> None:
    assert len(LEDGER_MODELS) >= 40
    fields = [m._meta.get_field(name) for m in LEDGER_MODELS for name in ("city", "village")]
    assert not any(getattr(f, "db_constraint", True) for f in fields)


@pytest.mark.parametrize("model", LEDGER_MODELS, ids=lambda m: m._meta.label)
def test_the_region_is_checked_and_its_ancestors_are_not(model: type[LedgerModel]) -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    checked = {
        column
        for c in constraints.values()
        if c["foreign_key"] and c["foreign_key"][0] == "regions_region"
        for column in c["columns"]
    }
    assert "region_id" in checked
    assert not checked & ANCESTORS


# --- the ancestor migrations: one table rebuild per model on SQLite --------------------------

ANCESTOR_MIGRATIONS = sorted(
    (path.parent.parent.name, path.stem)
    for path in Path(renju.__file__).parent.glob("*/migrations/*_ancestors_unconstrained.py")
    if "_squashed_" not in path.stem
)


def test_every_ancestor_migration_is_found() -> None:
    assert len(ANCESTOR_MIGRATIONS) == 10


@pytest.mark.parametrize(("app_label", "name"), ANCESTOR_MIGRATIONS)
def test_an_ancestor_migration_rebuilds_each_table_once(
    app_label: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite copies a table to alter its columns; the four ancestors change in one copy.

    The migration's operations run against a schema editor that records each table copy
    instead of making it (the test database has them applied already); the resulting schema
    is checked on both databases by the tests above.
    """
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL alters each column in place")
    loader = MigrationLoader(connection, replace_migrations=False)  # the squash replaces it
    migration = loader.get_migration(app_label, name)
    together = [op for op in migration.operations if isinstance(op, AlterFieldsTogether)]
    assert not [op for op in migration.operations if isinstance(op, migrations.AlterField)]
    copies: list[tuple[str, list[str]]] = []

    def record_copy(editor: Any, model: Any, alter_fields: Any = None, **kwargs: Any) -> None:
        copies.append((model._meta.db_table, [new.name for _old, new in alter_fields]))

    editor = connection.schema_editor(collect_sql=True)
    monkeypatch.setattr(type(editor), "_remake_table", record_copy)
    state = loader.project_state((app_label, name), at_end=False)
    for operation in migration.operations:
        after = state.clone()
        operation.state_forwards(app_label, after)
        if isinstance(operation, AlterFieldsTogether):
            operation.database_forwards(app_label, editor, state, after)
        state = after
    tables = [state.apps.get_model(app_label, op.model_name)._meta.db_table for op in together]
    assert copies == [(table, ["city", "county", "town", "village"]) for table in tables]


def test_fields_of_one_model_in_a_row_are_altered_together() -> None:
    def alter(model: str, name: str) -> migrations.AlterField:
        return migrations.AlterField(model, name, models.IntegerField())

    other = migrations.RunPython(migrations.RunPython.noop)
    ops = one_rebuild_per_table(
        [other, alter("a", "x"), alter("a", "y"), alter("b", "x"), other, alter("a", "z")]
    )
    assert [type(op).__name__ for op in ops] == [
        "RunPython",
        "AlterFieldsTogether",
        "AlterField",
        "RunPython",
        "AlterField",
    ]
    with pytest.raises(ValueError, match="one model"):
        AlterFieldsTogether([alter("a", "x"), alter("b", "x")])
