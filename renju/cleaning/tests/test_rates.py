"""The four cleaning indicators on hand-computed fixtures, with their edges."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from renju.accounts.choices import Role
from renju.core.testing import make_user
from renju.regions.models import Region

from .. import indicators, reports
from ..choices import FindingStatus
from ..models import Finding, StaffingNorm, WagePayment
from ..staffing import DEFAULT_NORM, norm_for
from .helpers import city_item, cleaner, empty_town, inspection, wage

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 11)


def test_score_rolls_up_as_sums_not_averages_with_a_365_day_window() -> None:
    """Village A: 90 and 80 (the second exactly 364 days back: inside); a visit 365 days back
    is outside. Village B: 100. A = 170/2 = 85; B = 100/1; town = 270/3 = 90 (not 92.5)."""
    town, (a, b, *_rest) = empty_town()
    inspection(a, TODAY, "90")
    inspection(a, TODAY - datetime.timedelta(days=364), "80")
    inspection(a, TODAY - datetime.timedelta(days=365), "10")  # outside the window
    inspection(a, TODAY + datetime.timedelta(days=1), "0")  # not yet (a typo in the future)
    inspection(b, TODAY, "100")
    parts = indicators.cleanliness_score([a.pk, b.pk], today=TODAY)
    assert parts == {a.pk: (170.0, 2.0), b.pk: (100.0, 1.0)}
    numerator = sum(n for n, _d in parts.values())
    denominator = sum(d for _n, d in parts.values())
    assert numerator / denominator == 90.0
    user = make_user("cl-score-viewer", Role.VIEWER, town)
    rows = reports.summary(user, town, today=TODAY)
    total = reports.total(rows, town)
    assert (total.inspections, total.score) == (3, 90.0)
    assert {r.region.pk: r.score for r in rows if r.inspections} == {a.pk: 85.0, b.pk: 100.0}


def test_village_without_inspections_has_no_score_not_zero() -> None:
    _town, (a, b, *_rest) = empty_town()
    inspection(a, TODAY, "95")
    assert b.pk not in indicators.cleanliness_score([a.pk, b.pk], today=TODAY)


def test_staffing_ratio_against_the_county_norm() -> None:
    """1,500 residents × 2.5 / 1,000 = 3.75 required; 3 active (one inactive not counted):
    3 / 3.75 = 80%. The county's norm overrides the city's."""
    _town, (a, *_rest) = empty_town()
    Region.objects.filter(pk=a.pk).update(resident_population=1500)
    a.refresh_from_db()
    StaffingNorm(
        code="T-NORM-TEST", region=a.county, cleaners_per_thousand=Decimal("2.5"), source="测试"
    ).save()
    for _ in range(3):
        cleaner(a)
    cleaner(a, active=False)
    assert norm_for(a)[0] == Decimal("2.5")
    parts = indicators.staffing_ratio([a.pk])
    assert parts == {a.pk: (3.0, 3.75)}
    assert parts[a.pk][0] / parts[a.pk][1] == 0.8


def test_staffing_default_norm_is_marked_unverified() -> None:
    _town, (a, *_rest) = empty_town()
    norm, source = norm_for(a, norms={})
    assert norm == DEFAULT_NORM
    assert "待核实" in source


def test_wage_on_time_rate_counts_late_payments_as_late() -> None:
    """Due 01-10 paid 01-10: on time (the due day itself is on time). Due 02-10 paid 02-11:
    late. Due 03-10 unpaid on 03-11: late. Due 03-11 (today) unpaid: not yet counted. Due
    04-10 paid early on 03-01: on time. → 2 on time ÷ 4 due = 50%."""
    _town, (a, *_rest) = empty_town()
    worker = cleaner(a)
    d = datetime.date
    on_time = wage(worker, d(2025, 12, 1), d(2026, 1, 10), d(2026, 1, 10))
    late = wage(worker, d(2026, 1, 1), d(2026, 2, 10), d(2026, 2, 11))
    unpaid = wage(worker, d(2026, 2, 1), d(2026, 3, 10), None)
    wage(worker, d(2026, 3, 1), TODAY, None)
    early = wage(worker, d(2025, 11, 1), d(2026, 4, 10), d(2026, 3, 1))
    assert indicators.wage_on_time([a.pk], today=TODAY) == {a.pk: (2.0, 4.0)}
    assert (on_time.on_time, late.on_time, early.on_time) == (True, False, True)
    assert unpaid.on_time is False  # the real today is after 2026-03-10
    assert WagePayment.objects.filter(village=a).count() == 5


def test_rectification_rate() -> None:
    """Three findings, one rectified at a re-check: 1 ÷ 3."""
    _town, (a, *_rest) = empty_town()
    visit = inspection(a, TODAY, "85")
    item = city_item()
    for n, status in enumerate([FindingStatus.RECTIFIED, FindingStatus.OPEN, FindingStatus.OPEN]):
        Finding(
            code=f"T-RR-{a.code}-{n}",
            region=a,
            inspection=visit,
            item=item,
            kind=item.kind,
            points=item.points,
            status=status,
        ).save()
    assert indicators.rectification_rate([a.pk]) == {a.pk: (1.0, 3.0)}


def test_indicators_are_registered() -> None:
    from renju.indicators.registry import get_indicator

    keys = [
        "cleaning.cleanliness_score",
        "cleaning.staffing_ratio",
        "cleaning.wage_on_time",
        "cleaning.rectification_rate",
    ]
    found: list[Any] = [get_indicator(k) for k in keys]
    assert found[2].target == 100.0 and "S15" in found[2].target_source
    assert "待核实" in found[1].target_source
