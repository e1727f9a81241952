"""Mode recommendation for untreated villages (S10): transparent rules over a village's
attributes, with parameters the city sets and each county may override.

The rules, in order (the first that holds decides):

1. **Sewer connection** — the village lies within ``sewer_distance_km`` of a sewer: a town or
   city plant, or a village already connected (纳管), in its county.
2. **Village centralised plant** — an urban-fringe, town-seat or central village (the policy's
   areas of concentrated population) with at least ``plant_min_households`` households that is
   not dispersed.
3. **Resource reuse** — a remote, small (fewer than ``small_population`` residents) or
   dispersed (fewer than ``dispersed_households`` households per settlement) village uses local
   reuse where the county has reuse options ("位置偏远、常住人口较少、居住分散的村庄…就地就近实现
   资源化利用"); without them, **decentralised** cluster or household units.
4. Otherwise a village of at least ``plant_min_households`` households gets a **village
   plant**, a smaller one **decentralised** units.

A village along the Yellow River mainline is told that a plant there should meet level 1.
Settlement density is measured as households per settlement (the village's hamlets, or one).

Priority of the untreated list (the policy's priority areas first): tier 1 the urban fringe,
town seats and central villages ("城乡接合部、乡镇政府驻地、中心村…要重点进行治理") and every
village on the Yellow River mainline ("重点监管沿黄干线所有行政村"); tier 2 ordinary villages;
tier 3 remote ones; within a tier Yellow River villages first, then by resident population.
Revitalisation zones (乡村振兴片区) are not yet a village attribute (a change to regions).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renju.regions.choices import Level, LocationClass
from renju.regions.models import Region

from .choices import FacilityKind, Mode

DEFAULT_SOURCE = "renju 默认值，未见公开出处（待核实）；请设定本县的取值"
# Parameter defaults (待核实: renju's starting values, not from a cited document).
DEFAULTS: dict[str, Any] = {
    "sewer_distance_km": Decimal("2.0"),
    "plant_min_households": 300,
    "dispersed_households": 80,
    "small_population": 500,
    "reuse_available": True,
}
# Rough cost ranges per household (yuan): construction low, high; annual O&M low, high
# (待核实: orders of magnitude for planning only, to be replaced by the county's tenders).
DEFAULT_COSTS: dict[str, tuple[int, int, int, int]] = {
    Mode.SEWER: (3000, 6000, 60, 120),
    Mode.CENTRALISED: (5000, 10000, 100, 250),
    Mode.DECENTRALISED: (6000, 12000, 150, 300),
    Mode.REUSE: (1500, 4000, 30, 80),
}
PRIORITY_CLASSES = frozenset(
    {LocationClass.URBAN_FRINGE, LocationClass.TOWN_SEAT, LocationClass.CENTRAL}
)
CONCENTRATED_CLASSES = PRIORITY_CLASSES
SEWER_KINDS = frozenset({FacilityKind.TOWN_PLANT})


@dataclass
class Params:
    sewer_distance_km: Decimal
    plant_min_households: int
    dispersed_households: int
    small_population: int
    reuse_available: bool
    source: str
    costs: dict[str, tuple[int, int, int, int]]
    region_code: str = ""  # where the parameters come from ("" = code defaults)


# The recommendation's inputs by name (kept under their keys in each decision's trace).
INPUT_LABELS = {
    "location_class": gettext_lazy("location class"),
    "households": gettext_lazy("households"),
    "residents": gettext_lazy("resident population"),
    "settlements": gettext_lazy("settlements"),
    "households_per_settlement": gettext_lazy("households per settlement"),
    "nearest_sewer_km": gettext_lazy("distance to the nearest sewer (km)"),
    "nearest_sewer": gettext_lazy("nearest sewer"),
    "yellow_river": gettext_lazy("Yellow River mainline"),
    "reuse_available": gettext_lazy("reuse options available"),
    "parameters_from": gettext_lazy("parameters set by"),
}


@dataclass
class Recommendation:
    village: Region
    mode: str
    reasons: list[str]
    inputs: dict[str, Any]
    cost: tuple[int, int, int, int] | None
    tier: int
    priority_reasons: list[str] = field(default_factory=list)
    discharge_level: str = ""

    @property
    def mode_label(self) -> str:
        return str(Mode(self.mode).label)

    def shown_inputs(self) -> list[tuple[str, Any]]:
        """The inputs as the page shows them: named, choices and yes/no in words."""
        shown = []
        for key, value in self.inputs.items():
            if key == "location_class" and value:
                value = LocationClass(value).label
            elif key == "parameters_from" and value == "default":
                value = _("renju defaults")
            elif isinstance(value, bool):
                value = _("yes") if value else _("no")
            shown.append((str(INPUT_LABELS.get(key, key)), value))
        return shown

    def trace(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "reasons": self.reasons,
            "inputs": self.inputs,
            "cost": list(self.cost) if self.cost else None,
            "tier": self.tier,
        }


def params_for(county_id: int | None, city_id: int | None) -> Params:
    """The county's parameters, else the city's, else the code defaults."""
    from .models import ModeParameters

    rows = {
        p.region_id: p
        for p in ModeParameters.objects.filter(region_id__in=[i for i in (county_id, city_id) if i])
        .prefetch_related("costs")
        .select_related("region")
    }
    row = rows.get(county_id or 0) or rows.get(city_id or 0)
    if row is None:
        return Params(**DEFAULTS, source=DEFAULT_SOURCE, costs=dict(DEFAULT_COSTS))
    costs = dict(DEFAULT_COSTS)
    for cost in row.costs.all():
        costs[cost.mode] = (
            cost.construction_low,
            cost.construction_high,
            cost.om_low,
            cost.om_high,
        )
    return Params(
        sewer_distance_km=row.sewer_distance_km,
        plant_min_households=row.plant_min_households,
        dispersed_households=row.dispersed_households,
        small_population=row.small_population,
        reuse_available=row.reuse_available,
        source=row.source,
        costs=costs,
        region_code=row.region.code,
    )


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6,371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def sewer_points(county_ids: set[int], user: Any) -> dict[int, list[tuple[float, float, str]]]:
    """Per county: (lat, lon, label) of town/city plants and of villages connected to a sewer,
    as far as ``user`` may see them (a town official sees her town's; a county's, the county's)."""
    from .models import SewageFacility, TreatmentStatus

    points: dict[int, list[tuple[float, float, str]]] = defaultdict(list)
    plants = SewageFacility.objects.restrict(user).filter(
        county_id__in=county_ids, kind__in=sorted(SEWER_KINDS), latitude__isnull=False
    )
    for county, lat, lon, name in plants.values_list("county_id", "latitude", "longitude", "name"):
        if lat is not None and lon is not None:
            points[county].append((lat, lon, name))
    connected = (
        TreatmentStatus.objects.restrict(user)
        .filter(county_id__in=county_ids, mode=Mode.SEWER)
        .values_list("village_id", flat=True)
        .distinct()
    )
    for county, lat, lon, name in Region.objects.filter(
        pk__in=connected, latitude__isnull=False
    ).values_list("county_id", "latitude", "longitude", "name"):
        if lat is not None and lon is not None:
            points[county].append((lat, lon, name))
    return points


def settlements(villages: list[Region]) -> dict[int, int]:
    """Hamlets per village (at least one settlement each)."""
    from django.db.models import Count

    counts = dict(
        Region.objects.current()
        .filter(parent_id__in=[v.pk for v in villages], level=Level.HAMLET)
        .values_list("parent_id")
        .annotate(n=Count("pk"))
        .values_list("parent_id", "n")
    )
    return {v.pk: max(1, counts.get(v.pk, 0)) for v in villages}


def priority(village: Region) -> tuple[int, list[str]]:
    reasons = []
    if village.location_class in PRIORITY_CLASSES:
        reasons.append(str(LocationClass(village.location_class).label))
    if village.yellow_river:
        reasons.append(_("Yellow River mainline"))
    if reasons:
        return 1, reasons
    if village.location_class == LocationClass.REMOTE:
        return 3, []
    return 2, []


def recommend(
    village: Region,
    params: Params,
    points: list[tuple[float, float, str]],
    settlement_count: int = 1,
) -> Recommendation:
    """Apply the rules to one village."""
    households = village.household_count or 0
    residents = village.resident_population or 0
    per_settlement = households / max(1, settlement_count)
    nearest: tuple[float, str] | None = None
    if village.latitude is not None and village.longitude is not None:
        for lat, lon, label in points:
            d = distance_km(village.latitude, village.longitude, lat, lon)
            if nearest is None or d < nearest[0]:
                nearest = (d, label)
    limit = float(params.sewer_distance_km)
    inputs = {
        "location_class": village.location_class,
        "households": households,
        "residents": residents,
        "settlements": settlement_count,
        "households_per_settlement": round(per_settlement, 1),
        "nearest_sewer_km": round(nearest[0], 2) if nearest else None,
        "nearest_sewer": nearest[1] if nearest else "",
        "yellow_river": village.yellow_river,
        "reuse_available": params.reuse_available,
        "parameters_from": params.region_code or "default",
    }
    reasons: list[str] = []
    dispersed = per_settlement < params.dispersed_households
    small = residents < params.small_population
    remote = village.location_class == LocationClass.REMOTE
    if nearest is not None and nearest[0] <= limit:
        mode = Mode.SEWER
        reasons.append(
            _("%(km).1f km from the sewer at %(name)s (connect within %(limit)s km)")
            % {"km": nearest[0], "name": nearest[1], "limit": params.sewer_distance_km}
        )
    elif (
        village.location_class in CONCENTRATED_CLASSES
        and households >= params.plant_min_households
        and not dispersed
    ):
        mode = Mode.CENTRALISED
        reasons.append(
            _("%(cls)s with %(n)s households (at least %(min)s): a village plant")
            % {
                "cls": LocationClass(village.location_class).label,
                "n": households,
                "min": params.plant_min_households,
            }
        )
    elif remote or small or dispersed:
        if remote:
            reasons.append(_("remote village"))
        if small:
            reasons.append(
                _("%(n)s residents (fewer than %(min)s)")
                % {"n": residents, "min": params.small_population}
            )
        if dispersed:
            reasons.append(
                _("%(n).0f households per settlement (fewer than %(min)s): dispersed")
                % {"n": per_settlement, "min": params.dispersed_households}
            )
        if params.reuse_available:
            mode = Mode.REUSE
            reasons.append(_("the county has reuse options: local resource reuse"))
        else:
            mode = Mode.DECENTRALISED
            reasons.append(_("no reuse options in the county: cluster or household units"))
    elif households >= params.plant_min_households:
        mode = Mode.CENTRALISED
        reasons.append(
            _("%(n)s households (at least %(min)s), settled closely: a village plant")
            % {"n": households, "min": params.plant_min_households}
        )
    else:
        mode = Mode.DECENTRALISED
        reasons.append(
            _("%(n)s households (fewer than %(min)s): cluster or household units")
            % {"n": households, "min": params.plant_min_households}
        )
    if nearest is None:
        reasons.append(_("no sewer with known coordinates in the county"))
    elif mode != Mode.SEWER:
        reasons.append(
            _("nearest sewer %(km).1f km away (over %(limit)s km)")
            % {"km": nearest[0], "limit": params.sewer_distance_km}
        )
    level = ""
    if village.yellow_river and mode in (Mode.CENTRALISED, Mode.DECENTRALISED):
        level = "level_1"
        reasons.append(_("Yellow River mainline: the facility should meet level 1"))
    tier, why = priority(village)
    return Recommendation(
        village=village,
        mode=str(mode),
        reasons=reasons,
        inputs=inputs,
        cost=params.costs.get(mode),
        tier=tier,
        priority_reasons=why,
        discharge_level=level,
    )


def recommend_many(villages: list[Region], user: Any) -> list[Recommendation]:
    """Recommendations for ``villages``, sorted by priority (tier, Yellow River, residents)."""
    counties = {v.county_id for v in villages if v.county_id}
    points = sewer_points(counties, user)
    counts = settlements(villages)
    cache: dict[int | None, Params] = {}
    out = []
    for village in villages:
        if village.county_id not in cache:
            cache[village.county_id] = params_for(village.county_id, village.city_id)
        out.append(
            recommend(
                village,
                cache[village.county_id],
                points.get(village.county_id or 0, []),
                counts.get(village.pk, 1),
            )
        )
    out.sort(
        key=lambda r: (
            r.tier,
            not r.village.yellow_river,
            -(r.village.resident_population or 0),
            r.village.code,
        )
    )
    return out
