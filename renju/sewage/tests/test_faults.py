"""Faults and exceedances become cases routed to the facility's operator (S11)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from renju.accounts.choices import OrganisationKind, Role
from renju.accounts.models import Organisation
from renju.cases.models import Case
from renju.core.models import AuditEvent
from renju.core.testing import make_user, places
from renju.regions.models import Region
from renju.sewage.choices import DischargeLevel, FacilityKind, RunningState
from renju.sewage.models import FacilityInspection, SewageFacility, WaterTest

pytestmark = pytest.mark.django_db


def _facility(operator: Organisation) -> SewageFacility:
    where = places()
    facility = SewageFacility(
        code="T-F-1",
        name="故障测试站",
        kind=FacilityKind.CLUSTER,
        region=where.village,
        design_capacity=Decimal("20"),
        operator=operator,
        discharge_level=DischargeLevel.LEVEL_2,
    )
    facility.save()
    return facility


def _cases(facility: SewageFacility, category: str) -> list[Case]:
    return list(
        Case.objects.filter(
            category=category, subject_type="sewage.sewagefacility", subject_id=facility.pk
        )
    )


def _inspect(client: Client, facility: SewageFacility, code: str) -> None:
    response = client.post(
        reverse("ledgers:sewage-inspections-add"),
        {
            "code": code,
            "facility": str(facility.pk),
            "region": facility.region.code,
            "inspected_on": "2026-11-20",
            "inspector": "王工",
            "result": "fault",
            "fault_kind": "blockage",
            "findings": "进水管堵塞",
        },
    )
    assert response.status_code == 302, response.context["form"].errors


def test_fault_inspection_opens_a_case_for_the_demo_operator(client: Client):
    where = places()
    operator = Organisation.objects.get(code=f"DEMO-{where.county.code}-SEWAGE")
    facility = _facility(operator)
    officer = make_user("fault-officer", Role.OFFICER, where.county)
    client.force_login(officer)
    _inspect(client, facility, "T-F-IN-1")
    [case] = _cases(facility, "sewage.fault")
    assert case.assigned_org == operator  # routed through its sewage O&M service area
    assert "进水管堵塞" in case.description
    facility.refresh_from_db()
    assert facility.running_state == RunningState.FAULT
    inspection = FacilityInspection.objects.get(code="T-F-IN-1")
    kinds = set(AuditEvent.objects.filter(actor=officer).values_list("object_type", "action"))
    assert {
        ("sewage.facilityinspection", "create"),
        ("sewage.sewagefacility", "update"),
        ("cases.case", "create"),
    } <= kinds
    assert inspection.region_id == facility.region_id
    # Editing the inspection later does not report the fault again.
    edit = client.post(
        reverse("ledgers:sewage-inspections-edit", args=[inspection.pk]),
        {
            "code": inspection.code,
            "facility": str(facility.pk),
            "region": facility.region.code,
            "inspected_on": "2026-11-20",
            "inspector": "王工",
            "result": "fault",
            "fault_kind": "blockage",
            "findings": "进水管堵塞，已报修",
        },
    )
    assert edit.status_code == 302
    case.refresh_from_db()
    assert case.report_count == 1
    # A second fault report joins the active case.
    _inspect(client, facility, "T-F-IN-2")
    [again] = _cases(facility, "sewage.fault")
    assert again.pk == case.pk and again.report_count == 2


def test_a_named_operator_outside_the_routing_gets_the_case(client: Client):
    where = places()
    operator = Organisation.objects.create(
        code="T-F-OP",
        name="测试运维公司",
        kind=OrganisationKind.SERVICE_COMPANY,
        region=where.county,
    )
    facility = _facility(operator)
    client.force_login(make_user("fault-officer2", Role.OFFICER, where.county))
    _inspect(client, facility, "T-F-IN-3")
    [case] = _cases(facility, "sewage.fault")
    assert case.assigned_org == operator


def _post_test(client: Client, facility: SewageFacility, code: str, cod: str) -> None:
    response = client.post(
        reverse("ledgers:sewage-tests-add"),
        {
            "code": code,
            "facility": str(facility.pk),
            "region": facility.region.code,
            "sampled_on": "2026-11-20",
            "lab": "聊城市环境监测中心",
            "ph": "7.1",
            "cod": cod,
            "ss": "12",
            "nh3n": "3",
            "tn": "",
            "tp": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors


def test_a_test_over_the_limits_opens_an_exceedance_case(client: Client):
    where = places()
    operator = Organisation.objects.get(code=f"DEMO-{where.county.code}-SEWAGE")
    facility = _facility(operator)
    client.force_login(make_user("fault-lab", Role.OFFICER, where.county))
    _post_test(client, facility, "T-F-WT-1", "100")  # at the level-2 limit: complies
    assert _cases(facility, "sewage.exceedance") == []
    _post_test(client, facility, "T-F-WT-2", "100.01")
    [case] = _cases(facility, "sewage.exceedance")
    assert case.assigned_org == operator
    assert "COD 100.01 (≤ 100)" in case.description
    assert WaterTest.objects.filter(facility=facility).count() == 2


def _elsewhere(where: object) -> Region:
    village = (
        Region.objects.current()
        .filter(parent=where.other_town_same_county, level=5)  # type: ignore[attr-defined]
        .order_by("code")
        .first()
    )
    assert village is not None
    return village


def test_a_test_must_sit_at_its_facility(client: Client):
    where = places()
    facility = _facility(Organisation.objects.get(code=f"DEMO-{where.county.code}-SEWAGE"))
    client.force_login(make_user("fault-where", Role.OFFICER, where.county))
    response = client.post(
        reverse("ledgers:sewage-tests-add"),
        {
            "code": "T-F-WT-9",
            "facility": str(facility.pk),
            "region": _elsewhere(where).code,
            "sampled_on": "2026-11-20",
            "lab": "L",
            "ph": "7",
            "cod": "10",
            "ss": "1",
            "nh3n": "1",
        },
    )
    assert response.status_code == 400
    assert "region" in response.context["form"].errors
    assert not WaterTest.objects.filter(code="T-F-WT-9").exists()
