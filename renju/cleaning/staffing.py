"""Cleaner staffing against a norm per 1,000 residents, and wages paid on time (S15).

The policy asks to "strengthen cleaner staffing" (强化保洁人员配备) without a figure. The norm is
a ledger (:class:`StaffingNorm`) the city or a county sets with its source; where none is set
:data:`DEFAULT_NORM` applies, and it is marked 待核实 because no document in renju cites it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, F, Q

from renju.regions.models import Region

from .models import Cleaner, StaffingNorm

# Cleaners per 1,000 resident population. 待核实: a figure in use in several provinces' village
# cleaning rules, not found in the city's policy; set the city's own in the staffing-norm ledger.
DEFAULT_NORM = Decimal("2")
DEFAULT_NORM_SOURCE = "renju 默认值；市政策文件未规定（待核实）"


def norms_by_region() -> dict[int, tuple[Decimal, str]]:
    """The norms set, by the region they are set for (a figure and its source: configuration,
    read whole; callers pick the norm over a region they scoped)."""
    norms = StaffingNorm.objects.order_by("pk")  # scope: configuration figures, see above
    return {n.region_id: (n.cleaners_per_thousand, n.source) for n in norms}


def norm_for(
    region: Region, norms: dict[int, tuple[Decimal, str]] | None = None
) -> tuple[Decimal, str]:
    """The norm over ``region``: its village's, town's, county's or city's, else the default."""
    norms = norms_by_region() if norms is None else norms
    for region_id in (region.village_id, region.town_id, region.county_id, region.city_id):
        if region_id and region_id in norms:
            return norms[region_id]
    return DEFAULT_NORM, DEFAULT_NORM_SOURCE


def required(residents: int, norm: Decimal) -> float:
    """Cleaners required for ``residents`` at ``norm`` per 1,000 (not rounded)."""
    return float(Decimal(residents) * norm / Decimal(1000))


def active_cleaners(villages: list[int]) -> dict[int, int]:
    """Active cleaners per village of ``villages`` (which the caller scoped): one GROUP BY."""
    return dict(
        Cleaner.objects.filter(is_active=True, village_id__in=villages)  # scope: see above
        .order_by()
        .values_list("village_id")
        .annotate(n=Count("pk"))
        .values_list("village_id", "n")
    )


def staffing_parts(villages: list[int]) -> dict[int, tuple[float, float]]:
    """Per village of ``villages`` (scoped by the caller, or every village for the indicators):
    (active cleaners, cleaners required by the norm); villages without residents have no data."""
    norms = norms_by_region()
    cleaners = active_cleaners(villages)
    rows = Region.objects.filter(pk__in=villages, resident_population__gt=0).values_list(
        "pk", "resident_population", "town_id", "county_id", "city_id"
    )
    parts: dict[int, tuple[float, float]] = {}
    for pk, residents, town_id, county_id, city_id in rows:
        norm = DEFAULT_NORM
        for region_id in (pk, town_id, county_id, city_id):
            if region_id in norms:
                norm = norms[region_id][0]
                break
        parts[pk] = (float(cleaners.get(pk, 0)), required(residents or 0, norm))
    return parts


def on_time_q(today: datetime.date) -> tuple[Q, Q]:
    """(paid on time, due) filters of wage payments as of ``today``.

    Due: ``due_on`` < today, or already paid. On time: ``paid_on`` ≤ ``due_on``. An unpaid wage
    whose due day is today or later is not yet counted.
    """
    due = Q(due_on__lt=today) | Q(paid_on__isnull=False)
    on_time = Q(paid_on__isnull=False, paid_on__lte=F("due_on"))
    return on_time, due
