"""Demo step: simulated village attributes (population, location class, Yellow River flag,
centroid inside the real county boundary) and a few simulated hamlets."""

from __future__ import annotations

import json
import random

from django.db import transaction

from renju.core import audit
from renju.core.demo import DemoContext, demo_step
from renju.core.models.audit import AuditAction

from .choices import Kind, Level, LocationClass
from .models import Region

# Counties the Yellow River mainline crosses in Liaocheng (阳谷县, 东阿县); which villages lie
# along it is simulated here (a share of these counties' villages).
YELLOW_RIVER_COUNTIES = {"371521", "371524"}
YELLOW_RIVER_SHARE = 0.3
HAMLET_SHARE = 0.15  # share of villages given simulated hamlets (自然村)
# Mean households per village: Liaocheng's ~1 million rural households over 2,408 units.
MEAN_HOUSEHOLDS = 415


def _polygons(boundary: str) -> list[list[tuple[float, float]]]:
    geometry = json.loads(boundary)
    coordinates = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        coordinates = [coordinates]
    return [[(x, y) for x, y in polygon[0]] for polygon in coordinates]


def _inside(x: float, y: float, polygons: list[list[tuple[float, float]]]) -> bool:
    """Ray casting over the outer rings."""
    hit = False
    for ring in polygons:
        j = len(ring) - 1
        for i in range(len(ring)):
            xi, yi = ring[i]
            xj, yj = ring[j]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                hit = not hit
            j = i
    return hit


def _random_point(
    rng: random.Random,
    polygons: list[list[tuple[float, float]]],
    near: tuple[float, float] | None = None,
    spread: float = 0.04,
) -> tuple[float, float]:
    xs = [x for ring in polygons for x, _ in ring]
    ys = [y for ring in polygons for _, y in ring]
    for _attempt in range(200):
        if near:
            x, y = near[0] + rng.gauss(0, spread), near[1] + rng.gauss(0, spread)
        else:
            x, y = rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys))
        if _inside(x, y, polygons):
            return round(x, 5), round(y, 5)
    return near or ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)


def _location_class(rng: random.Random, village: Region) -> str:
    if village.kind in {Kind.RESIDENTS_COMMITTEE, Kind.RESIDENTS_LIKE}:
        return LocationClass.URBAN_FRINGE if rng.random() < 0.6 else LocationClass.TOWN_SEAT
    return rng.choices(
        [
            LocationClass.TOWN_SEAT,
            LocationClass.CENTRAL,
            LocationClass.ORDINARY,
            LocationClass.REMOTE,
        ],
        weights=[8, 17, 60, 15],
    )[0]


@demo_step("regions", order=10)
def simulate_villages(ctx: DemoContext) -> None:
    rng = ctx.rng("regions")
    counties = Region.objects.current().filter(level=Level.COUNTY, code__startswith=ctx.city_code)
    updated: list[Region] = []
    hamlets: list[Region] = []
    for county in counties.order_by("code"):
        polygons = _polygons(county.boundary) if county.boundary else []
        towns = Region.objects.current().filter(parent=county).order_by("code")
        for town in towns:
            center = _random_point(rng, polygons) if polygons else None
            for village in (
                Region.objects.current().filter(parent=town, level=Level.VILLAGE).order_by("code")
            ):
                households = max(30, int(rng.lognormvariate(0, 0.45) * MEAN_HOUSEHOLDS))
                village.household_count = households
                village.registered_population = int(households * rng.uniform(3.0, 3.6))
                village.resident_population = int(
                    village.registered_population * rng.uniform(0.6, 0.9)
                )
                village.location_class = _location_class(rng, village)
                village.yellow_river = (
                    county.code in YELLOW_RIVER_COUNTIES and rng.random() < YELLOW_RIVER_SHARE
                )
                if polygons and center:
                    village.longitude, village.latitude = _random_point(rng, polygons, center)
                village.attributes_simulated = True
                updated.append(village)
                if village.kind == Kind.VILLAGE_COMMITTEE and rng.random() < HAMLET_SHARE:
                    hamlets += _hamlets(rng, village)
    fields = [
        "household_count",
        "registered_population",
        "resident_population",
        "location_class",
        "yellow_river",
        "latitude",
        "longitude",
        "attributes_simulated",
    ]
    with transaction.atomic():
        Region.objects.bulk_update(updated, fields, batch_size=1000)
        existing = set(Region.objects.filter(level=Level.HAMLET).values_list("code", flat=True))
        new = [h for h in hamlets if h.code not in existing]
        Region.objects.bulk_create(new, batch_size=2000)
        audit.record_many(
            audit.build(AuditAction.CREATE, h, note="seed-demo: simulated hamlet") for h in new
        )
        audit.record(
            AuditAction.UPDATE,
            object_type="regions.region",
            object_repr=f"seed-demo: {len(updated)} villages",
            note="simulated village attributes",
        )
    ctx.data["hamlets"] = {h.code for h in Region.objects.filter(level=Level.HAMLET)}
    ctx.log(f"regions: {len(updated)} villages given simulated attributes, {len(new)} hamlets")


def _short_name(village: Region) -> str:
    return village.name.removesuffix("村委会").removesuffix("村民委员会")


def _hamlets(rng: random.Random, village: Region) -> list[Region]:
    out = []
    for i in range(1, rng.randint(2, 4) + 1):
        hamlet = Region(
            code=f"{village.code}{i:03d}",
            name=f"{_short_name(village)}{'东西南北中'[i - 1]}庄",
            level=Level.HAMLET,
            kind=Kind.HAMLET,
            parent=village,
            city_id=village.city_id,
            county_id=village.county_id,
            town_id=village.town_id,
            village_id=village.pk,
            attributes_simulated=True,
            latitude=village.latitude,
            longitude=village.longitude,
        )
        out.append(hamlet)
    return out
