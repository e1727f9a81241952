"""Computing and reading kept indicator values.

``recompute()`` runs every indicator once over all current villages (one GROUP BY each), sums
the parts up the tree in Python (2,408 villages: milliseconds) and writes those of the current
month's, quarter's and year's rows that changed (``_store``). Dashboards only read these rows.
"""

from __future__ import annotations

import datetime
import math
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from renju.core import audit
from renju.core.models.audit import AuditAction
from renju.core.scoping import VIEW, scope_regions
from renju.regions.choices import Level
from renju.regions.models import Region

from .models import IndicatorValue, PeriodKind, Target
from .registry import Indicator, Parts, get_indicator, indicators

# {(region id, level): (numerator, denominator)} of one indicator, villages and their ancestors.
Totals = dict[tuple[int, int], tuple[float | None, float | None]]
# Two sums of the same parts added in another order may differ in the last bits: not a change.
_SAME_REL = 1e-12
# Primary keys per DELETE (well inside every database's limit of bound parameters).
_DELETE_CHUNK = 900


def period_starts(day: datetime.date) -> dict[str, datetime.date]:
    quarter_month = 3 * ((day.month - 1) // 3) + 1
    return {
        PeriodKind.MONTH: day.replace(day=1),
        PeriodKind.QUARTER: day.replace(month=quarter_month, day=1),
        PeriodKind.YEAR: day.replace(month=1, day=1),
    }


@dataclass
class _Tree:
    """Current villages and the ancestors each one adds to."""

    villages: list[int]
    ancestors: dict[int, list[tuple[int, int]]]  # village -> [(region id, level)]

    @classmethod
    def load(cls, city_code: str) -> _Tree:
        rows = (
            Region.objects.current()
            .filter(city__code=city_code, level=Level.VILLAGE)
            .values_list("pk", "town_id", "county_id", "city_id")
        )
        villages: list[int] = []
        ancestors: dict[int, list[tuple[int, int]]] = {}
        for pk, town, county, city in rows:
            villages.append(pk)
            ancestors[pk] = [
                (pk, Level.VILLAGE),
                (town, Level.TOWN),
                (county, Level.COUNTY),
                (city, Level.CITY),
            ]
        return cls(villages, ancestors)


def roll_up(tree: _Tree, parts: Parts) -> Totals:
    """``{(region, level): (numerator, denominator)}`` for every village and ancestor."""
    sums: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0.0, 0.0])
    seen: set[tuple[int, int]] = set()
    for village in tree.villages:
        for key in tree.ancestors[village]:
            if key[0] is None:
                continue
            if village in parts:
                numerator, denominator = parts[village]
                sums[key][0] += numerator
                sums[key][1] += denominator
                seen.add(key)
            else:
                sums.setdefault(key, [0.0, 0.0])
    return {k: ((v[0], v[1]) if k in seen else (None, None)) for k, v in sums.items()}


def recompute(
    city_code: str = "3715", keys: list[str] | None = None, today: datetime.date | None = None
) -> dict[str, float]:
    """Refresh the current periods' values of ``keys`` (all indicators by default).

    Returns the seconds each indicator took (for the benchmark and the log).
    """
    tree = _Tree.load(city_code)
    now = timezone.now()
    starts = period_starts(today or timezone.localdate())
    timings: dict[str, float] = {}
    written = 0
    for indicator in indicators():
        if keys is not None and indicator.key not in keys:
            continue
        started = time.perf_counter()
        totals = roll_up(tree, indicator.compute(tree.villages))
        written += _store(indicator, totals, starts, now)
        timings[indicator.key] = time.perf_counter() - started
    with audit.audit_context(channel="system"):
        audit.record(
            AuditAction.UPDATE,
            object_type="indicators.indicatorvalue",
            object_repr=f"recompute {city_code}: {len(timings)} indicators",
            changes={
                "seconds": [None, round(sum(timings.values()), 3)],
                "rows_written": [None, written],
            },
        )
    return timings


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=_SAME_REL, abs_tol=_SAME_REL)


def _store(
    indicator: Indicator, totals: Totals, starts: dict[str, datetime.date], now: datetime.datetime
) -> int:
    """Write the current periods' values of the regions in ``totals`` that changed; returns how
    many rows were written.

    A refresh every few minutes finds nearly every value as it was: rewriting them all held the
    database's write lock for about a second per indicator at full scale (22 s per refresh on
    SQLite, every villager's report waiting behind it; bench/INTAKE.md). Reading the current
    rows first costs a read, which never blocks a writer; the write transaction then holds only
    the changed rows (deleted and inserted again) and the new ones.
    """
    wanted = {
        (region, kind, start): (level, numerator, denominator)
        for (region, level), (numerator, denominator) in totals.items()
        for kind, start in starts.items()
    }
    current = Q()
    for kind, start in starts.items():
        current |= Q(period_kind=kind, period_start=start)
    stale: list[int] = []
    rows = IndicatorValue.objects.filter(current, indicator=indicator.key).values_list(
        "pk", "region_id", "period_kind", "period_start", "level", "numerator", "denominator"
    )
    for pk, region, kind, start, level, numerator, denominator in rows:
        want = wanted.get((region, kind, start))
        if want is None:
            continue  # a region no longer in the tree keeps its row (its history)
        if want[0] == level and _same(want[1], numerator) and _same(want[2], denominator):
            del wanted[(region, kind, start)]
        else:
            stale.append(pk)
    if not wanted:
        return 0
    fresh = [
        IndicatorValue(
            indicator=indicator.key,
            region_id=region,
            level=level,
            period_kind=kind,
            period_start=start,
            numerator=numerator,
            denominator=denominator,
            computed_at=now,
        )
        for (region, kind, start), (level, numerator, denominator) in wanted.items()
    ]
    with transaction.atomic():
        for chunk in range(0, len(stale), _DELETE_CHUNK):
            IndicatorValue.objects.filter(pk__in=stale[chunk : chunk + _DELETE_CHUNK]).delete()
        IndicatorValue.objects.bulk_create(fresh, batch_size=5000)
    return len(fresh)


