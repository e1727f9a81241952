"""Pages (supervision list with filters and export, a body's page, steps), indicators, demo."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from renju.accounts.choices import Role
from renju.accounts.models import User
from renju.core.models import AuditEvent
from renju.core.testing import Places, make_user, places
from renju.regions.choices import Level
from renju.regions.models import Region
from renju.water import indicators, supervision, workflow
from renju.water.choices import BodyState
from renju.water.models import PublicSurvey, RemediationMeasure, WaterBody, WaterSample

from .conftest_helpers import CLEAN, add_sample, make_body, make_project

pytestmark = pytest.mark.django_db
URL = reverse("water:list")


@pytest.fixture(scope="module")
def where(django_db_setup: Any, django_db_blocker: Any) -> Places:
    with django_db_blocker.unblock():
        return places()


@pytest.fixture
def officer(where: Places) -> User:
    return make_user("wp-town-officer", Role.OFFICER, where.town)


def test_list_filters_export_and_scope(where: Places, officer: User, client: Client) -> None:
    mine = make_body(where.village, "T-WP-1", location="村东")
    other = make_body(where.village, "T-WP-2")
    WaterBody.objects.filter(pk=other.pk).update(state=BodyState.ACCEPTED)
    elsewhere = make_body(where.other_village, "T-WP-3")
    workflow.add_measure(officer, mine, "dredging", make_project(where.town, "T-WP-PRJ"))
    client.force_login(officer)
    html = client.get(URL, {"q": "T-WP-"}).content.decode()
    assert mine.code in html and other.code in html and elsewhere.code not in html
    on_list = client.get(URL, {"q": "T-WP-", "state": "on_list"}).content.decode()
    assert mine.code in on_list and other.code not in on_list
    accepted = client.get(URL, {"q": "T-WP-", "state": "accepted"}).content.decode()
    assert mine.code not in accepted and other.code in accepted
    by_town = client.get(URL, {"town": where.town.code, "q": "T-WP-"}).content.decode()
    assert mine.code in by_town
    by_other_town = client.get(
        URL, {"town": where.other_town_same_county.code, "q": "T-WP-"}
    ).content.decode()
    assert mine.code not in by_other_town
    # the county filter outside the user's scope narrows nothing open to her
    outside = client.get(URL, {"county": where.other_county.code, "q": "T-WP-"}).content.decode()
    assert elsewhere.code not in outside

    response = client.get(URL, {"q": "T-WP-", "format": "csv"})
    assert response.status_code == 200
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == supervision.headers()  # the same layout as the page
    rows = {r[0]: r for r in table[1:]}
    assert set(rows) == {mine.code, other.code}
    assert rows[mine.code][6] == "村东"
    assert "T-WP-PRJ" in rows[mine.code][13]
    xlsx = client.get(URL, {"q": "T-WP-", "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).get_sheet_by_index(0)
    values = sheet.to_python()
    assert [str(v) for v in values[0]] == table[0] and len(values) == 3
    exports = AuditEvent.objects.filter(action="export", object_type="water.waterbody")
    assert exports.filter(actor=officer).count() == 2


def test_summary_counts_per_child(where: Places, officer: User) -> None:
    make_body(where.village, "T-WS-1")
    b = make_body(where.village, "T-WS-2")
    WaterBody.objects.filter(pk=b.pk).update(state=BodyState.RELAPSED)
    qs = WaterBody.objects.filter(code__startswith="T-WS-")
    counts = supervision.counts_by_child(qs, where.town)
    assert [(c.region, c.counts) for c in counts] == [
        (where.village, {"identified": 1, "relapsed": 1})
    ]


def test_viewer_cannot_step_and_outsider_gets_404(where: Places, client: Client) -> None:
    body = make_body(where.village, "T-WP-404")
    viewer = make_user("wp-viewer", Role.VIEWER, where.town)
    outsider = make_user("wp-outsider", Role.OFFICER, where.other_county)
    step = reverse("water:step", args=[body.pk, "start"])
    client.force_login(viewer)
    assert client.get(reverse("water:detail", args=[body.pk])).status_code == 200
    assert client.post(step, {"batch": "x"}).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("water:detail", args=[body.pk])).status_code == 404
    assert (
        client.post(reverse("water:complaint", args=[body.pk]), {"description": "臭"}).status_code
        == 404
    )
    body.refresh_from_db()
    assert body.state == BodyState.IDENTIFIED


def test_detail_steps_by_post(where: Places, officer: User, client: Client) -> None:
    body = make_body(where.village, "T-WP-D")
    client.force_login(officer)
    detail = reverse("water:detail", args=[body.pk])
    page = client.get(detail)
    assert page.status_code == 200 and body.code in page.content.decode()
    # refused step: the message says why, nothing changes
    refused = client.post(
        reverse("water:step", args=[body.pk, "start"]), {"batch": "第一批"}, follow=True
    )
    assert "measure" in refused.content.decode() or "措施" in refused.content.decode()
    project = make_project(where.town, "T-WP-PRJ-D")
    client.post(
        reverse("water:measure", args=[body.pk]), {"measure": "dredging", "project": project.code}
    )
    assert RemediationMeasure.objects.filter(water_body=body, project=project).exists()
    client.post(reverse("water:step", args=[body.pk, "start"]), {"batch": "第一批"})
    body.refresh_from_db()
    assert body.state == BodyState.IN_REMEDIATION
    client.post(
        reverse("water:survey", args=[body.pk]),
        {"surveyed_on": "2026-05-01", "respondents": "40", "judged_black_odorous": "10"},
    )
    assert PublicSurvey.objects.filter(water_body=body, respondents=40).exists()
    client.post(reverse("water:complaint", args=[body.pk]), {"description": "夏天有臭味"})
    assert workflow.open_complaints(body).count() == 1


def test_a_refused_survey_keeps_what_was_typed_and_names_the_field(
    where: Places, officer: User, client: Client
) -> None:
    body = make_body(where.village, "T-WP-S")
    client.force_login(officer)
    client.cookies["django_language"] = "zh-hans"
    response = client.post(
        reverse("water:survey", args=[body.pk]),
        {"surveyed_on": "2026-05-01", "respondents": "", "judged_black_odorous": "7"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="2026-05-01"' in html and 'value="7"' in html  # kept
    assert "受访人数" in html  # the message names the field
    assert not PublicSurvey.objects.filter(water_body=body).exists()
    response = client.post(reverse("water:complaint", args=[body.pk]), {"reporter_name": "张"})
    assert response.status_code == 400 and 'value="张"' in response.content.decode()


def _quiet_village() -> Region:
    """A village with no water body, for hand-computed indicators."""
    taken = WaterBody.objects.values("village_id")
    village = (
        Region.objects.current()
        .filter(level=Level.VILLAGE, county__code="371522")
        .exclude(pk__in=taken)
        .order_by("-code")
        .first()
    )
    assert village is not None
    return village


def test_indicators_hand_computed(where: Places) -> None:
    village = _quiet_village()
    assert indicators.remediated_share([village.pk]) == {}  # no data, not zero
    states = [
        (BodyState.IDENTIFIED, 0),
        (BodyState.IN_REMEDIATION, 0),
        (BodyState.REMEDIATED, 0),
        (BodyState.OBSERVATION, 0),
        (BodyState.ACCEPTED, 1),  # relapsed once, fixed again
        (BodyState.RELAPSED, 1),
    ]
    for n, (state, relapses) in enumerate(states):
        body = make_body(village, f"T-WI-{n}")
        WaterBody.objects.filter(pk=body.pk).update(state=state, relapse_count=relapses)
    # remediated, observation, accepted = 3 of 6
    assert indicators.remediated_share([village.pk]) == {village.pk: (3.0, 6.0)}
    # relapsed at least once (2) ÷ remediated at least once (3 + the relapsed one = 4)
    assert indicators.relapse_rate([village.pk]) == {village.pk: (2.0, 4.0)}


def test_sample_ledger_validates_region(where: Places, officer: User) -> None:
    from renju.water.ledgers import validate_sample

    body = make_body(where.village, "T-WP-V")
    assert validate_sample({"water_body": body, "region": where.village}) == {}
    assert "region" in validate_sample({"water_body": body, "region": where.other_village})
    sample = add_sample(officer, body, "T-WP-V-S1", CLEAN)
    assert AuditEvent.objects.filter(
        object_type="water.watersample", object_id=str(sample.pk), action="create"
    ).exists()


def test_demo_is_simulated_and_proportionate() -> None:
    bodies = WaterBody.objects.filter(is_simulated=True)
    counties = bodies.values("county_id").distinct().count()
    assert (
        counties == Region.objects.current().filter(level=Level.COUNTY, city__code="3715").count()
    )
    assert bodies.count() >= 2 * counties
    assert (
        WaterSample.objects.filter(is_simulated=True, water_body__in=bodies).count()
        >= 2 * bodies.count()
    )
    # the samples agree with the states: a remediated body's latest day is clean
    for body in bodies.filter(state__in=["remediated", "observation", "accepted"]):
        assert body.grade == "clean", body.code
    for body in bodies.filter(state__in=["identified", "relapsed"]):
        assert body.grade == "black_odorous", body.code
    assert AuditEvent.objects.filter(
        object_type="water.waterbody", note__contains="seed-demo"
    ).exists()
