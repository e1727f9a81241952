"""The urban guideline's point-share rule, by hand.

《城市黑臭水体整治工作指南》(建城〔2015〕130号) 2.3: "水体60%以上的检测点被认定为“重度黑臭”的，
整个水体应认定为“重度黑臭”" — "以上" includes 60% itself. So, at 60%:
  5 points, 3 heavy: 3 × 100 = 300 ≥ 60 × 5 = 300 → heavy (exactly 60%);
  5 points, 2 heavy: 200 < 300 → light (40%);
  100 points, 59 heavy: 5900 < 6000 → light (59%, just below); 60 heavy → heavy.
A point counts once, with the worst grade of its samples of the day.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from renju.accounts.choices import Role
from renju.core import actions
from renju.core.testing import make_user, places
from renju.water import thresholds
from renju.water.choices import Grade
from renju.water.models import ThresholdSet, WaterBody, WaterSample

from .conftest_helpers import make_body

pytestmark = pytest.mark.django_db

H, L, C = str(Grade.HEAVY), str(Grade.LIGHT), str(Grade.CLEAN)
SIXTY = Decimal("60")


def _points(heavy: int, others: int, other: str = C) -> list[tuple[str, str]]:
    return [(f"P{i}", H) for i in range(heavy)] + [(f"Q{i}", other) for i in range(others)]


@pytest.mark.parametrize(
    ("heavy", "others", "expected"),
    [
        (3, 2, H),  # exactly 60%
        (2, 3, L),  # 40%
        (6, 4, H),  # exactly 60%
        (60, 40, H),  # exactly 60%
        (59, 41, L),  # 59%: just below
        (5, 0, H),  # all heavy
        (1, 0, H),  # a body of one point
    ],
)
def test_heavy_only_from_the_share_of_points(heavy: int, others: int, expected: str) -> None:
    assert thresholds.body_grade(_points(heavy, others), SIXTY) == expected


def test_just_below_with_a_fractional_share() -> None:
    # 3 of 5 is 60%: heavy at 60 and at 59.99, light at 60.01.
    assert thresholds.body_grade(_points(3, 2), Decimal("59.99")) == H
    assert thresholds.body_grade(_points(3, 2), Decimal("60.01")) == L


def test_without_a_share_the_worst_point_decides() -> None:
    assert thresholds.body_grade(_points(1, 9), None) == H
    assert thresholds.body_grade(_points(0, 3, L), None) == L
    assert thresholds.body_grade([("1", C), ("2", C)], None) == C
    assert thresholds.body_grade([], SIXTY) == C


def test_light_and_clean_bodies_are_unchanged_by_the_share() -> None:
    assert thresholds.body_grade(_points(0, 5, L), SIXTY) == L
    assert thresholds.body_grade([("1", L), ("2", C), ("3", C)], SIXTY) == L
    assert thresholds.body_grade([("1", C)], SIXTY) == C
    # Heavy points below the share still leave the body black-odorous (light).
    assert thresholds.is_black_odorous(thresholds.body_grade(_points(1, 9), SIXTY))


def test_a_point_counts_once_with_its_worst_sample() -> None:
    # Point 1 sampled twice (heavy and clean): 1 heavy point of 2 = 50% → light.
    day = [("1号点", H), ("1号点", C), ("2号点", C)]
    assert thresholds.body_grade(day, SIXTY) == L
    # Point names are compared without surrounding spaces: 2 heavy of 3 = 66.7% → heavy.
    day = [("1号点", H), (" 2号点 ", H), ("2号点", C), ("3号点", C)]
    assert thresholds.body_grade(day, SIXTY) == H


def test_the_urban_set_ships_with_the_guidelines_share_and_its_source() -> None:
    thresholds.ensure_default_sets()
    urban = ThresholdSet.objects.get(key="urban-2015")
    rural = ThresholdSet.objects.get(key="rural-2019")
    assert urban.point_share == SIXTY
    assert "建城〔2015〕130号" in urban.point_share_source
    assert "60%以上" in urban.point_share_source
    assert rural.point_share is None  # the rural guideline's rule: 待核实, not assumed


# --- through the ledger: the body's grade from its latest sampling day ----------------------

HEAVY = {"transparency_cm": "8", "do_mg_l": "5", "nh3n_mg_l": "1", "depth_cm": "100"}
CLEAN = {"transparency_cm": "60", "do_mg_l": "5", "nh3n_mg_l": "1", "depth_cm": "100"}


def _sample(user: Any, body: WaterBody, code: str, point: str, values: dict[str, str], day: Any):
    sample = WaterSample(
        code=code,
        water_body=body,
        region=body.region,
        sampled_on=day,
        point=point,
        **{k: Decimal(v) for k, v in values.items()},
    )
    actions.save_object(user, sample)


def test_the_bodys_grade_follows_the_share_of_heavy_points() -> None:
    where = places()
    thresholds.ensure_default_sets()
    urban = ThresholdSet.objects.get(key="urban-2015")
    body = make_body(where.village, "T-W-PS-1", threshold_set=urban)
    user = make_user("w-ps-officer", Role.OFFICER, where.town)
    first = timezone.localdate() - datetime.timedelta(days=7)
    for i, values in enumerate([HEAVY, HEAVY, HEAVY, CLEAN, CLEAN], start=1):
        _sample(user, body, f"T-W-PS-1-A{i}", f"{i}号点", values, first)
    body.refresh_from_db()
    assert (body.grade, body.graded_on) == (Grade.HEAVY, first)  # 3 of 5 = 60%
    second = first + datetime.timedelta(days=3)
    for i, values in enumerate([HEAVY, HEAVY, CLEAN, CLEAN, CLEAN], start=1):
        _sample(user, body, f"T-W-PS-1-B{i}", f"{i}号点", values, second)
    body.refresh_from_db()
    assert (body.grade, body.graded_on) == (Grade.LIGHT, second)  # 2 of 5 = 40%
    # The samples themselves keep their own grades.
    assert WaterSample.objects.get(code="T-W-PS-1-B1").grade == Grade.HEAVY
