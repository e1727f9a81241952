"""Figures from outside the code, each with its source (待核实 where it could not be cited).

A county or the city changes them by overriding the Django setting named next to each one
(``RENJU_WASTE_*``), without touching code; every use reads them through the functions below.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from .choices import HarmlessBasis

HARMLESS_DEFINITION = (
    "生活垃圾无害化处理率 = 生活垃圾无害化处理量 ÷ 生活垃圾产生量 × 100%；产生量不易取得时，"
    "可用清运量代替（住房和城乡建设部《城乡建设统计年鉴》主要指标解释，原文待核实）。"
)
"""The definition the harmless treatment rate follows; renju defaults to the collected
amount as the denominator (the yearbook's substitute), configurable by
``RENJU_WASTE_HARMLESS_BASIS`` = ``collected`` | ``generated``."""

HARMLESS_TARGET = 100.0
HARMLESS_TARGET_SOURCE = "聊城市农村人居环境整治提升实施意见（八）：生活垃圾无害化处理率保持在100%"

SITE_COVERAGE_TARGET = 100.0
SITE_COVERAGE_SOURCE = "实施意见（九）：以行政村为单位合理设置农村建筑垃圾存放场所"

GENERATION_KG_PER_PERSON_DAY = Decimal("0.6")
"""Household waste generated per resident per day in rural Shandong, for the "generated"
basis: 0.6 kg (待核实; national rural surveys report 0.5–0.9 kg). Setting:
``RENJU_WASTE_GENERATION_KG``."""

DEFAULT_INTERVAL_DAYS = 1
"""Collection interval when no operator contract covers a village: daily (日产日清, 待核实 per
county; contracts state their own interval)."""

WASTE_DENSITY_T_PER_M3 = Decimal("0.25")
"""Bulk density of uncompacted household waste in bins, to estimate weight from a volume
reading: 0.25 t/m³ (待核实; typical values 0.2–0.35 t/m³)."""

STATION_BALANCE_TOLERANCE = 0.10
"""A station whose tonnage out differs from its tonnage in by more than this share over the
period is flagged (renju default, 待核实: weighing error plus moisture loss)."""

VINE_FULL_PERCENT = 80
"""A crop-vine storage point reported at 80% or more (inclusive) must be cleared (issue 6,
from 莘县's crop-vine pilot under 实施意见（九）; figure 待核实 against the county's rules)."""

VINE_CLEAR_HOURS = 24
"""Hours to clear a full crop-vine point (same source as :data:`VINE_FULL_PERCENT`)."""

INDICATOR_WINDOW_DAYS = 30
"""Window of the waste indicators computed from daily records: the last 30 days up to
today (renju default; setting ``RENJU_WASTE_WINDOW_DAYS``)."""

RECYCLING_WINDOW_DAYS = 365
"""Window of the agricultural-waste recycling volume: the last 365 days."""


def harmless_basis() -> str:
    value = getattr(settings, "RENJU_WASTE_HARMLESS_BASIS", HarmlessBasis.COLLECTED)
    return str(HarmlessBasis(value))


def generation_kg_per_person_day() -> Decimal:
    return Decimal(
        str(getattr(settings, "RENJU_WASTE_GENERATION_KG", GENERATION_KG_PER_PERSON_DAY))
    )


def window_days() -> int:
    return int(getattr(settings, "RENJU_WASTE_WINDOW_DAYS", INDICATOR_WINDOW_DAYS))
