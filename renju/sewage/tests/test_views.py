"""The sewage pages: scoping (out of scope = 404), the writes they make and their audit."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from renju.accounts.choices import Role
from renju.core.models import AuditEvent
from renju.core.testing import make_user, places
from renju.regions.models import Region
from renju.sewage.choices import FacilityKind, Mode
from renju.sewage.models import (
    ModeDecision,
    ModeParameters,
    OMCost,
    SewageFacility,
    SludgeDelivery,
    ToiletLink,
    TreatmentStatus,
)

pytestmark = pytest.mark.django_db


def _facility(region: Region, code: str = "T-V-1", households: int = 50) -> SewageFacility:
    facility = SewageFacility(
        code=code,
        name="页面测试站",
        kind=FacilityKind.TOWN_PLANT,
        region=region,
        design_capacity=Decimal("500"),
        households_served=households,
        discharge_registration="DJ-1",
    )
    facility.save()
    return facility


@pytest.mark.parametrize("name", ["overview", "priorities", "yellow-river", "limits", "parameters"])
def test_pages_answer_inside_the_scope(client: Client, name: str):
    where = places()
    client.force_login(make_user(f"v-{name}", Role.VIEWER, where.county))
    response = client.get(reverse(f"sewage:{name}"))
    assert response.status_code == 200
    outside = client.get(reverse(f"sewage:{name}"), {"region": where.other_county.code})
    assert outside.status_code in (200, 404)
    if name in {"overview", "priorities", "yellow-river"}:
        assert outside.status_code == 404


def test_overview_rates_match_the_ledger(client: Client):
    where = places()
    client.force_login(make_user("v-ov", Role.VIEWER, where.county))
    response = client.get(reverse("sewage:overview"), {"region": where.town.code})
    rows = response.context["rows"]
    statuses = TreatmentStatus.objects.filter(town=where.town)
    villages = set(statuses.values_list("village_id", flat=True))
    untreated = set(statuses.filter(mode=Mode.UNTREATED).values_list("village_id", flat=True))
    assert sum(r["villages"] for r in rows) == len(villages)
    assert response.context["treated"] == len(villages - untreated)


def test_priorities_list_untreated_villages_by_tier(client: Client):
    where = places()
    client.force_login(make_user("v-prio", Role.OFFICER, where.county))
    response = client.get(reverse("sewage:priorities"), {"region": where.county.code})
    rows = [rec for rec, _d in response.context["rows"]]
    assert rows, "the demo county has untreated villages"
    assert [r.tier for r in rows] == sorted(r.tier for r in rows)
    treated = set(
        TreatmentStatus.objects.filter(county=where.county)
        .exclude(
            village_id__in=TreatmentStatus.objects.filter(mode=Mode.UNTREATED).values("village_id")
        )
        .values_list("village_id", flat=True)
    )
    assert not {r.village.pk for r in rows} & treated


def test_decide_page_names_its_inputs(client: Client):
    where = places()
    client.force_login(make_user("v-decide-zh", Role.OFFICER, where.county))
    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("sewage:decide", args=[where.village.code])).content.decode()
    for key in ("location_class", "households_per_settlement", "yellow_river", "parameters_from"):
        assert key not in html
    assert "沿黄干线" in html and ("是" in html or "否" in html)
    assert "True" not in html and "False" not in html


def test_decide_page_records_an_override_and_refuses_outside(client: Client):
    where = places()
    officer = make_user("v-decide", Role.OFFICER, where.county)
    client.force_login(officer)
    page = reverse("sewage:decide", args=[where.village.code])
    response = client.get(page)
    assert response.status_code == 200
    recommended = response.context["rec"].mode
    other = Mode.REUSE if recommended != Mode.REUSE else Mode.SEWER
    refused = client.post(page, {"mode": other, "reason": "  "})
    assert refused.status_code == 400
    assert not ModeDecision.objects.filter(region=where.village).exists()
    html = refused.content.decode()
    assert f'<option value="{other}" selected>' in html  # the user's choice stays
    assert f'<option value="{recommended}" selected>' not in html
    done = client.post(page, {"mode": other, "reason": "距管网太远，村民愿意资源化利用"})
    assert done.status_code == 302
    decision = ModeDecision.objects.get(region=where.village)
    assert (decision.chosen_mode, decision.recommended_mode, decision.decided_by) == (
        other,
        recommended,
        officer,
    )
    assert (
        AuditEvent.objects.filter(
            object_type="sewage.modedecision", object_id=str(decision.pk), actor=officer
        ).count()
        == 1
    )
    assert client.get(reverse("sewage:decide", args=[where.other_village.code])).status_code == 404
    viewer = make_user("v-decide-viewer", Role.VIEWER, where.county)
    client.force_login(viewer)
    assert client.post(page, {"mode": recommended}).status_code == 404


def test_limits_are_edited_by_the_city_only(client: Client):
    where = places()
    url = reverse("sewage:limit-edit", args=["level_1", "cod"])
    client.force_login(make_user("v-lim-county", Role.ADMIN, where.county))
    assert client.get(url).status_code == 404
    client.force_login(make_user("v-lim-city", Role.OFFICER, where.city))
    response = client.post(
        url, {"minimum": "", "maximum": "50", "source": "DB37/3693-2019 表1", "verified": "on"}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(object_type="sewage.dischargelimit").count() == 1
    assert client.post(url, {"maximum": "50", "source": ""}).status_code == 400


def test_parameters_edit_inside_and_outside(client: Client):
    where = places()
    client.force_login(make_user("v-par", Role.OFFICER, where.county))
    assert (
        client.get(reverse("sewage:parameters-edit", args=[where.other_county.code])).status_code
        == 404
    )
    assert client.get(reverse("sewage:parameters-edit", args=[where.city.code])).status_code == 404
    data = _parameters()
    response = client.post(reverse("sewage:parameters-edit", args=[where.county.code]), data)
    assert response.status_code == 302
    bad = {**data, "reuse-om_low": "30"}
    assert (
        client.post(reverse("sewage:parameters-edit", args=[where.county.code]), bad).status_code
        == 400
    )


def _parameters(**changes: str) -> dict[str, str]:
    data = {
        "sewer_distance_km": "3",
        "plant_min_households": "250",
        "dispersed_households": "60",
        "small_population": "400",
        "reuse_available": "on",
        "source": "东昌府区一县一策 (待核实)",
    }
    for mode in ("sewer", "centralised", "decentralised", "reuse"):
        data.update(
            {
                f"{mode}-construction_low": "1000",
                f"{mode}-construction_high": "2000",
                f"{mode}-om_low": "10",
                f"{mode}-om_high": "20",
            }
        )
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "changes",
    [
        {"sewer_distance_km": "123456789.123"},  # more digits than the column holds
        {"sewer_distance_km": "Infinity"},
        {"sewer_distance_km": "NaN"},
        {"small_population": "99999999999999999999"},  # past the database's integers
        {"reuse-om_high": "99999999999999999999"},
        {"sewer_distance_km": "abc"},
    ],
)
def test_parameters_out_of_range_are_refused_and_kept_in_the_form(
    client: Client, changes: dict[str, str]
):
    where = places()
    client.force_login(make_user("v-par-bad", Role.OFFICER, where.county))
    url = reverse("sewage:parameters-edit", args=[where.county.code])
    response = client.post(url, _parameters(plant_min_households="222", **changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="222"' in html  # what the user typed stays
    for value in changes.values():
        assert f'value="{value}"' in html
    assert not ModeParameters.objects.filter(region=where.county).exists()
    # Every page reading the parameters still works.
    assert client.get(reverse("sewage:parameters")).status_code == 200


def test_a_limit_the_column_cannot_hold_is_refused(client: Client):
    where = places()
    client.force_login(make_user("v-lim-bad", Role.OFFICER, where.city))
    url = reverse("sewage:limit-edit", args=["level_1", "cod"])
    response = client.post(url, {"maximum": "12345678901.5", "source": "QA"})
    assert response.status_code == 400
    assert client.get(reverse("sewage:limits")).status_code == 200


def test_facility_page_cost_per_household_and_scope(client: Client):
    where = places()
    facility = _facility(where.village, households=50)
    officer = make_user("v-fac", Role.OFFICER, where.county)
    client.force_login(officer)
    page = reverse("sewage:facility", args=[facility.pk])
    assert (
        client.post(page, {"action": "cost", "year": "2025", "amount": "12500"}).status_code == 302
    )
    cost = OMCost.objects.get(facility=facility, year=2025)
    assert cost.amount == Decimal("12500")
    response = client.get(page)
    assert response.context["costs"][0][1] == Decimal("250")  # 12,500 yuan / 50 households
    assert AuditEvent.objects.filter(object_type="sewage.omcost", actor=officer).count() == 1
    other = _facility(where.other_village, "T-V-2")
    assert client.get(reverse("sewage:facility", args=[other.pk])).status_code == 404
    viewer = make_user("v-fac-viewer", Role.VIEWER, where.county)
    client.force_login(viewer)
    assert client.post(page, {"action": "cost", "year": "2025", "amount": "1"}).status_code == 404


def test_sludge_delivery_and_toilet_link(client: Client):
    from renju.toilets.choices import SludgeDestination
    from renju.toilets.models import HouseholdToilet, PumpOut

    where = places()
    facility = _facility(where.village, "T-V-3")
    officer = make_user("v-sludge", Role.OFFICER, where.county)
    client.force_login(officer)
    pumpout = (
        PumpOut.objects.filter(destination=SludgeDestination.TREATMENT, toilet__county=where.county)
        .exclude(pk__in=SludgeDelivery.objects.values("pumpout_id"))
        .first()
    )
    assert pumpout is not None
    page = reverse("sewage:facility", args=[facility.pk])
    today = datetime.date.today().isoformat()
    # No pump-out chosen (a Python error was shown), a delivery in 2099: refused in words.
    empty = client.post(page, {"action": "sludge", "pumpout": "", "delivered_on": today})
    assert empty.status_code == 400 and "invalid literal" not in empty.content.decode()
    later = {"action": "sludge", "pumpout": pumpout.pk, "delivered_on": "2099-01-01"}
    assert client.post(page, later).status_code == 400
    assert not SludgeDelivery.objects.filter(pumpout=pumpout).exists()
    assert (
        client.post(
            page, {"action": "sludge", "pumpout": pumpout.pk, "delivered_on": today}
        ).status_code
        == 302
    )
    delivery = SludgeDelivery.objects.get(pumpout=pumpout)
    assert (delivery.facility, delivery.volume) == (facility, pumpout.volume)
    assert (
        AuditEvent.objects.filter(object_type="sewage.sludgedelivery", actor=officer).count() == 1
    )
    again = client.post(page, {"action": "sludge", "pumpout": pumpout.pk, "delivered_on": today})
    assert again.status_code == 400
    reused = PumpOut.objects.filter(
        destination=SludgeDestination.REUSE, toilet__county=where.county
    ).first()
    if reused is not None:
        assert (
            client.post(
                page, {"action": "sludge", "pumpout": reused.pk, "delivered_on": today}
            ).status_code
            == 400
        )
    toilet = HouseholdToilet.objects.filter(county=where.county).first()
    assert toilet is not None
    assert client.post(page, {"action": "link", "toilet": toilet.qr_code}).status_code == 302
    assert ToiletLink.objects.get(toilet=toilet).facility == facility
    outside = HouseholdToilet.objects.filter(county=where.other_county).first()
    assert outside is not None
    assert client.post(page, {"action": "link", "toilet": outside.code}).status_code == 400
    assert not ToiletLink.objects.filter(toilet=outside).exists()


def test_yellow_river_view_lists_only_flagged_villages(client: Client):
    where = places()
    yanggu = "371521"
    user = make_user("v-yr", Role.VIEWER, where.city)
    client.force_login(user)
    response = client.get(reverse("sewage:yellow-river"), {"region": yanggu})
    rows = response.context["rows"]
    assert rows and all(r["village"].yellow_river for r in rows)
    assert response.context["total"] == len(rows)
