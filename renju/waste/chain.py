"""The waste chain over a period: what left each village, reached the station, reached a plant.

Everything here is a few GROUP BYs over the daily records (indexed by ``(county|town, day)``)
and Python over the grouped rows, so a county's year (about 110,000 collections) stays fast.

Harmless treatment: a village's waste taken straight to a plant counts when that plant is
harmless; waste taken to a station counts in the share of what the station received in the
period that it delivered to harmless plants (capped at everything it received). The rate is
that ÷ the waste collected (default) or ÷ the waste generated (residents × per-capita figure ×
days), see :mod:`renju.waste.parameters` for the definition and its source.

Gaps flagged:

- a village whose collections (or the period's start and its first collection) are more than
  its interval apart, or whose last collection is more than its interval before the period's
  end, or with no collection at all (the interval is the most specific operator contract's in
  force, else :data:`DEFAULT_INTERVAL_DAYS`); the edge is exclusive: exactly the interval is on
  time;
- collections whose destination (station or plant) is not recorded;
- a station whose tonnage out differs from its tonnage in by more than
  :data:`STATION_BALANCE_TOLERANCE` of the tonnage in;
- waste delivered to a plant that is not harmless.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Min, Q, Sum

from renju.regions.choices import Level
from renju.regions.models import Region

from .models import (
    Collection,
    CollectionPoint,
    OperatorContract,
    Transfer,
    TransferStation,
    TreatmentPlant,
)
from .parameters import (
    DEFAULT_INTERVAL_DAYS,
    STATION_BALANCE_TOLERANCE,
    generation_kg_per_person_day,
    harmless_basis,
)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @classmethod
    def last_days(cls, days: int, today: datetime.date | None = None) -> Period:
        from django.utils import timezone

        end = today or timezone.localdate()
        return cls(end - datetime.timedelta(days=days - 1), end)


# --- intervals ---------------------------------------------------------------------------------


def intervals(villages: list[Region], period: Period) -> dict[int, int]:
    """The collection interval (days) each village is held to: its most specific contract."""
    contracts = OperatorContract.objects.filter(
        start_date__lte=period.end, end_date__gte=period.start
    ).values_list("region__level", "region_id", "interval_days")
    by_level: dict[int, dict[int, int]] = defaultdict(dict)
    for level, region_id, days in contracts:
        current = by_level[level].get(region_id)
        by_level[level][region_id] = days if current is None else min(current, days)
    found: dict[int, int] = {}
    for v in villages:
        found[v.pk] = (
            by_level[Level.VILLAGE].get(v.pk)
            or by_level[Level.TOWN].get(v.town_id or 0)
            or by_level[Level.COUNTY].get(v.county_id or 0)
            or DEFAULT_INTERVAL_DAYS
        )
    return found


def longest_gap(days: list[datetime.date], period: Period) -> int:
    """The longest wait, in days, between collections in the period (see the module's rule).

    From the day before the period to the first collection, between consecutive collections,
    and from the last collection to the period's end; no collection: the whole period + 1.
    """
    if not days:
        return period.days + 1
    ordered = sorted(set(days))
    previous = period.start - datetime.timedelta(days=1)
    longest = 0
    for day in ordered:
        longest = max(longest, (day - previous).days)
        previous = day
    return max(longest, (period.end - previous).days)


# --- harmless shares ---------------------------------------------------------------------------


def _plant_harmless() -> dict[int, bool]:
    return dict(TreatmentPlant.objects.values_list("pk", "harmless"))


def station_shares(
    received: dict[int, int], period: Period, station_ids: list[int] | None = None
) -> tuple[dict[int, float], dict[int, tuple[int, int]]]:
    """Per station: harmless share of what it received, and (sent, sent to harmless plants)."""
    harmless = _plant_harmless()
    rows = Transfer.objects.filter(transferred_on__range=(period.start, period.end))
    if station_ids is not None:
        rows = rows.filter(station_id__in=station_ids)
    sent: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for station, plant, kg in (
        rows.order_by().values_list("station_id", "plant_id").annotate(kg=Sum("net_kg"))
    ):
        sent[station][0] += kg
        if harmless.get(plant):
            sent[station][1] += kg
    shares = {s: (min(sent[s][1], kg) / kg if kg else 0.0) for s, kg in received.items()}
    return shares, {s: (v[0], v[1]) for s, v in sent.items()}


def harmless_parts(collections: Any, period: Period) -> tuple[dict[int, float], dict[int, float]]:
    """Per village: (harmless-treated kg, collected kg) over the period, from ``collections``."""
    harmless = _plant_harmless()
    rows = list(
        collections.filter(collected_on__range=(period.start, period.end))
        .order_by()
        .values_list("village_id", "station_id", "plant_id")
        .annotate(kg=Sum("weight_kg"))
    )
    received: dict[int, int] = defaultdict(int)
    for _village, station, _plant, kg in rows:
        if station is not None:
            received[station] += kg
    shares, _sent = station_shares(dict(received), period, list(received))
    treated: dict[int, float] = defaultdict(float)
    collected: dict[int, float] = defaultdict(float)
    for village, station, plant, kg in rows:
        collected[village] += kg
        if station is not None:
            treated[village] += kg * shares.get(station, 0.0)
        elif plant is not None and harmless.get(plant):
            treated[village] += kg
    return dict(treated), dict(collected)


def generated_kg(village: Region, period: Period) -> float | None:
    """Estimated waste generated: resident population × kg per person a day × days."""
    people = village.resident_population or village.registered_population
    if not people:
        return None
    return float(people * generation_kg_per_person_day() * period.days)


# --- the view ----------------------------------------------------------------------------------


@dataclass
class VillageRow:
    village: Region
    interval: int
    collected_kg: int = 0
    loads: int = 0
    days: int = 0
    last_day: datetime.date | None = None
    gap: int = 0
    to_station_kg: int = 0
    to_plant_kg: int = 0
    unrecorded_kg: int = 0
    harmless_kg: float = 0.0

    @property
    def late(self) -> bool:
        return self.gap > self.interval

    @property
    def flags(self) -> list[str]:
        from django.utils.translation import gettext as _

        out = []
        if not self.loads:
            out.append(_("no collection"))
        elif self.late:
            out.append(_("not collected within %(n)s day(s)") % {"n": self.interval})
        if self.unrecorded_kg:
            out.append(_("destination not recorded"))
        return out


@dataclass
class StationRow:
    station: TransferStation
    received_kg: int = 0
    sent_kg: int = 0
    harmless_sent_kg: int = 0

    @property
    def imbalance(self) -> bool:
        if not self.received_kg:
            return self.sent_kg > 0
        return abs(self.sent_kg - self.received_kg) > STATION_BALANCE_TOLERANCE * self.received_kg

    @property
    def flags(self) -> list[str]:
        from django.utils.translation import gettext as _

        out = []
        if self.imbalance:
            out.append(_("out differs from in"))
        if self.sent_kg > self.harmless_sent_kg:
            out.append(_("sent to a plant that is not harmless"))
        return out


@dataclass
class PlantRow:
    plant: TreatmentPlant
    from_stations_kg: int = 0
    direct_kg: int = 0

    @property
    def arrived_kg(self) -> int:
        return self.from_stations_kg + self.direct_kg


@dataclass
class ChainView:
    region: Region
    period: Period
    villages: list[VillageRow] = field(default_factory=list)
    stations: list[StationRow] = field(default_factory=list)
    plants: list[PlantRow] = field(default_factory=list)
    basis: str = "collected"
    generated_kg: float | None = None

    @property
    def collected_kg(self) -> int:
        return sum(v.collected_kg for v in self.villages)

    @property
    def at_stations_kg(self) -> int:
        return sum(v.to_station_kg for v in self.villages)

    @property
    def at_plants_kg(self) -> int:
        return sum(p.arrived_kg for p in self.plants)

    @property
    def harmless_kg(self) -> float:
        return sum(v.harmless_kg for v in self.villages)

    @property
    def harmless_rate(self) -> float | None:
        denominator = self.generated_kg if self.basis == "generated" else self.collected_kg
        if not denominator:
            return None
        return self.harmless_kg / denominator

    @property
    def late_villages(self) -> list[VillageRow]:
        return [v for v in self.villages if v.late]

    @property
    def flagged_stations(self) -> list[StationRow]:
        return [s for s in self.stations if s.flags]


def _scope_q(region: Region) -> Q:
    column = {Level.COUNTY: "county_id", Level.TOWN: "town_id"}[Level(region.level)]
    return Q(**{column: region.pk})


def chain_view(region: Region, period: Period) -> ChainView:
    """The chain of a town or a county over ``period`` (the caller has checked the scope)."""
    if region.level not in (Level.COUNTY, Level.TOWN):
        raise ValueError("the chain view is for a town or a county")
    scope = _scope_q(region)
    villages = list(Region.objects.current().filter(scope, level=Level.VILLAGE).order_by("code"))
    held = intervals(villages, period)
    rows = {v.pk: VillageRow(v, held[v.pk]) for v in villages}
    collections = Collection.objects.filter(scope, collected_on__range=(period.start, period.end))
    harmless = _plant_harmless()
    received: dict[int, int] = defaultdict(int)
    direct: dict[int, int] = defaultdict(int)
    by_village: dict[int, list[tuple[Any, Any, int, int]]] = defaultdict(list)
    for village, station, plant, kg, loads in (
        collections.order_by()
        .values_list("village_id", "station_id", "plant_id")
        .annotate(kg=Sum("weight_kg"), n=Count("pk"))
    ):
        by_village[village].append((station, plant, kg, loads))
        if station is not None:
            received[station] += kg
        elif plant is not None:
            direct[plant] += kg
    station_objs = {
        s.pk: s
        for s in TransferStation.objects.filter(Q(pk__in=list(received)) | scope).select_related(
            "region"
        )
    }
    shares, sent = station_shares(dict(received), period, list(station_objs))
    for village, groups in by_village.items():
        row = rows.get(village)
        if row is None:  # a village merged away since: its records still count in the totals
            continue
        for station, plant, kg, loads in groups:
            row.collected_kg += kg
            row.loads += loads
            if station is not None:
                row.to_station_kg += kg
                row.harmless_kg += kg * shares.get(station, 0.0)
            elif plant is not None:
                row.to_plant_kg += kg
                row.harmless_kg += kg if harmless.get(plant) else 0.0
            else:
                row.unrecorded_kg += kg
    days: dict[int, list[datetime.date]] = defaultdict(list)
    for village, day in collections.order_by().values_list("village_id", "collected_on").distinct():
        days[village].append(day)
    for pk, row in rows.items():
        row.days = len(days.get(pk, []))
        row.last_day = max(days[pk]) if days.get(pk) else None
        row.gap = longest_gap(days.get(pk, []), period)
    stations = [
        StationRow(
            s,
            received.get(pk, 0),
            sent.get(pk, (0, 0))[0],
            sent.get(pk, (0, 0))[1],
        )
        for pk, s in sorted(station_objs.items(), key=lambda item: item[1].code)
    ]
    plant_kg: dict[int, int] = defaultdict(int)
    for plant, kg in (
        Transfer.objects.filter(station_id__in=list(station_objs))
        .filter(transferred_on__range=(period.start, period.end))
        .order_by()
        .values_list("plant_id")
        .annotate(kg=Sum("net_kg"))
    ):
        plant_kg[plant] += kg
    plant_objs = TreatmentPlant.objects.filter(pk__in=set(plant_kg) | set(direct)).order_by("code")
    plants = [PlantRow(p, plant_kg.get(p.pk, 0), direct.get(p.pk, 0)) for p in plant_objs]
    view = ChainView(region, period, list(rows.values()), stations, plants, harmless_basis())
    if view.basis == "generated":
        estimates = [generated_kg(v, period) for v in villages]
        view.generated_kg = sum(e for e in estimates if e) or None
    return view


def timeliness_parts(villages: list[int], period: Period) -> dict[int, tuple[float, float]]:
    """Per village: (collections made, capped at those due; collections due) in the period.

    Due: the period's days ÷ the village's interval, rounded up; made: the distinct days with a
    collection, counted at most as due.
    """
    regions = list(Region.objects.filter(pk__in=villages).only("pk", "town_id", "county_id"))
    held = intervals(regions, period)
    made = dict(
        Collection.objects.filter(collected_on__range=(period.start, period.end))
        .order_by()
        .values_list("village_id")
        .annotate(n=Count("collected_on", distinct=True))
        .values_list("village_id", "n")
    )
    # Villages in the chain (a collection point or a collection) have data; others have none.
    with_points = set(CollectionPoint.objects.values_list("village_id", flat=True).distinct())
    wanted = set(villages) & (with_points | set(made))
    parts: dict[int, tuple[float, float]] = {}
    for village in wanted:
        n = made.get(village, 0)
        due = -(-period.days // held.get(village, DEFAULT_INTERVAL_DAYS))
        parts[village] = (float(min(n, due)), float(due))
    return parts


def village_summary(village: Region, period: Period) -> dict[str, Any]:
    """The village page's figures: days collected, kilograms, first and last day."""
    return Collection.objects.filter(
        village_id=village.pk, collected_on__range=(period.start, period.end)
    ).aggregate(
        kg=Sum("weight_kg"),
        loads=Count("pk"),
        first=Min("collected_on"),
        last=Max("collected_on"),
    )


def kg_to_t(kg: float | int | Decimal | None) -> float:
    return round(float(kg or 0) / 1000, 2)
