"""County plans: create with a baseline, edit targets and key points, submit, review; who may."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renju.core.models import AuditEvent
from renju.core.testing import Places
from renju.indicators import engine
from renju.indicators.models import Target
from renju.indicators.registry import get_indicator, indicators
from renju.plans import actions
from renju.plans.models import CountyPlan, PlanTarget, TownKeyPoint

pytestmark = pytest.mark.django_db
KEY = "toilets.sanitary_coverage"


def _create(client: Client, where: Places, **extra: Any) -> Any:
    data = {"region": where.county.pk, "title": "测试方案", "start_year": 2025, "end_year": 2028}
    return client.post(reverse("plans:create"), {**data, **extra})


def _edit_data(plan: CountyPlan, targets: list[tuple[str, int, float]], towns: list[Any]) -> dict:
    data: dict[str, Any] = {
        "title": plan.title,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "measures": "措施",
        "targets-TOTAL_FORMS": len(targets),
        "targets-INITIAL_FORMS": 0,
        "towns-TOTAL_FORMS": len(towns),
        "towns-INITIAL_FORMS": 0,
    }
    for i, (key, year, value) in enumerate(targets):
        data.update(
            {
                f"targets-{i}-indicator": key,
                f"targets-{i}-year": year,
                f"targets-{i}-value": value,
            }
        )
    for i, town in enumerate(towns):
        data.update({f"towns-{i}-town": town.pk, f"towns-{i}-text": f"{town.name}要点"})
    return data


def _plan_with_targets(client: Client, where: Places, officer: Any) -> CountyPlan:
    client.force_login(officer)
    response = _create(client, where)
    assert response.status_code == 302
    plan = CountyPlan.objects.filter(region=where.county).latest("pk")
    targets = [(KEY, 2025, 80.0), (KEY, 2026, 85.5), (KEY, 2028, 95.0)]
    response = client.post(
        reverse("plans:edit", args=[plan.pk]), _edit_data(plan, targets, [where.town])
    )
    assert response.status_code == 302, response.context and response.context["targets"].errors
    return plan


def test_create_takes_the_baseline_and_is_audited(client: Client, where, county_officer):
    client.force_login(county_officer)
    form = client.get(reverse("plans:create")).context["form"]
    assert list(form.fields["region"].queryset) == [where.county]
    response = _create(client, where)
    plan = CountyPlan.objects.filter(region=where.county).latest("pk")
    assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == 200
    assert response["Location"] == reverse("plans:edit", args=[plan.pk])
    assert (plan.status, plan.county_id, plan.city_id) == ("draft", where.county.pk, where.city.pk)
    assert set(plan.baseline) == {i.key for i in indicators()}
    # The baseline is the engine's value for the county (kept, or computed from the ledgers).
    reading = engine.readings([where.county], keys=[KEY])[0]
    if reading.value is not None:
        assert plan.baseline[KEY]["value"] == round(reading.value, 2)
    event = AuditEvent.objects.get(object_type="plans.countyplan", object_id=str(plan.pk))
    assert (event.action, event.actor_id, event.county_id) == (
        "create",
        county_officer.pk,
        where.county.pk,
    )


def test_edit_saves_targets_and_town_key_points(client: Client, where, county_officer):
    plan = _plan_with_targets(client, where, county_officer)
    assert list(plan.targets.values_list("year", "value")) == [
        (2025, 80.0),
        (2026, 85.5),
        (2028, 95.0),
    ]
    assert TownKeyPoint.objects.get(plan=plan).town == where.town
    assert AuditEvent.objects.filter(object_type="plans.plantarget", county=where.county).count()
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "85.5" in html and where.town.name in html


def test_target_year_outside_the_period_and_town_outside_the_county(
    client: Client, where, county_officer
):
    client.force_login(county_officer)
    _create(client, where)
    plan = CountyPlan.objects.filter(region=where.county).latest("pk")
    other_town = where.other_village.town
    response = client.post(
        reverse("plans:edit", args=[plan.pk]), _edit_data(plan, [(KEY, 2031, 90)], [other_town])
    )
    assert response.status_code == 400
    assert "year" in response.context["targets"].forms[0].errors
    assert "town" in response.context["key_points"].forms[0].errors
    assert not PlanTarget.objects.filter(plan=plan).exists()


def test_county_cannot_approve_city_can_and_targets_apply(
    client: Client, where, county_officer, city_officer
):
    plan = _plan_with_targets(client, where, county_officer)
    assert client.post(reverse("plans:step", args=[plan.pk, "submit"])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "submitted"
    # The county official may not approve her own plan: 404, nothing changes.
    assert client.post(reverse("plans:step", args=[plan.pk, "approve"])).status_code == 404
    plan.refresh_from_db()
    assert plan.status == "submitted"
    # Nor edit it any more once submitted.
    assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == 302

    client.force_login(city_officer)
    page = client.get(reverse("plans:detail", args=[plan.pk]))
    assert page.context["can_review"] is True
    response = client.post(reverse("plans:step", args=[plan.pk, "approve"]), {"note": "同意"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.reviewed_by, plan.review_note) == ("approved", city_officer, "同意")

    targets = Target.objects.filter(region=where.county, indicator=KEY)
    assert {(t.year, t.value) for t in targets} >= {(2025, 80.0), (2026, 85.5), (2028, 95.0)}
    assert all(t.source == f"{where.county.name}一县一策 测试方案" for t in targets)
    indicator = get_indicator(KEY)
    assert engine.target_for(indicator, where.county, 2026) == (85.5, plan.source_label)
    assert engine.target_for(indicator, where.village, 2027)[0] == 85.5  # latest not after
    assert engine.target_for(indicator, where.village, 2028)[0] == 95.0
    assert AuditEvent.objects.filter(object_type="indicators.target", county=where.county).count()
    year = timezone.localdate().year
    if 2025 <= year <= 2028:
        reading = engine.readings([where.county], keys=[KEY])[0]
        assert reading.target_source == plan.source_label


def test_return_needs_a_reason_and_reopens_the_plan(
    client: Client, where, county_officer, city_officer
):
    plan = _plan_with_targets(client, where, county_officer)
    client.post(reverse("plans:step", args=[plan.pk, "submit"]))
    client.force_login(city_officer)
    client.post(reverse("plans:step", args=[plan.pk, "return"]), {"note": ""})
    plan.refresh_from_db()
    assert plan.status == "submitted"
    client.post(reverse("plans:step", args=[plan.pk, "return"]), {"note": "目标偏低"})
    plan.refresh_from_db()
    assert (plan.status, plan.review_note) == ("returned", "目标偏低")
    client.force_login(county_officer)
    assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == 200


def test_submit_needs_a_target(client: Client, where, county_officer):
    client.force_login(county_officer)
    _create(client, where)
    plan = CountyPlan.objects.filter(region=where.county).latest("pk")
    client.post(reverse("plans:step", args=[plan.pk, "submit"]))
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_other_county_finds_nothing(client: Client, where, county_officer, other_county_officer):
    plan = _plan_with_targets(client, where, county_officer)
    client.force_login(other_county_officer)
    for name in ("detail", "edit", "document"):
        assert client.get(reverse(f"plans:{name}", args=[plan.pk])).status_code == 404
    for step in ("submit", "approve", "return"):
        assert client.post(reverse("plans:step", args=[plan.pk, step])).status_code == 404
    listed = client.get(reverse("plans:list")).context["plans"]
    assert plan not in listed and all(p.county_id == where.other_county.pk for p in listed)
    # Creating a plan for the home county: the county is not among the choices.
    response = _create(client, where)
    assert response.status_code == 400
    assert "region" in response.context["form"].errors


def test_viewers_and_towns_see_but_do_not_write(
    client: Client, where, county_officer, city_viewer, town_officer
):
    plan = _plan_with_targets(client, where, county_officer)
    client.post(reverse("plans:step", args=[plan.pk, "submit"]))
    for user in (city_viewer, town_officer):
        client.force_login(user)
        assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 200
        assert client.post(reverse("plans:step", args=[plan.pk, "approve"])).status_code == 404
        assert client.get(reverse("plans:create")).status_code == 404
    assert not actions.can_review(town_officer, where.county)
    assert not actions.can_draft(town_officer, where.county)
    assert not actions.can_review(city_viewer, where.county)
    plan.refresh_from_db()
    assert plan.status == "submitted"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("plan.pdf", b"%PDF-1.7\n%test\n", True),
        ("plan.docx", _docx(), True),
        ("plan.pdf", b"MZ\x90\x00 not a pdf", False),
        ("plan.docx", b"%PDF-1.7\n", False),  # a PDF called .docx
        ("plan.exe", b"%PDF-1.7\n", False),
    ],
)
def test_plan_document_type_checked(
    client: Client, where, county_officer, settings, tmp_path, name, content, ok
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(county_officer)
    response = _create(client, where, document=SimpleUploadedFile(name, content))
    assert response.status_code == (302 if ok else 400)
    if ok:
        plan = CountyPlan.objects.filter(region=where.county).latest("pk")
        download = client.get(reverse("plans:document", args=[plan.pk]))
        assert b"".join(download.streaming_content) == content  # type: ignore[attr-defined]
        # The edit page links the current document to that view, by its own name.
        edit = client.get(reverse("plans:edit", args=[plan.pk])).content.decode()
        assert f'href="{reverse("plans:document", args=[plan.pk])}"' in edit
        assert "/media/" not in edit and "plans/documents/" not in edit


def test_plan_document_size_checked(client: Client, where, county_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RENJU_MAX_UPLOAD_BYTES = 100
    client.force_login(county_officer)
    response = _create(client, where, document=SimpleUploadedFile("p.pdf", b"%PDF-" + b"x" * 200))
    assert response.status_code == 400
    assert "document" in response.context["form"].errors
