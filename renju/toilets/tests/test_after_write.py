"""A survey result entered on any write path puts a problem toilet on the problem list."""

from __future__ import annotations

import pytest

from renju.cases.models import Case
from renju.core.audit import audit_context
from renju.core.ledgers import get_ledger
from renju.core.ledgers.importer import import_rows
from renju.core.testing import make_user, places
from renju.households.models import Household
from renju.toilets.models import HouseholdToilet

pytestmark = pytest.mark.django_db


def test_import_of_a_problem_toilet_opens_its_case():
    p = places()
    officer = make_user("aw_officer", "officer", p.county)
    household = Household.objects.create(
        code=f"{p.village.code}6001", region=p.village, head_name="赵", members=2
    )
    ledger = get_ledger("household-toilets")
    header = [c.header for c in ledger.spreadsheet_columns]
    row = [
        f"{household.code}01",
        household.code,
        p.village.code,
        "三格化粪池",
        2,
        2018,
        "不能用",
        "化粪池破损",
        "",
        "",
    ]
    with audit_context(actor=officer, channel="import"):
        result = import_rows(ledger, [header, row], officer)
    assert result.ok, result.errors
    toilet = HouseholdToilet.objects.get(code=f"{household.code}01")
    case = Case.objects.get(category="toilet.problem", subject_id=toilet.pk)
    assert case.village_id == p.village.pk
    # importing the same sheet again opens nothing new
    with audit_context(actor=officer, channel="import"):
        import_rows(ledger, [header, row], officer)
    assert Case.objects.filter(category="toilet.problem", subject_id=toilet.pk).count() == 1
