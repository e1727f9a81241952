"""Daily records and overflow cases: scope, audit, routing; the other indicators."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from renju.accounts.choices import Role
from renju.accounts.demo import DEMO_COUNTY
from renju.cases.choices import State
from renju.core.models import AuditEvent
from renju.core.testing import make_user, places
from renju.regions.choices import Level
from renju.regions.models import Region

from .. import indicators, records
from ..models import (
    Collection,
    CollectionPoint,
    ConstructionSite,
    RecyclingPoint,
    RecyclingRecord,
    Transfer,
    TransferStation,
    TreatmentPlant,
)

pytestmark = pytest.mark.django_db


def test_a_collection_is_scoped_and_audited():
    p = places()
    user = make_user("rec-village", Role.OFFICER, p.village)
    row = records.record_collection(user, p.village, datetime.date(2020, 1, 1), volume_l=1000)
    assert (row.weight_kg, row.estimated, row.county_id) == (250, True, p.county.pk)  # 0.25 t/m³
    events = AuditEvent.objects.filter(object_type="waste.collection", object_id=str(row.pk))
    assert [(e.actor_id, e.village_id) for e in events] == [(user.pk, p.village.pk)]
    with pytest.raises(PermissionDenied):
        records.record_collection(user, p.other_village, datetime.date(2020, 1, 1), weight_kg=5)


def test_a_transfer_is_scoped_and_audited():
    p = places()
    station = TransferStation.objects.create(
        code="T-RC-ZZ", name="站", region=p.town, capacity_t_day=10
    )
    plant = TreatmentPlant.objects.create(
        code="T-RC-P", name="厂", region=p.county, kind="incineration", capacity_t_day=10
    )
    user = make_user("rec-town", Role.OFFICER, p.town)
    row = records.record_transfer(user, station, plant, datetime.date(2020, 1, 1), 4200)
    assert (row.town_id, row.county_id) == (p.town.pk, p.county.pk)
    assert (
        AuditEvent.objects.filter(object_type="waste.transfer", object_id=str(row.pk)).count() == 1
    )
    stranger = make_user("rec-far", Role.OFFICER, p.other_county)
    with pytest.raises(PermissionDenied):
        records.record_transfer(stranger, station, plant, datetime.date(2020, 1, 1), 10)


def test_records_are_restricted_to_the_users_regions():
    p = places()
    county_user = make_user("rec-c", Role.VIEWER, p.county)
    town_user = make_user("rec-t", Role.VIEWER, p.town)
    city_user = make_user("rec-city", Role.VIEWER, p.city)
    for who in (county_user, town_user, city_user):
        seen = Collection.objects.restrict(who)
        assert seen.exists()
    assert not Collection.objects.restrict(county_user).exclude(county=p.county).exists()
    assert not Collection.objects.restrict(town_user).exclude(town=p.town).exists()
    assert Collection.objects.restrict(city_user).count() == Collection.objects.count()
    assert not Transfer.objects.restrict(county_user).exclude(county=p.county).exists()


def test_overflow_becomes_a_case_for_the_operator():
    p = places()
    point = CollectionPoint.objects.create(
        code="T-RC-CP", name="收集点", region=p.village, bins=4, capacity_m3=Decimal("0.96")
    )
    case, created = records.report_overflow(point, reporter_name="网格员")
    assert created and case.state == State.ASSIGNED
    assert case.assigned_org is not None
    assert case.assigned_org.code == f"DEMO-{DEMO_COUNTY}-WASTE"  # WASTE_COLLECTION area
    again, created = records.report_overflow(point, reporter_name="村民")
    assert not created and again.pk == case.pk


# --- ledger indicators, hand-computed on three villages cleared of demo rows ----------------


def _three() -> list[Region]:
    villages = list(
        Region.objects.current()
        .filter(
            town=places().town, level=Level.VILLAGE, kind__in=indicators.ADMINISTRATIVE_VILLAGES
        )
        .order_by("code")[:3]
    )
    assert len(villages) == 3
    for model in (CollectionPoint, ConstructionSite, RecyclingRecord):
        model.objects.filter(village__in=villages).delete()
    return villages


def test_sorted_collection_counts_villages_not_points():
    a, b, c = _three()
    for n, (village, sorting) in enumerate([(a, True), (a, False), (b, False)]):
        CollectionPoint.objects.create(
            code=f"T-SC-{n}", name="点", region=village, bins=4, capacity_m3=1, sorting=sorting
        )
    parts = indicators.sorted_collection([a.pk, b.pk, c.pk])
    assert parts == {a.pk: (1.0, 1.0), b.pk: (0.0, 1.0)}  # c: no points, no data


def test_site_coverage_counts_sites_in_use_or_full():
    a, b, c = _three()
    ConstructionSite.objects.create(
        code="T-JZ-a", name="点", region=a, location="村西", capacity_m3=50
    )
    ConstructionSite.objects.create(
        code="T-JZ-b", name="点", region=b, location="村西", capacity_m3=50, state="closed"
    )
    assert indicators.site_coverage([a.pk, b.pk, c.pk]) == {
        a.pk: (1.0, 1.0),
        b.pk: (0.0, 1.0),
        c.pk: (0.0, 1.0),
    }


def test_recycling_volume_is_tonnes_in_the_last_365_days():
    a, b, _c = _three()
    point = RecyclingPoint.objects.create(code="T-HS", name="回收点", region=a)
    today = timezone.localdate()
    for n, (kg, age) in enumerate([(1200, 10), (300, 364), (999, 366)]):
        RecyclingRecord.objects.create(
            code=f"T-HSR-{n}",
            point=point,
            region=a,
            recorded_on=today - datetime.timedelta(days=age),
            material="agricultural_film",
            weight_kg=kg,
        )
    parts = indicators.recycling_volume([a.pk, b.pk], today)
    assert parts == {a.pk: (1.5, 1.0)}


@pytest.mark.parametrize(("kg", "valid"), [("0.1", True), ("0.0", False), ("-0.1", False)])
def test_the_smallest_recycling_weight_is_accepted(kg: str, valid: bool):
    """0.1 kg is the least a record may weigh; a float bound (0.1000…0555) refused 0.1 itself."""
    p = places()
    point = RecyclingPoint.objects.create(code="T-HS-MIN", name="回收点", region=p.village)
    row = RecyclingRecord(
        code="T-HSR-MIN",
        point=point,
        region=p.village,
        recorded_on=datetime.date(2026, 5, 1),
        material="agricultural_film",
        weight_kg=Decimal(kg),
    )
    errors: dict[str, list[str]] = {}
    try:
        row.full_clean()
    except ValidationError as exc:
        errors = exc.message_dict
    assert ("weight_kg" not in errors) is valid, errors
