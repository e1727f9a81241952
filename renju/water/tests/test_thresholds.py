"""Classification at and around every threshold of both shipped sets, by hand.

Rural set (any one → black-odorous; every comparison strict):
  transparency < 25 cm (depth < 25 cm: < 0.40 × depth), DO < 2 mg/L, NH₃-N > 15 mg/L.
Urban set (worst grade wins; strict):
  light: transparency < 25, DO < 2.0, ORP < 50, NH₃-N > 8.0;
  heavy: transparency < 10, DO < 0.2, ORP < −200, NH₃-N > 15;
  depth < 25 cm: both transparency limits are 0.40 × depth.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from renju.water import thresholds
from renju.water.choices import Grade
from renju.water.models import ThresholdSet

pytestmark = pytest.mark.django_db

CLEAN = {
    "transparency_cm": "60",
    "do_mg_l": "5",
    "nh3n_mg_l": "1",
    "orp_mv": "150",
    "depth_cm": "100",
}


def grade_of(key: str, **changes: str | None) -> tuple[str, list[Any]]:
    thresholds.ensure_default_sets()
    values: dict[str, Any] = {**CLEAN, **changes}
    decimals = {k: Decimal(v) if v is not None else None for k, v in values.items()}
    rules = list(ThresholdSet.objects.get(key=key).rules.all())
    return thresholds.classify(decimals, rules)


B, C, L, H = Grade.BLACK_ODOROUS, Grade.CLEAN, Grade.LIGHT, Grade.HEAVY


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, C),
        # transparency, deep water: 25 is not below 25; 24.9 is
        ({"transparency_cm": "25"}, C),
        ({"transparency_cm": "24.9"}, B),
        ({"transparency_cm": "25.1"}, C),
        # shallow water (20 cm deep): limit 0.40 × 20 = 8 cm
        ({"depth_cm": "20", "transparency_cm": "8"}, C),
        ({"depth_cm": "20", "transparency_cm": "7.9"}, B),
        ({"depth_cm": "20", "transparency_cm": "15"}, C),  # < 25 but shallow: not black
        # exactly 25 cm deep is not shallow: the 25 cm limit applies
        ({"depth_cm": "25", "transparency_cm": "24.9"}, B),
        ({"depth_cm": "24.9", "transparency_cm": "9.96"}, C),  # 0.4 × 24.9 = 9.96
        ({"depth_cm": "24.9", "transparency_cm": "9.95"}, B),
        # dissolved oxygen: 2 is not below 2
        ({"do_mg_l": "2"}, C),
        ({"do_mg_l": "1.99"}, B),
        ({"do_mg_l": "2.01"}, C),
        # ammonia nitrogen: 15 is not above 15
        ({"nh3n_mg_l": "15"}, C),
        ({"nh3n_mg_l": "15.01"}, B),
        ({"nh3n_mg_l": "14.99"}, C),
        # ORP is not a rural criterion
        ({"orp_mv": "-500"}, C),
        # a missing value triggers nothing
        ({"transparency_cm": None, "do_mg_l": None}, C),
        # several at once are still one verdict
        ({"transparency_cm": "5", "do_mg_l": "0.1", "nh3n_mg_l": "30"}, B),
    ],
)
def test_rural_edges(changes: dict[str, str | None], expected: str) -> None:
    grade, _findings = grade_of("rural-2019", **changes)
    assert grade == expected


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, C),
        # transparency 25 / 10
        ({"transparency_cm": "25"}, C),
        ({"transparency_cm": "24.9"}, L),
        ({"transparency_cm": "10"}, L),
        ({"transparency_cm": "9.9"}, H),
        # shallow (20 cm): both limits 8 cm
        ({"depth_cm": "20", "transparency_cm": "8"}, C),
        ({"depth_cm": "20", "transparency_cm": "7.9"}, H),
        # dissolved oxygen 2.0 / 0.2
        ({"do_mg_l": "2.0"}, C),
        ({"do_mg_l": "1.99"}, L),
        ({"do_mg_l": "0.2"}, L),
        ({"do_mg_l": "0.19"}, H),
        # ORP 50 / −200
        ({"orp_mv": "50"}, C),
        ({"orp_mv": "49.9"}, L),
        ({"orp_mv": "-200"}, L),
        ({"orp_mv": "-200.1"}, H),
        # ammonia nitrogen 8.0 / 15
        ({"nh3n_mg_l": "8.0"}, C),
        ({"nh3n_mg_l": "8.01"}, L),
        ({"nh3n_mg_l": "15"}, L),
        ({"nh3n_mg_l": "15.01"}, H),
        # the worst grade wins
        ({"do_mg_l": "1.5", "orp_mv": "-250"}, H),
        ({"do_mg_l": "1.5", "nh3n_mg_l": "9"}, L),
    ],
)
def test_urban_edges(changes: dict[str, str | None], expected: str) -> None:
    grade, _findings = grade_of("urban-2015", **changes)
    assert grade == expected


def test_findings_say_why() -> None:
    grade, findings = grade_of("urban-2015", transparency_cm="9", do_mg_l="1.5")
    assert grade == H
    got = {(f.parameter, f.grade, str(f.limit)) for f in findings}
    assert got == {
        ("transparency_cm", L, "25.00"),
        ("transparency_cm", H, "10.00"),
        ("do_mg_l", L, "2.00"),
    }
    texts = {thresholds.describe(f.as_json()) for f in findings}
    assert "dissolved oxygen (mg/L) 1.5 < 2.00" in texts


def test_default_sets_carry_their_source_and_one_default() -> None:
    thresholds.ensure_default_sets()
    assert thresholds.ensure_default_sets() == 0  # idempotent
    rural = ThresholdSet.objects.get(key="rural-2019")
    urban = ThresholdSet.objects.get(key="urban-2015")
    assert rural.is_default and not urban.is_default
    assert "待核实" in rural.source
    assert "建城〔2015〕130号" in urban.source
    assert rural.rules.count() == 3 and urban.rules.count() == 8
    assert ThresholdSet.objects.filter(is_default=True).count() == 1


def test_survey_share_at_and_around_sixty_percent() -> None:
    thresholds.ensure_default_sets()
    rural = ThresholdSet.objects.get(key="rural-2019")
    assert thresholds.survey_says_black_odorous(Decimal("60"), rural) is True
    assert thresholds.survey_says_black_odorous(Decimal("59.99"), rural) is False


@pytest.fixture(autouse=True)
def _messages_in_english() -> Iterator[None]:
    """The messages above are checked as written in the code (the English msgids)."""
    with translation.override("en"):
        yield
