"""Importing monitoring samples: row errors reject the file; a good file classifies each row
and makes a remediated body relapse, one audit event per row."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from renju.accounts.choices import Role
from renju.core.audit import audit_context
from renju.core.ledgers import get_ledger
from renju.core.ledgers.importer import import_rows
from renju.core.models import AuditEvent
from renju.core.testing import Places, make_user, places
from renju.water import workflow
from renju.water.choices import BodyState, Grade
from renju.water.models import WaterBody, WaterSample

from .conftest_helpers import CLEAN, add_sample, make_body, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def where(django_db_setup: Any, django_db_blocker: Any) -> Places:
    with django_db_blocker.unblock():
        return places()


def header() -> list[str]:
    return [c.header_en for c in get_ledger("water-samples").spreadsheet_columns]


def sample_row(code: str, body: WaterBody, region_code: str, values: dict[str, str]) -> list[Any]:
    by_name = {
        "code": code,
        "water_body": body.code,
        "region": region_code,
        "sampled_on": timezone.localdate().isoformat(),  # a sampling day: today at the latest
        "point": "2号点",
        "sampled_by": "县监测站",
        **values,
    }
    return [by_name.get(c.name, "") for c in get_ledger("water-samples").spreadsheet_columns]


def test_bad_row_rejects_the_whole_file(where: Places) -> None:
    officer = make_user("wi-bad", Role.OFFICER, where.county)
    body = make_body(where.village, "T-WI-IMP-1")
    other = where.other_town_same_county
    village = (
        other.children.filter(level=5).order_by("code").first()
        if hasattr(other, "children")
        else None
    )
    wrong = village.code if village is not None else where.town.code
    rows = [
        header(),
        sample_row("T-WI-IMP-1-A", body, where.village.code, CLEAN),
        sample_row("T-WI-IMP-1-B", body, wrong, CLEAN),
    ]
    with audit_context(actor=officer, channel="import"):
        result = import_rows(get_ledger("water-samples"), rows, officer)
    assert not result.ok
    assert any(e.startswith("第3行") for e in result.errors), result.errors
    assert not WaterSample.objects.filter(code__startswith="T-WI-IMP-1-").exists()


def test_good_file_classifies_and_relapses(where: Places) -> None:
    officer = make_user("wi-good", Role.OFFICER, where.county)
    body = make_body(where.village, "T-WI-IMP-2")
    workflow.add_measure(officer, body, "connection", make_project(where.town, "T-WI-PRJ"))
    workflow.start_remediation(officer, body, "第一批")
    add_sample(officer, body, "T-WI-IMP-2-0", CLEAN)
    body = workflow.complete_remediation(officer, body)
    black = {"transparency_cm": "30", "do_mg_l": "1.5", "nh3n_mg_l": "3", "depth_cm": "100"}
    rows = [
        header(),
        sample_row("T-WI-IMP-2-A", body, where.village.code, CLEAN),
        sample_row("T-WI-IMP-2-B", body, where.village.code, black),
    ]
    with audit_context(actor=officer, channel="import"):
        result = import_rows(get_ledger("water-samples"), rows, officer)
    assert result.ok, result.errors
    a = WaterSample.objects.get(code="T-WI-IMP-2-A")
    b = WaterSample.objects.get(code="T-WI-IMP-2-B")
    assert (a.grade, b.grade) == (Grade.CLEAN, Grade.BLACK_ODOROUS)  # DO 1.5 < 2
    assert [r["parameter"] for r in b.reasons] == ["do_mg_l"]
    for sample in (a, b):
        assert (
            AuditEvent.objects.filter(object_type="water.watersample", object_id=str(sample.pk))
            .values_list("channel", flat=True)
            .get()
            == "import"
        )
    body.refresh_from_db()
    assert (body.state, body.grade, body.relapse_count) == (
        BodyState.RELAPSED,
        Grade.BLACK_ODOROUS,
        1,
    )
