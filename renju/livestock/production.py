"""Manure produced (from head counts × coefficients) and utilised, per village, species, farm.

Definitions (the indicator and the pages use these functions and nothing else):

- produced = stock on hand × (faeces + urine per head and day) × 365 ÷ 1000, in tonnes a year,
  over the farms in production and the household livestock;
- utilised = the utilisation records dated in the window: the 365 days ending today (today and
  the 364 days before it, both inclusive), in tonnes;
- rate = min(utilised, produced) ÷ produced per village (a village's surplus records, e.g. old
  stock cleared, cannot make up for another village's shortfall), summed up the tree; a farm's
  rate is its own records ÷ its own production.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, F, FloatField, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from . import coefficients
from .choices import FarmStatus
from .models import Farm, HouseholdLivestock, ManureUtilisation

WINDOW_DAYS = 365
# 畜禽粪污综合利用率 ≥ 90%: 聊城市《关于学习运用“千万工程”经验深化农村人居环境整治提升的实施意见》
# （征求意见稿）第（三）条 “畜禽粪污综合利用率稳定在90%以上”. A rate of exactly 90% meets it.
TARGET = 90.0
TARGET_SOURCE = (
    "聊城市《关于学习运用“千万工程”经验深化农村人居环境整治提升的实施意见》（征求意见稿）"
    "（三）：畜禽粪污综合利用率稳定在90%以上"
)


def window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The first and last day (both inclusive) of the utilisation window."""
    end = today or timezone.localdate()
    return end - datetime.timedelta(days=WINDOW_DAYS - 1), end


def tonnes_expression(per_year: dict[str, float]) -> Any:
    """``head_count`` × the species' tonnes per head and year, as one SQL expression."""
    return F("head_count") * Case(
        *[When(species=s, then=Value(t)) for s, t in per_year.items()],
        default=Value(0.0),
        output_field=FloatField(),
    )


def active_farms(queryset: QuerySet[Farm]) -> QuerySet[Farm]:
    """The farms of ``queryset`` (scoped by the caller) in production."""
    return queryset.filter(status=FarmStatus.ACTIVE)


def utilised_in_window(
    queryset: QuerySet[ManureUtilisation], today: datetime.date | None = None
) -> QuerySet[ManureUtilisation]:
    """The records of ``queryset`` (scoped by the caller) dated in the window."""
    start, end = window(today)
    return queryset.filter(utilised_on__gte=start, utilised_on__lte=end)


def _grouped(queryset: QuerySet[Any], keys: tuple[str, ...], value: Any) -> list[tuple[Any, ...]]:
    return list(
        queryset.order_by().values_list(*keys).annotate(v=Sum(value)).values_list(*keys, "v")
    )


def village_parts(
    villages: list[int], today: datetime.date | None = None
) -> dict[int, tuple[float, float]]:
    """``{village: (min(utilised, produced), produced)}``: one GROUP BY per part.

    Reads every row of ``villages``: the indicator's computation asks for every village and its
    values are read back through regions the reader scoped (no page calls this).
    """
    per_year = coefficients.per_year_t()
    expr = tonnes_expression(per_year)
    farms = Farm.objects.filter(village_id__in=villages)  # scope: indicator, see above
    herds = HouseholdLivestock.objects.filter(village_id__in=villages)  # scope: indicator
    records = ManureUtilisation.objects.filter(village_id__in=villages)  # scope: indicator
    produced: dict[int, float] = defaultdict(float)
    for village, tonnes in _grouped(active_farms(farms), ("village_id",), expr):
        produced[village] += tonnes or 0.0
    for village, tonnes in _grouped(herds, ("village_id",), expr):
        produced[village] += tonnes or 0.0
    utilised = {
        v: float(q or 0)
        for v, q in _grouped(utilised_in_window(records, today), ("village_id",), "quantity_t")
    }
    wanted = set(villages)
    parts: dict[int, tuple[float, float]] = {}
    for village in (produced.keys() | utilised.keys()) & wanted:
        p = produced.get(village, 0.0)
        if p <= 0 and not utilised.get(village):
            continue
        parts[village] = (min(utilised.get(village, 0.0), p), p)
    return parts


# --- the summary page -----------------------------------------------------------------------


