"""The recommendation rules on a village of each location class, at the edges of each
parameter (distance ≤ limit connects: inclusive; households ≥ plant minimum: inclusive;
households per settlement < dispersed threshold and residents < small threshold: exclusive),
and the accept/override decision (audited, scoped)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import translation

from renju.accounts.choices import Role
from renju.core.models import AuditEvent
from renju.core.testing import make_user, places
from renju.regions.choices import LocationClass
from renju.regions.models import Region
from renju.sewage import actions
from renju.sewage.choices import Mode
from renju.sewage.recommend import (
    DEFAULT_COSTS,
    Params,
    distance_km,
    priority,
    recommend,
    recommend_many,
)

LAT, LON = 36.45, 115.98


def params(**extra: object) -> Params:
    values: dict[str, object] = {
        "sewer_distance_km": Decimal("2.0"),
        "plant_min_households": 300,
        "dispersed_households": 80,
        "small_population": 500,
        "reuse_available": True,
        "source": "test",
        "costs": dict(DEFAULT_COSTS),
    }
    values.update(extra)
    return Params(**values)  # type: ignore[arg-type]


def village(cls: str, households: int = 400, residents: int = 1000, **extra: object) -> Region:
    return Region(
        code="371502100201",
        name="测试村",
        level=5,
        location_class=cls,
        household_count=households,
        resident_population=residents,
        latitude=LAT,
        longitude=LON,
        **extra,
    )


def far() -> list[tuple[float, float, str]]:
    return [(LAT + 0.1, LON, "镇污水处理厂")]  # ~11 km north


def test_urban_fringe_near_a_sewer_connects():
    point = [(LAT + 0.01, LON, "镇污水处理厂")]  # ~1.1 km
    rec = recommend(village(LocationClass.URBAN_FRINGE), params(), point)
    assert rec.mode == Mode.SEWER
    assert rec.cost == DEFAULT_COSTS[Mode.SEWER]
    assert rec.tier == 1


def test_connection_distance_is_inclusive():
    point = [(LAT + 0.02, LON, "plant")]
    d = distance_km(LAT, LON, LAT + 0.02, LON)
    at = params(sewer_distance_km=Decimal(repr(d)))
    assert recommend(village(LocationClass.ORDINARY), at, point).mode == Mode.SEWER
    below = params(sewer_distance_km=Decimal(repr(d)) - Decimal("0.001"))
    assert recommend(village(LocationClass.ORDINARY), below, point).mode != Mode.SEWER


def test_town_seat_far_from_a_sewer_gets_a_plant_from_the_minimum_up():
    assert (
        recommend(village(LocationClass.TOWN_SEAT, 300), params(), far()).mode == Mode.CENTRALISED
    )
    small = recommend(village(LocationClass.TOWN_SEAT, 299), params(), far())
    assert small.mode == Mode.DECENTRALISED


def test_central_village_dispersed_over_hamlets_uses_reuse():
    # 320 households in 4 settlements = 80 per settlement: not dispersed (threshold exclusive).
    assert (
        recommend(village(LocationClass.CENTRAL, 320), params(), far(), 4).mode == Mode.CENTRALISED
    )
    # 316 in 4 = 79: dispersed.
    rec = recommend(village(LocationClass.CENTRAL, 316), params(), far(), 4)
    assert rec.mode == Mode.REUSE
    assert rec.inputs["households_per_settlement"] == 79.0


def test_ordinary_village_plant_or_units_by_size():
    assert recommend(village(LocationClass.ORDINARY, 500), params(), far()).mode == Mode.CENTRALISED
    assert (
        recommend(village(LocationClass.ORDINARY, 200), params(), far()).mode == Mode.DECENTRALISED
    )
    rec = recommend(village(LocationClass.ORDINARY, 500, residents=499), params(), far())
    assert rec.mode == Mode.REUSE  # fewer than 500 residents: small
    assert (
        recommend(village(LocationClass.ORDINARY, 500, residents=500), params(), far()).mode
        == Mode.CENTRALISED
    )


def test_remote_village_reuse_or_units_by_county_options():
    assert recommend(village(LocationClass.REMOTE), params(), far()).mode == Mode.REUSE
    rec = recommend(village(LocationClass.REMOTE), params(reuse_available=False), far())
    assert rec.mode == Mode.DECENTRALISED
    assert rec.tier == 3


def test_no_known_sewer_is_said():
    rec = recommend(village(LocationClass.CENTRAL), params(), [])
    assert rec.mode == Mode.CENTRALISED
    assert rec.inputs["nearest_sewer_km"] is None
    assert len(rec.reasons) == 2


def test_yellow_river_village_is_priority_and_level_1():
    rec = recommend(village(LocationClass.ORDINARY, 500, yellow_river=True), params(), far())
    assert rec.tier == 1
    assert rec.discharge_level == "level_1"


def test_priority_tiers_of_each_class():
    assert priority(village(LocationClass.URBAN_FRINGE))[0] == 1
    assert priority(village(LocationClass.TOWN_SEAT))[0] == 1
    assert priority(village(LocationClass.CENTRAL))[0] == 1
    assert priority(village(LocationClass.ORDINARY))[0] == 2
    assert priority(village(LocationClass.REMOTE))[0] == 3
    assert priority(village(LocationClass.REMOTE, yellow_river=True))[0] == 1


@pytest.mark.django_db
def test_county_parameters_override_the_city_and_are_audited():
    where = places()
    officer = make_user("rec-county", Role.OFFICER, where.county)
    costs = dict.fromkeys(["sewer", "centralised", "decentralised", "reuse"], (1, 2, 3, 4))
    values = {
        "sewer_distance_km": Decimal("50"),
        "plant_min_households": 10,
        "dispersed_households": 1,
        "small_population": 1,
        "reuse_available": False,
        "source": "县方案 2026 (待核实)",
    }
    with pytest.raises(actions.PermissionDenied):
        actions.save_parameters(officer, where.other_county, values, costs)
    with pytest.raises(actions.PermissionDenied):
        actions.save_parameters(officer, where.city, values, costs)
    actions.save_parameters(officer, where.county, values, costs)
    assert (
        AuditEvent.objects.filter(object_type="sewage.modeparameters", county=where.county).count()
        == 1
    )
    rec = recommend_many([where.village], officer)[0]
    assert rec.inputs["parameters_from"] == where.county.code
    assert rec.cost == (1, 2, 3, 4)


@pytest.mark.django_db
def test_accept_or_override_with_a_reason():
    where = places()
    officer = make_user("rec-officer", Role.OFFICER, where.county)
    viewer = make_user("rec-viewer", Role.VIEWER, where.county)
    rec = recommend_many([where.village], officer)[0]
    accepted = actions.decide(officer, rec, rec.mode)
    assert accepted.accepted and accepted.trace["mode"] == rec.mode
    other = next(m for m in (Mode.REUSE, Mode.SEWER) if m != rec.mode)
    with pytest.raises(ValueError, match="reason"):
        actions.decide(officer, rec, other, "  ")
    overridden = actions.decide(officer, rec, other, "村民意愿：就近资源化利用")
    assert not overridden.accepted
    notes = list(
        AuditEvent.objects.filter(object_type="sewage.modedecision", region=where.village)
        .order_by("pk")
        .values_list("note", flat=True)
    )
    assert notes == ["accepted", "overridden"]
    with pytest.raises(actions.PermissionDenied):
        actions.decide(viewer, rec, rec.mode)
    outside = recommend_many([where.other_village], None)[0]
    with pytest.raises(actions.PermissionDenied):
        actions.decide(officer, outside, outside.mode)


@pytest.fixture(autouse=True)
def _messages_in_english() -> Iterator[None]:
    """The messages above are checked as written in the code (the English msgids)."""
    with translation.override("en"):
        yield
