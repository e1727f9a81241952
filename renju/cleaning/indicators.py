"""The cleaning indicators (S3, S15), computed per village with one GROUP BY each.

- cleanliness score: the sum of the scores of the village's inspections in the last 365 days
  ÷ their number (an average that rolls up as sums of both parts);
- cleaner staffing ratio: active cleaners ÷ cleaners required by the norm per 1,000 residents;
- on-time wage payment rate: wages paid on or before their due day ÷ wages due (paid, or unpaid
  after the due day: late);
- finding rectification rate: findings rectified at a re-check ÷ findings recorded.
"""

from __future__ import annotations

import datetime
from typing import cast

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renju.indicators.registry import Indicator, Parts, register_indicator

from .choices import FindingStatus
from .models import Finding, Inspection, WagePayment
from .staffing import on_time_q, staffing_parts

SCORE_WINDOW_DAYS = 365


def _keep(rows: list[tuple[int, float, float]], villages: list[int]) -> Parts:
    wanted = set(villages)
    return {v: (float(n), float(d)) for v, n, d in rows if v in wanted and d}


def cleanliness_score(villages: list[int], today: datetime.date | None = None) -> Parts:
    """Sum of inspection scores ÷ inspections, over the last 365 days (inclusive of today)."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=SCORE_WINDOW_DAYS - 1)
    rows = (
        Inspection.objects.filter(inspected_on__gte=since, inspected_on__lte=today)
        .order_by()
        .values_list("village_id")
        .annotate(n=Sum("score"), d=Count("pk"))
        .values_list("village_id", "n", "d")
    )
    return _keep([(v, float(n or 0), float(d)) for v, n, d in rows], villages)


def staffing_ratio(villages: list[int]) -> Parts:
    """Active cleaners ÷ cleaners the norm requires for the resident population."""
    return {v: p for v, p in staffing_parts(villages).items() if p[1]}


def wage_on_time(villages: list[int], today: datetime.date | None = None) -> Parts:
    """Wages paid on or before the due day ÷ wages due (a late payment counts as late)."""
    on_time, due = on_time_q(today or timezone.localdate())
    rows = (
        WagePayment.objects.filter(due)
        .order_by()
        .values_list("village_id")
        .annotate(n=Count("pk", filter=on_time), d=Count("pk"))
        .values_list("village_id", "n", "d")
    )
    return _keep(list(rows), villages)


def rectification_rate(villages: list[int]) -> Parts:
    """Findings rectified at a re-check ÷ findings recorded."""
    rows = (
        Finding.objects.order_by()
        .values_list("village_id")
        .annotate(n=Count("pk", filter=Q(status=FindingStatus.RECTIFIED)), d=Count("pk"))
        .values_list("village_id", "n", "d")
    )
    return _keep(list(rows), villages)


register_indicator(
    Indicator(
        key="cleaning.cleanliness_score",
        name=_("cleanliness score"),
        domain="cleaning",
        definition=_(
            "Average score of the cleanliness inspections of the last 365 days "
            "(100 minus the points of the findings) (S3)."
        ),
        compute=cleanliness_score,
        unit=cast(str, _("points")),
        scale=1.0,
        ledger="cleaning-inspections",
    )
)
register_indicator(
    Indicator(
        key="cleaning.staffing_ratio",
        name=_("cleaner staffing ratio"),
        domain="cleaning",
        definition=_(
            "Cleaners in service ÷ cleaners required by the staffing norm per 1,000 resident "
            "population (S15)."
        ),
        compute=staffing_ratio,
        target=100.0,
        target_source="S15 强化保洁人员配备；每千名常住人口的保洁员配比待核实",
        ledger="cleaners",
    )
)
register_indicator(
    Indicator(
        key="cleaning.wage_on_time",
        name=_("on-time wage payment rate"),
        domain="cleaning",
        definition=_(
            "Cleaners' wages paid on or before the due day ÷ wages due; a wage paid after the "
            "due day, or unpaid once it has passed, is late (S15)."
        ),
        compute=wage_on_time,
        target=100.0,
        target_source="S15 保障工资正常发放",
        ledger="cleaner-wages",
    )
)
register_indicator(
    Indicator(
        key="cleaning.rectification_rate",
        name=_("finding rectification rate"),
        domain="cleaning",
        definition=_("Inspection findings rectified at a re-check ÷ findings recorded (S3, S19)."),
        compute=rectification_rate,
        ledger="cleaning-findings",
        drill_params="status=open",
    )
)