# --- reading ---------------------------------------------------------------------------------


@dataclass
class Reading:
    indicator: Indicator
    region: Region
    numerator: float | None
    denominator: float | None
    target: float | None
    target_source: str

    @property
    def value(self) -> float | None:
        return self.indicator.value(self.numerator, self.denominator)

    @property
    def status(self) -> str:
        return self.indicator.status(self.value, self.target)

    @property
    def status_label(self) -> str:
        """The traffic light in words, for its tooltip and screen readers."""
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def gap(self) -> float | None:
        if self.value is None or self.target is None:
            return None
        return (
            self.value - self.target
            if self.indicator.better == "higher"
            else self.target - self.value
        )


STATUS_LABELS = {
    "green": gettext_lazy("on target"),
    "amber": gettext_lazy("close to target"),
    "red": gettext_lazy("behind target"),
    "grey": gettext_lazy("no data or no target"),
}


def target_for(indicator: Indicator, region: Region, year: int) -> tuple[float | None, str]:
    """The county plan's target (the region's county, or the region itself above county)."""
    region_ids = [r for r in (region.county_id, region.pk) if r]
    target = (
        Target.objects.filter(indicator=indicator.key, region_id__in=region_ids, year__lte=year)
        .order_by("-year")
        .first()
    )
    if target is not None:
        return target.value, target.source
    return indicator.target, indicator.target_source


def readings(
    regions: list[Region],
    period_kind: str = PeriodKind.MONTH,
    period_start: datetime.date | None = None,
    keys: list[str] | None = None,
) -> list[Reading]:
    """The kept values of ``regions`` × indicators for one period, with their targets."""
    start = period_start or period_starts(timezone.localdate())[period_kind]
    chosen = [get_indicator(k) for k in keys] if keys else indicators()
    values = {
        (v.indicator, v.region_id): v
        for v in IndicatorValue.objects.filter(
            region__in=regions,
            period_kind=period_kind,
            period_start=start,
            indicator__in=[i.key for i in chosen],
        )
    }
    plans = _targets(chosen, regions, start.year)
    out = []
    for region in regions:
        for indicator in chosen:
            kept = values.get((indicator.key, region.pk))
            target, source = plans.get(
                (indicator.key, region.county_id or region.pk),
                (indicator.target, indicator.target_source),
            )
            out.append(
                Reading(
                    indicator,
                    region,
                    kept.numerator if kept else None,
                    kept.denominator if kept else None,
                    target,
                    source,
                )
            )
    return out


def _targets(
    chosen: list[Indicator], regions: list[Region], year: int
) -> dict[tuple[str, int], tuple[float, str]]:
    counties = {r.county_id or r.pk for r in regions}
    found: dict[tuple[str, int], tuple[float, str]] = {}
    for target in Target.objects.filter(
        indicator__in=[i.key for i in chosen], region_id__in=counties, year__lte=year
    ).order_by("year"):
        found[(target.indicator, target.region_id)] = (target.value, target.source)
    return found


def weakest(region: Region, key: str, user: Any, limit: int = 10) -> list[Reading]:
    """Towns and villages under ``region`` and inside ``user``'s scope furthest below their
    target (kept values only). A county official may open the city's dashboard (its totals);
    the weakest villages it names are only her own."""
    from django.db.models import Q

    from renju.regions.choices import ANCESTOR_FIELD

    indicator = get_indicator(key)
    field = ANCESTOR_FIELD.get(Level(region.level))
    inside = (
        Q(**{f"region__{field}_id": region.pk})
        if field
        else Q(region__code__startswith=region.code)
    )
    start = period_starts(timezone.localdate())[PeriodKind.MONTH]
    rows = (
        IndicatorValue.objects.filter(
            inside,
            indicator=key,
            period_kind=PeriodKind.MONTH,
            period_start=start,
            level__in=[Level.TOWN, Level.VILLAGE],
        )
        .exclude(region=region)
        .select_related("region")
    )
    if scope_regions(user, VIEW) is not None:
        rows = rows.filter(region__in=Region.objects.within(user, VIEW).values("pk"))
    plans = _targets([indicator], [v.region for v in rows], start.year)
    found = []
    for kept in rows:
        target, source = plans.get(
            (key, kept.region.county_id or kept.region.pk),
            (indicator.target, indicator.target_source),
        )
        reading = Reading(indicator, kept.region, kept.numerator, kept.denominator, target, source)
        if reading.gap is not None and reading.gap < 0:
            found.append(reading)
    found.sort(key=lambda r: r.gap or 0)
    return found[:limit]


def trend(
    indicator: Indicator, region: Region, months: int = 12
) -> list[tuple[datetime.date, float | None]]:
    rows = IndicatorValue.objects.filter(
        indicator=indicator.key, region=region, period_kind=PeriodKind.MONTH
    ).order_by("-period_start")[:months]
    return [(r.period_start, indicator.value(r.numerator, r.denominator)) for r in reversed(rows)]


__all__ = ["Any", "Reading", "readings", "recompute", "roll_up", "target_for", "trend"]
