"""Demo step: livestock farms, household livestock, manure utilisation and dead-animal
disposals (all simulated, ``is_simulated=True``).

Proportions (simulated; Liaocheng is a large pig, poultry and meat-duck area):

- scale farms: about 1.25 per village at scale 1 (≈3,000 in the city), at least one per county;
  species by :data:`FARM_SPECIES` with its head-count range (stock on hand);
- household livestock: in each village some species kept by households, head counts per
  simulated household (so they follow the scale);
- utilisation: one record a month over the last twelve months per farm, one for the year per
  household row; most farms use 92–100% of what they produce, about one in eight (at least one per
  county) only 55–88% (they show up below the 90% target); households' manure 85–100%;
- disposals: a few records a year per pig, poultry and cattle farm, by the county's centre.

Rows are drawn from streams seeded by the run's seed and the village code, so a row is the same
whatever the scale; a second run adds only codes that are missing; one audit event per town and
ledger.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from renju.core import audit
from renju.core.bulk import insert_rows
from renju.core.demo import DemoContext, demo_step
from renju.core.models.audit import AuditAction
from renju.households.models import Household
from renju.regions.choices import Level
from renju.regions.models import Region

from . import coefficients
from .choices import DisposalMethod, Species, UtilisationMethod
from .models import DeadAnimalDisposal, Farm, HouseholdLivestock, ManureUtilisation

FARMS_PER_VILLAGE = 1.25
# species: (weight, min head, max head, farm name suffix)
FARM_SPECIES: dict[str, tuple[float, int, int, str]] = {
    Species.PIG: (40, 500, 5000, "生猪养殖场"),
    Species.BROILER: (18, 10000, 50000, "肉鸡养殖场"),
    Species.LAYER: (14, 5000, 50000, "蛋鸡养殖场"),
    Species.DUCK_GOOSE: (12, 5000, 30000, "肉鸭养殖场"),
    Species.BEEF_CATTLE: (8, 100, 500, "肉牛养殖场"),
    Species.SHEEP_GOAT: (5, 300, 1000, "肉羊养殖场"),
    Species.DAIRY_CATTLE: (3, 200, 1000, "奶牛养殖场"),
}
# species: (share of villages, heads per simulated household)
HOUSEHOLD_SPECIES: dict[str, tuple[float, float]] = {
    Species.LAYER: (0.7, 4.0),
    Species.SHEEP_GOAT: (0.35, 0.6),
    Species.PIG: (0.25, 0.3),
    Species.BEEF_CATTLE: (0.2, 0.15),
}
BELOW_TARGET_SHARE = 0.12
FARM_METHODS = [
    UtilisationMethod.COMPOSTING,
    UtilisationMethod.ORGANIC_FERTILISER,
    UtilisationMethod.FIELD_APPLICATION,
    UtilisationMethod.BIOGAS,
]
HOUSEHOLD_METHODS = [UtilisationMethod.FIELD_APPLICATION, UtilisationMethod.COMPOSTING]
DISPOSAL_METHODS = [DisposalMethod.HIGH_TEMPERATURE, DisposalMethod.RENDERING]
DEATHS_PER_RECORD: dict[str, tuple[int, int]] = {
    Species.PIG: (3, 30),
    Species.BROILER: (50, 400),
    Species.LAYER: (30, 300),
    Species.DUCK_GOOSE: (50, 300),
    Species.BEEF_CATTLE: (1, 3),
    Species.DAIRY_CATTLE: (1, 4),
    Species.SHEEP_GOAT: (1, 8),
}
OPERATOR_SURNAMES = "王张李刘陈杨赵孙马吴高周徐"
OPERATOR_GIVEN = "建国志强海军明德永福立新长江庆丰晓东宝山"
FACILITIES = [
    "干粪棚、污水贮存池",
    "干粪棚、沼气池",
    "堆肥发酵场、污水贮存池",
    "异位发酵床",
    "有机肥加工车间、贮存池",
]


def _ancestors(village: Region) -> dict[str, Any]:
    return {
        "region_id": village.pk,
        "city_id": village.city_id,
        "county_id": village.county_id,
        "town_id": village.town_id,
        "village_id": village.pk,
        "is_simulated": True,
    }


def _pick(rng: random.Random, weights: dict[str, tuple[Any, ...]]) -> str:
    keys = list(weights)
    return str(rng.choices(keys, weights=[weights[k][0] for k in keys])[0])


def _tonnes(value: float) -> Decimal:
    return Decimal(str(max(0.01, round(value, 2))))


def _farm_villages(ctx: DemoContext, villages: list[Region]) -> dict[int, bool]:
    """The villages with a farm, and whether that farm falls short of the target: per county a
    deterministic sample, at least one farm, and at least one farm short of the target."""
    by_county: dict[int, list[Region]] = defaultdict(list)
    for village in villages:
        by_county[village.county_id or 0].append(village)
    chosen: dict[int, bool] = {}
    for county_id, members in sorted(by_county.items()):
        rng = ctx.rng(f"livestock-farms:{county_id}")
        order = sorted(members, key=lambda v: v.code)
        rng.shuffle(order)
        n = min(len(order), max(1, round(len(members) * FARMS_PER_VILLAGE * ctx.scale)))
        short = [rng.random() < BELOW_TARGET_SHARE for _ in range(n)]
        short[0] = short[0] or not any(short)
        chosen.update({v.pk: s for v, s in zip(order[:n], short, strict=True)})
    return chosen


@demo_step("livestock", order=60)
def simulate_livestock(ctx: DemoContext) -> None:
    """Farms, household livestock, utilisation and disposals for the demo city."""
    villages = list(
        Region.objects.current()
        .filter(city__code=ctx.city_code, level=Level.VILLAGE)
        .order_by("code")
    )
    counties = {
        c.pk: c.name
        for c in Region.objects.current().filter(city__code=ctx.city_code, level=Level.COUNTY)
    }
    households = dict(
        Household.objects.filter(is_simulated=True)
        .values_list("village_id")
        .annotate(n=Count("pk"))
        .values_list("village_id", "n")
    )
    per_year = coefficients.per_year_t()
    today = timezone.localdate()
    with_farm = _farm_villages(ctx, villages)
    have = {
        model: set(model.objects.filter(is_simulated=True).values_list("code", flat=True))
        for model in (Farm, HouseholdLivestock, ManureUtilisation, DeadAnimalDisposal)
    }
    rows: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    added: dict[tuple[int, Any], int] = defaultdict(int)  # (town, model) -> rows
    for village in villages:
        rng = ctx.rng(f"livestock:{village.code}")
        county = counties.get(village.county_id or 0, "")
        new: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        if village.pk in with_farm:
            _farm(rng, village, county, per_year, today, new, short=with_farm[village.pk])
        _household(rng, village, county, households.get(village.pk, 0), per_year, today, new)
        for model, items in new.items():
            fresh = [r for r in items if r["code"] not in have[model]]
            rows[model].extend(fresh)
            if fresh:
                added[(village.town_id or 0, model)] += len(fresh)
    towns = Region.objects.in_bulk({town for town, _model in added})
    events = [
        audit.build(
            AuditAction.CREATE,
            object_type=model._meta.label_lower,
            object_repr=f"seed-demo: {count} {model._meta.verbose_name_plural}",
            region=towns.get(town),
            note="simulated livestock",
        )
        for (town, model), count in sorted(added.items(), key=lambda x: (x[0][0], str(x[0][1])))
    ]
    with transaction.atomic():
        farm_rows = rows.pop(Farm, [])
        insert_rows(Farm, farm_rows)
        farm_ids = dict(Farm.objects.filter(is_simulated=True).values_list("code", "pk"))
        for model in (HouseholdLivestock, ManureUtilisation, DeadAnimalDisposal):
            items = rows.get(model, [])
            for row in items:
                farm_code = row.pop("farm_code", None)
                if model is not HouseholdLivestock:
                    row["farm_id"] = farm_ids.get(farm_code) if farm_code else None
            insert_rows(model, items)
        audit.record_many(events)
    ctx.log(
        f"livestock: {len(farm_rows):,} farms, {len(rows.get(HouseholdLivestock, [])):,} "
        f"household rows, {len(rows.get(ManureUtilisation, [])):,} utilisation records, "
        f"{len(rows.get(DeadAnimalDisposal, [])):,} disposals"
    )


def _farm(
    rng: random.Random,
    village: Region,
    county: str,
    per_year: dict[str, float],
    today: datetime.date,
    new: dict[Any, list[dict[str, Any]]],
    short: bool,
) -> None:
    species = _pick(rng, FARM_SPECIES)
    _w, low, high, suffix = FARM_SPECIES[species]
    heads = rng.randint(low, high)
    operator = rng.choice(OPERATOR_SURNAMES) + "".join(rng.sample(OPERATOR_GIVEN, 2))
    code = f"{village.code}F01"
    new[Farm].append(
        {
            "code": code,
            "name": f"{village.name}{operator[0]}氏{suffix}",
            "operator": operator if rng.random() < 0.6 else f"聊城{operator[1:]}牧业有限公司",
            "species": species,
            "head_count": heads,
            "capacity": int(heads * rng.uniform(1.0, 1.4)),
            "storage_m3": Decimal(str(round(heads * per_year.get(species, 0) * 0.3, 1))),
            "facilities": rng.choice(FACILITIES),
            "status": "active",
            **_ancestors(village),
        }
    )
    share = rng.uniform(0.55, 0.88) if short else rng.uniform(0.92, 1.0)
    monthly = heads * per_year.get(species, 0) * share / 12
    receiver = f"{county}绿源粪污资源化利用农民专业合作社"
    for month in range(12):
        day = today - datetime.timedelta(days=30 * month + rng.randint(0, 25))
        method = rng.choice(FARM_METHODS)
        new[ManureUtilisation].append(
            {
                "code": f"{code}-U{month + 1:02d}",
                "farm_code": code,
                "species": species,
                "utilised_on": day,
                "method": str(method),
                "quantity_t": _tonnes(monthly * rng.uniform(0.9, 1.1)),
                "receiver": receiver if method != UtilisationMethod.BIOGAS else "",
                "note": "",
                **_ancestors(village),
            }
        )
    low_d, high_d = DEATHS_PER_RECORD[species]
    for k in range(rng.randint(2, 5)):
        new[DeadAnimalDisposal].append(
            {
                "code": f"{code}-D{k + 1:02d}",
                "farm_code": code,
                "disposed_on": today - datetime.timedelta(days=rng.randint(0, 360)),
                "species": species,
                "count": rng.randint(low_d, high_d),
                "method": str(rng.choice(DISPOSAL_METHODS)),
                "disposer": f"{county}病死畜禽无害化处理中心",
                "note": "",
                **_ancestors(village),
            }
        )


def _household(
    rng: random.Random,
    village: Region,
    county: str,
    households: int,
    per_year: dict[str, float],
    today: datetime.date,
    new: dict[Any, list[dict[str, Any]]],
) -> None:
    for index, (species, (share, per_household)) in enumerate(HOUSEHOLD_SPECIES.items()):
        kept, factor, rate = rng.random() < share, rng.uniform(0.5, 1.5), rng.uniform(0.85, 1.0)
        if not kept:
            continue
        heads = max(1, round(households * per_household * factor))
        code = f"{village.code}H{index + 1:02d}"
        new[HouseholdLivestock].append(
            {
                "code": code,
                "species": str(species),
                "head_count": heads,
                "households": max(1, round(households * share * 0.5)),
                "counted_on": today.replace(month=1, day=1),
                **_ancestors(village),
            }
        )
        new[ManureUtilisation].append(
            {
                "code": f"{code}-U1",
                "farm_code": None,
                "species": str(species),
                "utilised_on": today - datetime.timedelta(days=rng.randint(0, 300)),
                "method": str(rng.choice(HOUSEHOLD_METHODS)),
                "quantity_t": _tonnes(heads * per_year.get(species, 0) * rate),
                "receiver": "",
                "note": "本村农户全年粪污利用汇总",
                **_ancestors(village),
            }
        )
