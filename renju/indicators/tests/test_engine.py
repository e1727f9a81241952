"""Indicator engine: hand-computed toilet indicators, roll-up by sums, no-data, plans, merges."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from renju.cases.models import Case
from renju.core.models.audit import AuditEvent
from renju.households.models import Household
from renju.indicators import engine
from renju.indicators.models import IndicatorValue, Target
from renju.indicators.registry import get_indicator
from renju.regions import changes
from renju.regions.choices import Kind, Level
from renju.regions.models import Region
from renju.toilets.models import HouseholdToilet

pytestmark = pytest.mark.django_db


def village(town: Region, suffix: str) -> Region:
    return Region.objects.create(
        code=f"{town.code}{suffix}",
        name=f"测试村{suffix}",
        level=Level.VILLAGE,
        kind=Kind.VILLAGE_COMMITTEE,
        parent=town,
    )


def households(
    v: Region, types: list[str], conditions: list[str] | None = None
) -> list[HouseholdToilet]:
    toilets = []
    for i, toilet_type in enumerate(types, start=1):
        h = Household.objects.create(code=f"{v.code}{i:04d}", region=v, head_name="王", members=2)
        if toilet_type:
            toilets.append(
                HouseholdToilet.objects.create(
                    code=f"{h.code}01",
                    household=h,
                    region=v,
                    toilet_type=toilet_type,
                    condition=(conditions or ["usable"] * len(types))[i - 1],
                )
            )
    return toilets


@pytest.fixture
def town() -> Region:
    return Region.objects.current().get(code="371502100")  # 侯营镇


def test_sanitary_coverage_and_roll_up_by_sums(town):
    a, b, empty = village(town, "901"), village(town, "902"), village(town, "903")
    # a: 3 households, 2 sanitary toilets + 1 without a toilet -> 2/3
    households(a, ["three_compartment", "double_urn", ""])
    # b: 1 household with a non-sanitary toilet -> 0/1
    households(b, ["non_sanitary"])
    parts = get_indicator("toilets.sanitary_coverage").compute([a.pk, b.pk, empty.pk])
    assert parts[a.pk] == (2.0, 3.0)
    assert parts[b.pk] == (0.0, 1.0)
    assert empty.pk not in parts  # no households: no data, not zero
    tree = engine._Tree(
        [a.pk, b.pk, empty.pk],
        {v.pk: [(v.pk, Level.VILLAGE), (town.pk, Level.TOWN)] for v in (a, b, empty)},
    )
    totals = engine.roll_up(tree, parts)
    assert totals[(town.pk, Level.TOWN)] == (2.0, 4.0)  # 50%, not the mean of 66.7% and 0%
    assert totals[(empty.pk, Level.VILLAGE)] == (None, None)
    indicator = get_indicator("toilets.sanitary_coverage")
    assert indicator.value(2, 4) == 50.0
    assert indicator.value(None, None) is None
    assert indicator.value(0, 0) is None


def test_usable_rate(town):
    a = village(town, "911")
    households(a, ["three_compartment"] * 4, ["usable", "usable", "unusable", "hard_to_use"])
    assert get_indicator("toilets.usable_rate").compute([a.pk])[a.pk] == (2.0, 4.0)


def _case(v: Region, category: str, state: str, n: int, **extra) -> Case:
    return Case.objects.create(
        code=f"X{v.code}{category[-4:]}{n}",
        category=category,
        source="staff",
        region=v,
        state=state,
        **extra,
    )


def test_case_indicators(town):
    v = village(town, "921")
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    _case(v, "toilet.problem", "closed", 1)
    _case(v, "toilet.problem", "resolved", 2)
    _case(v, "toilet.problem", "assigned", 3)
    _case(v, "toilet.problem", "rejected", 4)
    assert get_indicator("toilets.rectification_rate").compute([v.pk])[v.pk] == (2.0, 3.0)
    _case(v, "toilet.full", "confirmed", 1, deadline=now, resolved_at=now - hour, rating=5)
    _case(v, "toilet.full", "closed", 2, deadline=now - 2 * hour, resolved_at=now - hour, rating=3)
    _case(v, "toilet.full", "assigned", 3, deadline=now - hour)  # overdue, still open
    _case(v, "toilet.full", "assigned", 4, deadline=now + hour)  # not due yet: not counted
    assert get_indicator("toilets.pumpout_on_time").compute([v.pk])[v.pk] == (1.0, 3.0)
    assert get_indicator("toilets.satisfaction").compute([v.pk])[v.pk] == (1.0, 2.0)


def test_recompute_keeps_values_and_plan_target_overrides(town):
    v = village(town, "931")
    households(v, ["three_compartment", "non_sanitary"])
    engine.recompute("3715", keys=["toilets.sanitary_coverage"])
    kept = IndicatorValue.objects.get(
        indicator="toilets.sanitary_coverage", region=v, period_kind="month"
    )
    assert (kept.numerator, kept.denominator) == (1.0, 2.0)
    county = Region.objects.current().get(code="371502")
    Target.objects.filter(region=county).delete()  # whatever the demo's plan set
    reading = engine.readings([county], keys=["toilets.sanitary_coverage"])[0]
    assert reading.target is None and reading.status == "grey"
    Target.objects.create(
        indicator="toilets.sanitary_coverage",
        region=county,
        year=timezone.localdate().year,
        value=95,
        source="东昌府区一县一策",
    )
    reading = engine.readings([county], keys=["toilets.sanitary_coverage"])[0]
    assert reading.target == 95
    assert reading.status in {"green", "amber", "red"}
    assert reading.target_source == "东昌府区一县一策"


def test_a_refresh_writes_only_the_values_that_changed(town):
    v = village(town, "951")
    toilets = households(v, ["three_compartment", "non_sanitary"])
    key = "toilets.sanitary_coverage"
    engine.recompute("3715", keys=[key])
    rows = IndicatorValue.objects.filter(indicator=key)
    before = dict(rows.values_list("pk", "computed_at"))
    assert engine.recompute("3715", keys=[key]) and rows.count() == len(before)
    assert dict(rows.values_list("pk", "computed_at")) == before  # nothing written again
    HouseholdToilet.objects.filter(pk=toilets[1].pk).update(toilet_type="double_urn")
    engine.recompute("3715", keys=[key])
    changed = rows.exclude(pk__in=list(before))
    # The village, its town, county and city: this month's, quarter's and year's rows.
    assert sorted(set(changed.values_list("level", flat=True))) == [
        Level.CITY,
        Level.COUNTY,
        Level.TOWN,
        Level.VILLAGE,
    ]
    assert changed.count() == 4 * 3 and rows.count() == len(before)
    mine = rows.get(region=v, period_kind="month")
    assert (mine.numerator, mine.denominator) == (2.0, 2.0)
    event = AuditEvent.objects.filter(object_type="indicators.indicatorvalue").latest("pk")
    assert event.changes["rows_written"] == [None, 12]


def test_merged_village_history_stays_under_old_unit(town):
    a, b = village(town, "941"), village(town, "942")
    households(a, ["three_compartment"])
    households(b, ["non_sanitary"])
    engine.recompute("3715", keys=["toilets.sanitary_coverage"])
    merged = changes.merge(
        [a, b], changes.NewUnit(f"{town.code}943", "合并村"), timezone.localdate()
    )
    target = merged.targets.get()
    # The old units keep this period's values as they were; the new unit gets its own on refresh.
    old = IndicatorValue.objects.get(
        indicator="toilets.sanitary_coverage", region=a, period_kind="month"
    )
    assert (old.numerator, old.denominator) == (1.0, 1.0)
    engine.recompute("3715", keys=["toilets.sanitary_coverage"])
    new = IndicatorValue.objects.get(
        indicator="toilets.sanitary_coverage", region=target, period_kind="month"
    )
    assert (new.numerator, new.denominator) == (1.0, 2.0)
    assert IndicatorValue.objects.filter(region=a).exists()


def test_status_lights():
    indicator = get_indicator("toilets.usable_rate")
    assert indicator.status(95, 90) == "green"
    assert indicator.status(85, 90) == "amber"
    assert indicator.status(50, 90) == "red"
    assert indicator.status(None, 90) == "grey"
