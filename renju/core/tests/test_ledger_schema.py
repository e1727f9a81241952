"""The ledger tables' schema: the database checks where a row is, not what is derived from it."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

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
