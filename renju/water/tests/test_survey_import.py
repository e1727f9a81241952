"""Public survey results as a ledger: imported all-or-nothing with "第N行 X列" errors, one audit
event per row, scoped like every ledger; the body page's own survey form still works."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from renju.accounts.choices import Role
from renju.core.audit import audit_context
from renju.core.ledgers import get_ledger
from renju.core.ledgers.importer import import_rows
from renju.core.models import AuditEvent
from renju.core.testing import Places, make_user, places
from renju.water import workflow
from renju.water.models import PublicSurvey, WaterBody

from .conftest_helpers import make_body

pytestmark = pytest.mark.django_db

LEDGER = "water-surveys"


@pytest.fixture(scope="module")
def where(django_db_setup: Any, django_db_blocker: Any) -> Places:
    with django_db_blocker.unblock():
        return places()


def header() -> list[str]:
    return [c.header_en for c in get_ledger(LEDGER).spreadsheet_columns]


def survey_row(
    code: str, body: WaterBody, region: str, respondents: Any, judged: Any, day: str = "2026-10-08"
) -> list[Any]:
    by_name = {
        "code": code,
        "water_body": body.code,
        "region": region,
        "surveyed_on": day,
        "respondents": respondents,
        "judged_black_odorous": judged,
        "note": "入户问卷",
    }
    return [by_name[c.name] for c in get_ledger(LEDGER).spreadsheet_columns]


def test_a_good_file_creates_every_survey_audited(where: Places) -> None:
    officer = make_user("ws-good", Role.OFFICER, where.county)
    body = make_body(where.village, "T-WS-1")
    rows = [
        header(),
        survey_row("T-WS-1-A", body, where.village.code, 50, 30),  # 60%: black-odorous
        survey_row("T-WS-1-B", body, where.village.code, "80", "10", "2026-11-02"),
    ]
    with audit_context(actor=officer, channel="import"):
        result = import_rows(get_ledger(LEDGER), rows, officer)
    assert result.ok, result.errors
    assert result.created == 2
    a = PublicSurvey.objects.get(code="T-WS-1-A")
    assert (a.water_body, a.region, a.respondents, a.judged_black_odorous) == (
        body,
        where.village,
        50,
        30,
    )
    assert a.county == where.county and a.surveyed_on == datetime.date(2026, 10, 8)
    for survey in PublicSurvey.objects.filter(code__startswith="T-WS-1-"):
        event = AuditEvent.objects.get(object_type="water.publicsurvey", object_id=str(survey.pk))
        assert (event.channel, event.actor) == ("import", officer)
    # The latest survey (11-02: 10 of 80 = 12.5%) is what the body page shows.
    share, black = workflow.survey_share(body)
    assert share == 12.5 and black is False


def test_one_bad_row_rejects_the_file_with_row_and_column(where: Places) -> None:
    officer = make_user("ws-bad", Role.OFFICER, where.county)
    body = make_body(where.village, "T-WS-2")
    rows = [
        header(),
        survey_row("T-WS-2-A", body, where.village.code, 40, 10),
        survey_row("T-WS-2-B", body, where.village.code, 40, 41),  # more judged than asked
        survey_row("T-WS-2-C", body, where.village.code, 0, 0),  # nobody asked
        survey_row("T-WS-2-D", body, where.other_village.code, 40, 1),  # not the body's place
    ]
    with audit_context(actor=officer, channel="import"):
        result = import_rows(get_ledger(LEDGER), rows, officer)
    assert not result.ok
    errors = result.errors
    assert any(e.startswith("第3行") for e in errors), errors
    assert any(e.startswith("第4行") for e in errors), errors
    assert any(e.startswith("第5行") for e in errors), errors
    assert not any(e.startswith("第2行") for e in errors), errors
    assert not PublicSurvey.objects.filter(code__startswith="T-WS-2-").exists()
    assert not AuditEvent.objects.filter(object_type="water.publicsurvey", actor=officer).exists()


def test_the_errors_name_the_column(where: Places) -> None:
    officer = make_user("ws-col", Role.OFFICER, where.county)
    body = make_body(where.village, "T-WS-3")
    rows = [header(), survey_row("T-WS-3-A", body, where.village.code, 40, 41)]
    with translation.override("en"), audit_context(actor=officer, channel="import"):
        result = import_rows(get_ledger(LEDGER), rows, officer)
    [column] = [
        c for c in get_ledger(LEDGER).spreadsheet_columns if c.name == "judged_black_odorous"
    ]
    assert result.errors == [
        f"Row 2, column {column.header}: cannot be more than the respondents (40)"
    ]


def test_unknown_or_out_of_scope_body_is_a_row_error(where: Places) -> None:
    town_officer = make_user("ws-town", Role.OFFICER, where.town)
    elsewhere = make_body(where.other_village, "T-WS-4")
    rows = [header(), survey_row("T-WS-4-A", elsewhere, where.other_village.code, 10, 1)]
    with audit_context(actor=town_officer, channel="import"):
        result = import_rows(get_ledger(LEDGER), rows, town_officer)
    assert not result.ok and result.errors[0].startswith("第2行")
    assert not PublicSurvey.objects.filter(code="T-WS-4-A").exists()


def test_the_import_page_takes_a_file(where: Places, client: Client) -> None:
    officer = make_user("ws-page", Role.OFFICER, where.county)
    client.force_login(officer)
    assert client.get(reverse(f"ledgers:{LEDGER}-import")).status_code == 200
    assert client.get(reverse(f"ledgers:{LEDGER}-list")).status_code == 200
    client.force_login(make_user("ws-viewer", Role.VIEWER, where.county))
    assert client.get(reverse(f"ledgers:{LEDGER}-import")).status_code == 404


def test_the_body_page_survey_gets_a_code_and_place(where: Places) -> None:
    officer = make_user("ws-form", Role.OFFICER, where.town)
    body = make_body(where.village, "T-WS-5")
    day = datetime.date(2026, 9, 1)
    first = workflow.record_survey(officer, body, day, 30, 20)
    second = workflow.record_survey(officer, body, day, 30, 5)
    assert first.code == f"PS-{body.pk}-20260901" and second.code == f"{first.code}-2"
    assert first.region == body.region and first.village == where.village
