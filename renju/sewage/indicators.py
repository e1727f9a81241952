"""The sewage indicators (S10, S11), per village, each from one GROUP BY over its ledger.

- village treatment rate: villages treated ÷ villages with a status row (a village with no row
  has no data: the survey has not reached it); treated = at least one row and none untreated.
  Default target 55 %: Liaocheng's published goal of at least 55 % of administrative villages
  treated by 2025; a county plan's target overrides it.
- household treatment rate: households served by treated rows (capped at the village's
  households) ÷ the village's households, for villages with a status row.
- facility normal-operation rate: facilities running normally ÷ facilities that should run
  (under construction excluded).
- test compliance rate: tests of the last 365 days that comply with the limits of the
  facility's level ÷ such tests (facilities that discharge nothing are not judged).
- Yellow River villages treated: treated ÷ villages on the mainline with a status row.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renju.indicators.registry import Indicator, Parts, register_indicator
from renju.regions.models import Region

from . import limits
from .choices import OPERATING_STATES, TREATED_MODES, Mode, RunningState
from .models import SewageFacility, TreatmentStatus, WaterTest

TARGET_SOURCE = (
    "聊城市生态环境局, 2023-03-30 新闻发布会: 2025年全市行政村生活污水治理率达55%以上"
    " (齐鲁壹点 2023-03-31; 农民日报 2023-04-12)"
)


def _village_flags(villages: list[int], queryset: Any) -> dict[int, tuple[int, int]]:
    """Per village with status rows: (rows, untreated rows)."""
    rows = (
        queryset.order_by()
        .values_list("village_id")
        .annotate(n=Count("pk"), u=Count("pk", filter=Q(mode=Mode.UNTREATED)))
        .values_list("village_id", "n", "u")
    )
    return {v: (n, u) for v, n, u in rows}


def village_rate(villages: list[int]) -> Parts:
    wanted = set(villages)
    flags = _village_flags(villages, TreatmentStatus.objects.all())
    return {v: (1.0 if u == 0 else 0.0, 1.0) for v, (n, u) in flags.items() if n and v in wanted}


def household_rate(villages: list[int]) -> Parts:
    served = dict(
        TreatmentStatus.objects.order_by()
        .values_list("village_id")
        .annotate(s=Sum("households_served", filter=Q(mode__in=sorted(TREATED_MODES))))
        .values_list("village_id", "s")
    )
    wanted = set(villages)
    totals = dict(Region.objects.filter(level=5).values_list("pk", "household_count"))
    out: Parts = {}
    for village, households in served.items():
        if village not in wanted:
            continue
        total = totals.get(village) or 0
        if total:
            out[village] = (float(min(households or 0, total)), float(total))
    return out


def normal_rate(villages: list[int]) -> Parts:
    rows = (
        SewageFacility.objects.filter(running_state__in=sorted(OPERATING_STATES))
        .order_by()
        .values_list("village_id")
        .annotate(n=Count("pk", filter=Q(running_state=RunningState.NORMAL)), d=Count("pk"))
        .values_list("village_id", "n", "d")
    )
    wanted = set(villages)
    return {v: (float(n), float(d)) for v, n, d in rows if v in wanted}


def compliance_rate(villages: list[int], since: datetime.date | None = None) -> Parts:
    start = since or timezone.localdate() - datetime.timedelta(days=365)
    rows = (
        WaterTest.objects.filter(limits.judged_q(), sampled_on__gte=start)
        .order_by()
        .values_list("village_id")
        .annotate(n=Count("pk", filter=limits.compliant_q()), d=Count("pk"))
        .values_list("village_id", "n", "d")
    )
    wanted = set(villages)
    return {v: (float(n), float(d)) for v, n, d in rows if v in wanted}


def yellow_river_rate(villages: list[int]) -> Parts:
    flagged = set(Region.objects.filter(yellow_river=True).values_list("pk", flat=True))
    return village_rate([v for v in villages if v in flagged])


register_indicator(
    Indicator(
        key="sewage.village_rate",
        name=_("village sewage treatment rate"),
        domain="sewage",
        definition=_("Villages whose sewage is treated ÷ villages with a treatment status (S10)."),
        compute=village_rate,
        target=55.0,
        target_source=TARGET_SOURCE,
        ledger="sewage-statuses",
        drill_params="mode=untreated",
    )
)
register_indicator(
    Indicator(
        key="sewage.household_rate",
        name=_("household sewage treatment rate"),
        domain="sewage",
        definition=_("Households served by a treatment mode ÷ households of the villages (S10)."),
        compute=household_rate,
        ledger="sewage-statuses",
    )
)
register_indicator(
    Indicator(
        key="sewage.normal_rate",
        name=_("sewage facility normal-operation rate"),
        domain="sewage",
        definition=_("Facilities running normally ÷ facilities that should be running (S11)."),
        compute=normal_rate,
        ledger="sewage-facilities",
        drill_params="running_state=fault",
    )
)
register_indicator(
    Indicator(
        key="sewage.test_compliance",
        name=_("sewage test compliance rate"),
        domain="sewage",
        definition=_("Effluent tests of the last year within the limits ÷ tests (S11)."),
        compute=compliance_rate,
        ledger="sewage-tests",
    )
)
register_indicator(
    Indicator(
        key="sewage.yellow_river_rate",
        name=_("Yellow River mainline villages treated"),
        domain="sewage",
        definition=_(
            "Villages on the Yellow River mainline whose sewage is treated ÷ such villages"
            " with a treatment status (S10)."
        ),
        compute=yellow_river_rate,
        ledger="sewage-statuses",
    )
)