@dataclass
class Figures:
    """Produced and utilised tonnes of one row of the summary (a region, a species)."""

    label: str
    key: Any = None
    produced: float = 0.0
    utilised: float = 0.0  # as recorded
    counted: float = 0.0  # utilised counted towards the rate (capped per village)
    code: str = ""

    @property
    def rate(self) -> float | None:
        return self.counted / self.produced * 100 if self.produced > 0 else None

    @property
    def below_target(self) -> bool:
        return self.rate is not None and self.rate < TARGET


@dataclass
class FarmFigures:
    farm: Farm
    produced: float
    utilised: float

    @property
    def rate(self) -> float | None:
        return min(self.utilised, self.produced) / self.produced * 100 if self.produced else None

    @property
    def below_target(self) -> bool:
        return self.rate is not None and self.rate < TARGET


@dataclass
class Summary:
    total: Figures
    by_child: list[Figures] = field(default_factory=list)
    by_species: list[Figures] = field(default_factory=list)
    farms_below: list[FarmFigures] = field(default_factory=list)
    farms: int = 0


def summarise(
    scope: Q,
    farms: QuerySet[Farm],
    households: QuerySet[HouseholdLivestock],
    records: QuerySet[ManureUtilisation],
    children: list[Any],
    child_field: str,
    today: datetime.date | None = None,
) -> Summary:
    """Produced vs utilised inside ``scope`` by child region (``child_field``) and by species.

    ``farms``/``households``/``records`` are already restricted to what the user may see.
    """
    from .choices import Species

    per_year = coefficients.per_year_t()
    expr = tonnes_expression(per_year)
    # (village, species) -> [produced, utilised]
    cells: dict[tuple[int, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    child_of: dict[int, int] = {}
    same = child_field == "village_id"  # a village's page: its one row is itself
    keys = ("village_id", "species") if same else ("village_id", "species", child_field)
    in_window = utilised_in_window(records.filter(scope), today)
    parts = [
        (0, _grouped(active_farms(farms).filter(scope), keys, expr)),
        (0, _grouped(households.filter(scope), keys, expr)),
        (1, _grouped(in_window, keys, "quantity_t")),
    ]
    for index, grouped in parts:
        for village, species, *rest in grouped:
            child, value = (village, rest[0]) if same else (rest[0], rest[1])
            cells[(village, species)][index] += float(value or 0)
            child_of[village] = child
    by_village: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for (village, _species), (p, u) in cells.items():
        by_village[village][0] += p
        by_village[village][1] += u
    counted = {v: min(u, p) for v, (p, u) in by_village.items()}
    total = Figures(label="")
    rows = {c.pk: Figures(label=c.name, key=c.pk, code=c.code) for c in children}
    for village, (p, u) in by_village.items():
        total.produced += p
        total.utilised += u
        total.counted += counted[village]
        row = rows.get(child_of.get(village, -1))
        if row is not None:
            row.produced += p
            row.utilised += u
            row.counted += counted[village]
    species_rows: dict[str, Figures] = {
        str(s): Figures(label=str(s.label), key=str(s)) for s in Species
    }
    for (_village, species), (p, u) in cells.items():
        row = species_rows.get(species)
        if row is None:
            continue
        row.produced += p
        row.utilised += u
    for row in species_rows.values():
        row.counted = min(row.utilised, row.produced)
    farm_rows = farm_figures(active_farms(farms).filter(scope), records.filter(scope), today)
    return Summary(
        total=total,
        by_child=[r for r in rows.values() if r.produced or r.utilised],
        by_species=[r for r in species_rows.values() if r.produced or r.utilised],
        farms_below=sorted(
            (f for f in farm_rows if f.below_target), key=lambda f: (f.rate or 0, f.farm.code)
        ),
        farms=len(farm_rows),
    )


def farm_figures(
    farms: QuerySet[Farm],
    records: QuerySet[ManureUtilisation],
    today: datetime.date | None = None,
) -> list[FarmFigures]:
    """Each farm's produced and utilised tonnes (one query for farms, one for the records)."""
    per_year = coefficients.per_year_t()
    rows = list(farms.select_related("region").order_by("code"))
    used = dict(
        _grouped(
            utilised_in_window(records.filter(farm__isnull=False), today),
            ("farm_id",),
            "quantity_t",
        )
    )
    return [
        FarmFigures(f, f.head_count * per_year.get(f.species, 0.0), float(used.get(f.pk) or 0))
        for f in rows
    ]
