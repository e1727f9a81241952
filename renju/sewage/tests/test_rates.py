"""Hand-computed indicator fixtures.

Three villages of one town, their demo rows removed:
  A (200 households): one sewer row serving 300 → treated; households capped at 200.
  B (80 households): reuse serving 50 + an untreated hamlet row → not treated; 50 served.
  C: no row → no data (absent, not zero).
Village rate: A (1, 1), B (0, 1) → 1/2. Household rate: A (200, 200), B (50, 80) → 250/280.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from renju.core.testing import places
from renju.regions.choices import Level
from renju.regions.models import Region
from renju.sewage import indicators
from renju.sewage.choices import DischargeLevel, FacilityKind, Mode, RunningState
from renju.sewage.models import SewageFacility, TreatmentStatus, WaterTest

pytestmark = pytest.mark.django_db


def _villages() -> list[Region]:
    where = places()
    villages = list(
        Region.objects.current().filter(parent=where.town, level=Level.VILLAGE).order_by("code")[:3]
    )
    assert len(villages) == 3
    TreatmentStatus.objects.filter(village__in=villages).delete()
    return villages


def _status(
    village: Region, code: str, mode: str, served: int, region: Region | None = None
) -> None:
    TreatmentStatus(code=code, region=region or village, mode=mode, households_served=served).save()


def test_village_and_household_rates():
    a, b, c = _villages()
    Region.objects.filter(pk=a.pk).update(household_count=200, yellow_river=True)
    Region.objects.filter(pk=b.pk).update(household_count=80, yellow_river=True)
    _status(a, "T-R-A", Mode.SEWER, 300)
    _status(b, "T-R-B1", Mode.REUSE, 50)
    _status(b, "T-R-B2", Mode.UNTREATED, 0)
    ids = [a.pk, b.pk, c.pk]
    assert indicators.village_rate(ids) == {a.pk: (1.0, 1.0), b.pk: (0.0, 1.0)}
    assert indicators.household_rate(ids) == {a.pk: (200.0, 200.0), b.pk: (50.0, 80.0)}
    assert indicators.yellow_river_rate(ids) == {a.pk: (1.0, 1.0), b.pk: (0.0, 1.0)}
    # Treating B's untreated part makes B treated.
    TreatmentStatus.objects.filter(code="T-R-B2").update(
        mode=Mode.DECENTRALISED, households_served=30
    )
    assert indicators.village_rate(ids)[b.pk] == (1.0, 1.0)
    assert indicators.household_rate(ids)[b.pk] == (80.0, 80.0)


def test_normal_operation_rate_counts_running_facilities_only():
    a = _villages()[0]
    before = indicators.normal_rate([a.pk]).get(a.pk, (0.0, 0.0))
    for n, state in enumerate(
        [
            RunningState.NORMAL,
            RunningState.NORMAL,
            RunningState.FAULT,
            RunningState.STOPPED,
            RunningState.BUILDING,
        ]
    ):
        SewageFacility(
            code=f"T-R-F{n}",
            name="站",
            kind=FacilityKind.CLUSTER,
            region=a,
            design_capacity=Decimal("5"),
            running_state=state,
        ).save()
    # +2 normal of +4 that should run (the one under construction is left out).
    assert indicators.normal_rate([a.pk])[a.pk] == (before[0] + 2, before[1] + 4)


def test_compliance_rate_over_the_last_year():
    a = _villages()[0]
    before = indicators.compliance_rate([a.pk]).get(a.pk, (0.0, 0.0))
    facility = SewageFacility(
        code="T-R-P",
        name="站",
        kind=FacilityKind.CLUSTER,
        region=a,
        design_capacity=Decimal("5"),
        discharge_level=DischargeLevel.LEVEL_2,
    )
    facility.save()
    today = timezone.localdate()
    values = [
        (Decimal("100"), 5),  # at the level-2 COD limit: complies
        (Decimal("100.5"), 5),  # over
        (Decimal("20"), 400),  # complies but older than a year: not counted
    ]
    for n, (cod, days) in enumerate(values):
        WaterTest(
            code=f"T-R-WT{n}",
            facility=facility,
            region=a,
            sampled_on=today - datetime.timedelta(days=days),
            lab="L",
            ph=Decimal("7"),
            cod=cod,
            ss=Decimal("10"),
            nh3n=Decimal("2"),
        ).save()
    assert indicators.compliance_rate([a.pk])[a.pk] == (before[0] + 1, before[1] + 2)


def test_village_rate_default_target_cites_liaocheng():
    from renju.indicators.registry import get_indicator

    indicator = get_indicator("sewage.village_rate")
    assert indicator.target == 55.0
    assert "55%" in indicator.target_source
