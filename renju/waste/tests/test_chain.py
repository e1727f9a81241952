"""The chain view, its gap flags and the rates, against the hand-computed fixture."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from renju.accounts.choices import Role
from renju.core.models import AuditEvent
from renju.core.models.audit import AuditAction
from renju.core.testing import make_user, places

from .. import chain, indicators
from ..chain import Period, StationRow, longest_gap
from .fixtures import PERIOD, SHARE, build_chain

pytestmark = pytest.mark.django_db


def d(n: int) -> datetime.date:
    return datetime.date(2020, 3, n)


# --- the edges of the interval rule (exclusive: exactly the interval is on time) ------------


def test_longest_gap_counts_from_the_day_before_the_period():
    assert longest_gap([d(n) for n in range(1, 11)], PERIOD) == 1
    assert longest_gap([d(n) for n in range(2, 11, 2)], PERIOD) == 2  # every other day
    assert longest_gap([d(3), d(5), d(7), d(9)], PERIOD) == 3  # 29 Feb → 3 Mar


def test_the_period_end_is_still_running():
    # The last day may not be collected yet: missing only the 10th waits 1 day.
    assert longest_gap([d(n) for n in range(1, 10)], PERIOD) == 1
    assert longest_gap([d(n) for n in range(1, 9)], PERIOD) == 2
    assert longest_gap([], PERIOD) == PERIOD.days + 1


def test_station_balance_edge_is_exclusive():
    station = StationRow(station=None, received_kg=1000, sent_kg=900, harmless_sent_kg=900)  # type: ignore[arg-type]
    assert not station.imbalance  # exactly 10%
    station.sent_kg = station.harmless_sent_kg = 899
    assert station.imbalance
    assert station.flags  # out differs from in


# --- the chain view ------------------------------------------------------------------------


def test_chain_of_the_town_is_hand_computed():
    fx = build_chain()
    view = chain.chain_view(fx.town, PERIOD)
    rows = {r.village.pk: r for r in view.villages}
    v1, v2, v3 = rows[fx.v1.pk], rows[fx.v2.pk], rows[fx.v3.pk]
    assert (v1.collected_kg, v1.days, v1.gap, v1.late) == (1000, 10, 1, False)
    assert (v2.collected_kg, v2.days, v2.gap, v2.late) == (1600, 8, 3, True)
    assert (v3.interval, v3.collected_kg, v3.loads, v3.days) == (2, 280, 6, 5)
    assert (v3.gap, v3.late, v3.to_plant_kg, v3.unrecorded_kg) == (2, False, 250, 30)
    assert v1.harmless_kg == pytest.approx(1000 * SHARE)
    assert v2.harmless_kg == pytest.approx(1600 * SHARE)
    assert v3.harmless_kg == 250
    assert any("destination" in f or "去向" in f for f in v3.flags)
    assert v1.flags == []
    # Villages of the town with nothing in the period are flagged as not collected.
    others = [r for pk, r in rows.items() if pk not in {fx.v1.pk, fx.v2.pk, fx.v3.pk}]
    assert all(r.late and r.loads == 0 for r in others)

    station = next(s for s in view.stations if s.station.pk == fx.station.pk)
    assert (station.received_kg, station.sent_kg, station.harmless_sent_kg) == (2600, 2400, 2000)
    assert not station.imbalance
    assert len(station.flags) == 1  # sent to a plant that is not harmless
    plants = {p.plant.pk: p for p in view.plants}
    assert (plants[fx.p1.pk].from_stations_kg, plants[fx.p1.pk].direct_kg) == (2000, 250)
    assert plants[fx.p2.pk].arrived_kg == 400
    assert (view.collected_kg, view.at_stations_kg, view.at_plants_kg) == (2880, 2600, 2650)
    assert view.harmless_rate == pytest.approx(2250 / 2880)  # 78.125%


def test_county_chain_includes_the_town():
    build_chain()
    view = chain.chain_view(places().county, PERIOD)
    assert view.collected_kg == 2880
    assert view.harmless_rate == pytest.approx(0.78125)


def test_a_village_is_not_a_chain_region():
    with pytest.raises(ValueError, match="town or a county"):
        chain.chain_view(places().village, PERIOD)


# --- indicators ------------------------------------------------------------------------------


def test_harmless_rate_parts_per_village():
    fx = build_chain()
    parts = indicators.harmless_rate([fx.v1.pk, fx.v2.pk, fx.v3.pk], PERIOD)
    assert parts[fx.v1.pk] == pytest.approx((1000 * SHARE, 1000))
    assert parts[fx.v2.pk] == pytest.approx((1600 * SHARE, 1600))
    assert parts[fx.v3.pk] == (250, 280)
    assert sum(n for n, _d in parts.values()) / sum(d for _n, d in parts.values()) == 0.78125


def test_harmless_rate_on_the_generated_basis(settings):
    fx = build_chain()
    settings.RENJU_WASTE_HARMLESS_BASIS = "generated"
    settings.RENJU_WASTE_GENERATION_KG = "0.5"
    fx.v1.refresh_from_db()
    people = fx.v1.resident_population or fx.v1.registered_population
    assert people
    parts = indicators.harmless_rate([fx.v1.pk], PERIOD)
    assert parts[fx.v1.pk] == pytest.approx((1000 * SHARE, people * 0.5 * 10))


def test_collection_timeliness_parts():
    fx = build_chain()
    parts = indicators.collection_timeliness([fx.v1.pk, fx.v2.pk, fx.v3.pk], PERIOD)
    assert parts[fx.v1.pk] == (10, 10)
    assert parts[fx.v2.pk] == (8, 10)
    assert parts[fx.v3.pk] == (5, 5)  # 2-day interval: 5 due


# --- the page: scope, export, audit -------------------------------------------------------


def test_chain_page_for_the_town_and_its_export(client: Client):
    fx = build_chain()
    user = make_user("w-county", Role.OFFICER, places().county)
    client.force_login(user)
    params = {"region": fx.town.code, "since": "2020-03-01", "until": "2020-03-10"}
    response = client.get("/waste/chain/", params)
    assert response.status_code == 200
    assert response.context["region"] == fx.town
    assert response.context["harmless_pct"] == "78.1%"
    flagged = client.get("/waste/chain/", {**params, "flagged": "1"}).context["villages"]
    assert fx.v2.pk in {v.village.pk for v in flagged}
    assert fx.v1.pk not in {v.village.pk for v in flagged}
    before = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=user).count()
    export = client.get("/waste/chain/", {**params, "format": "csv"})
    assert export.status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=user).count() == before + 1


def test_chain_page_does_not_show_another_county(client: Client):
    fx = build_chain()
    user = make_user("w-other", Role.OFFICER, places().other_county)
    client.force_login(user)
    assert client.get("/waste/chain/", {"region": fx.town.code}).status_code == 404
    response = client.get("/waste/chain/")  # without a code: her own county
    assert response.status_code == 200
    assert response.context["region"].county_id == places().other_county.pk


def test_chain_page_needs_a_grant(client: Client):
    user = make_user("w-none", Role.OFFICER, places().county)
    user.grants.all().delete()
    client.force_login(user)
    assert client.get("/waste/chain/").status_code == 404


def test_period_is_one_year_at_most():
    from ..views import period_from

    period = period_from({"since": "2018-01-01", "until": "2020-03-10"})
    assert period.days == 367
    assert period_from({"since": "2020-03-10", "until": "2020-03-01"}) == Period(d(1), d(10))


def test_a_village_officer_does_not_see_the_towns_chain(client: Client):
    user = make_user("w-village", Role.OFFICER, places().village)
    client.force_login(user)
    # The town is above her grant: its chain (every village of it) is not found.
    assert client.get("/waste/chain/", {"region": places().town.code}).status_code == 404
