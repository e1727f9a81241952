"""Demo step: the waste chain and resource-use ledgers, and the daily history (all simulated).

Rules (proportions simulated, after the shape of Liaocheng's county-run chain):

- per county: one operator (城乡环卫一体化) with a county-wide WASTE_COLLECTION service area and a
  contract collecting daily; about one town in ten has its own contract collecting every other
  day; one incineration plant (harmless); 莘县 and 冠县 also keep a sanitary landfill; 阳谷县
  still sends about 3% of its loads to a simple landfill (not harmless), so the city's rate is
  not trivially 100%;
- per town: a transfer station and two bin-lifting trucks; per county three compactor trucks;
- per village: collection points (one per ~50 households at scale 1; a third of the villages
  sort), a construction-waste site in ~85% of the administrative villages;
- daily collections for the last :func:`history_days` days: one load a village a day (two-day
  villages every other day), ~3% of the due days missed, ~1% with no destination recorded; the
  kilograms from the real resident population × 0.6 kg × noise; each station's daily intake goes
  on to the plants, weighed (−7% to +2%);
- crop-vine points (mostly in 莘县), recycling points (one per town) with monthly records,
  organic-waste facilities (one per county); points at ≥80% open their clearing case;
- rows are bulk-inserted (``insert_rows``) with one summary audit event per county and kind; a
  second run adds nothing.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from renju.accounts.demo import demo_county_company
from renju.accounts.models import Organisation, ServiceArea
from renju.core import audit
from renju.core.bulk import converter, insert_columns, insert_rows
from renju.core.demo import DemoContext, demo_step
from renju.core.models.audit import AuditAction
from renju.regions.choices import Kind, Level
from renju.regions.models import Region

from .choices import FacilityStatus, Material, OrganicKind, PlantKind, SiteState, VehicleKind
from .models import (
    Collection,
    CollectionPoint,
    ConstructionSite,
    CropVinePoint,
    OperatorContract,
    OrganicFacility,
    RecyclingPoint,
    RecyclingRecord,
    Transfer,
    TransferStation,
    TreatmentPlant,
    WasteVehicle,
)

LANDFILL_COUNTIES = {"371522", "371525"}  # 莘县, 冠县
SIMPLE_LANDFILL_COUNTY = "371521"  # 阳谷县
VINE_COUNTY = "371522"  # 莘县, the crop-vine pilot
KG_PER_PERSON = 0.6
MISS_SHARE = 0.03
UNRECORDED_SHARE = 0.01
SORTING_SHARE = 0.33
SITE_SHARE = 0.85


def history_days(scale: float) -> int:
    """Days of daily history: two weeks at the tests' scale (every test session seeds it), the
    indicators' 30-day window from scale 0.01, a year from 0.1 up."""
    if scale < 0.01:
        return 14
    return max(30, min(365, round(365 * scale * 10)))


def _ancestors(region: Region) -> dict[str, Any]:
    return {
        "region_id": region.pk,
        "city_id": region.city_id,
        "county_id": region.county_id,
        "town_id": region.town_id,
        "village_id": region.village_id,
    }


def _summary(model: Any, count: int, region: Region) -> Any:
    return audit.build(
        AuditAction.CREATE,
        object_type=model._meta.label_lower,
        object_repr=f"seed-demo: {count} {model._meta.verbose_name_plural}",
        region=region,
        note="simulated",
    )


def _blank_text(model: Any) -> dict[str, str]:
    """Empty strings for the optional text fields that ``insert_rows`` has no default for."""
    return {
        f.attname: ""
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.has_default() and not f.null
    }


def _insert(model: Any, rows: list[dict[str, Any]], events: list[Any], region: Region) -> int:
    if rows and model in (Collection, Transfer):
        insert_record_columns(model, rows)
        events.append(_summary(model, len(rows), region))
    elif rows:
        blank = _blank_text(model)
        insert_rows(model, ({**blank, **row} for row in rows))
        events.append(_summary(model, len(rows), region))
    return len(rows)


def insert_record_columns(model: Any, rows: list[dict[str, Any]]) -> int:
    """INSERT generated collections or transfers column by column (``core.bulk.insert_columns``).

    The generator's rows become one list per column; the ledger columns the generator does not
    make are derived a column at a time: a collection's ``region`` is its village and its code
    the village code + the day (YYMMDD) + ``01`` (one load a village a day); a transfer's region
    (and city, village) its station's, its code the generator's ticket. ``city`` comes from the
    region; ``created_at``/``updated_at`` take the insert's time (their defaults).
    """
    names = list(rows[0])
    columns: dict[str, list[Any]] = {}
    for name in names:
        field = model._meta.get_field(name.removesuffix("_id"))
        values = [row[name] for row in rows]
        convert = converter(field)
        columns[field.attname] = values if convert is None else list(map(convert, values))
    if model is Collection:
        villages = columns["village_id"]
        found = Region.objects.filter(pk__in=set(villages)).values_list("pk", "code", "city_id")
        code_of = {pk: code for pk, code, _city in found}
        city_of = {pk: city for pk, _code, city in found}
        days = {d: f"{d:%y%m%d}" for d in {row["collected_on"] for row in rows}}
        columns["region_id"] = villages
        columns["city_id"] = list(map(city_of.__getitem__, villages))
        columns["code"] = [
            code_of[v] + days[row["collected_on"]] + "01"
            for v, row in zip(villages, rows, strict=True)
        ]
    else:
        stations = columns["station_id"]
        where = {
            pk: (region, city, village)
            for pk, region, city, village in TransferStation.objects.filter(
                pk__in=set(stations)
            ).values_list("pk", "region_id", "region__city_id", "region__village_id")
        }
        located = list(map(where.__getitem__, stations))
        columns["region_id"] = [w[0] for w in located]
        columns["city_id"] = [w[1] for w in located]
        columns["village_id"] = [w[2] for w in located]
    return insert_columns(model, columns)


@demo_step("waste", order=60)
def simulate_waste(ctx: DemoContext) -> None:
    rng = ctx.rng("waste")
    counties = list(
        Region.objects.current()
        .filter(city__code=ctx.city_code, level=Level.COUNTY)
        .order_by("code")
    )
    towns_by_county: dict[int, list[Region]] = defaultdict(list)
    villages_by_town: dict[int, list[Region]] = defaultdict(list)
    for region in (
        Region.objects.current()
        .filter(city__code=ctx.city_code, level__in=(Level.TOWN, Level.VILLAGE))
        .order_by("code")
    ):
        if region.level == Level.TOWN and region.county_id:
            towns_by_county[region.county_id].append(region)
        elif region.town_id:
            villages_by_town[region.town_id].append(region)
    if TreatmentPlant.objects.filter(is_simulated=True, code__startswith="DEMO-").exists():
        ctx.log("waste: already seeded")
        return
    today = timezone.localdate()
    events: list[Any] = []
    counts: dict[str, int] = defaultdict(int)
    with transaction.atomic():
        for county in counties:
            towns = towns_by_county[county.pk]
            operator = _operator(county)
            plants = _plants(county, events)
            stations = _stations(county, towns, events)
            counts["vehicles"] += _vehicles(county, towns, operator, events)
            counts["contracts"] += _contracts(rng, county, towns, operator, today, events)
            villages = [v for t in towns for v in villages_by_town[t.pk]]
            counts["points"] += _points(rng, ctx.scale, county, villages, events)
            counts["sites"] += _sites(rng, county, villages, events)
            counts["vines"] += _vines(rng, county, villages, events)
            counts["recycling"] += _recycling(rng, county, towns, today, events)
            counts["organic"] += _organic(county, towns, events)
            intervals = _town_intervals(county)
            rows, transfers = history(
                rng, villages, stations, plants, intervals, today, history_days(ctx.scale)
            )
            counts["collections"] += _insert(Collection, rows, events, county)
            counts["transfers"] += _insert(Transfer, transfers, events, county)
        audit.record_many(events)
    _open_demo_cases(ctx)
    ctx.log("waste: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))


# --- ledgers -----------------------------------------------------------------------------------


def _operator(county: Region) -> Organisation:
    return demo_county_company(
        county,
        "WASTE",
        f"{county.name}城乡环卫一体化运营有限公司",
        f"0635-{county.code[-3:]}2468",
        ServiceArea.Service.WASTE_COLLECTION,
    )


def _plants(county: Region, events: list[Any]) -> list[dict[str, Any]]:
    specs = [("01", "生活垃圾焚烧发电厂", PlantKind.INCINERATION, True, 600)]
    if county.code in LANDFILL_COUNTIES:
        specs.append(("02", "生活垃圾卫生填埋场", PlantKind.SANITARY_LANDFILL, True, 300))
    if county.code == SIMPLE_LANDFILL_COUNTY:
        specs.append(("09", "简易垃圾填埋点", PlantKind.SIMPLE_LANDFILL, False, 50))
    rows = [
        {
            "code": f"DEMO-{county.code}-P{suffix}",
            "name": f"{county.name}{name}",
            "kind": kind,
            "harmless": harmless,
            "capacity_t_day": Decimal(capacity),
            "status": FacilityStatus.IN_SERVICE,
            "is_simulated": True,
            **_ancestors(county),
        }
        for suffix, name, kind, harmless, capacity in specs
    ]
    _insert(TreatmentPlant, rows, events, county)
    return list(TreatmentPlant.objects.filter(county=county).values("pk", "kind", "harmless"))


def _stations(county: Region, towns: list[Region], events: list[Any]) -> dict[int, int]:
    rows = [
        {
            "code": f"DEMO-{t.code}-ZZ",
            "name": f"{t.name}垃圾中转站",
            "capacity_t_day": Decimal(60),
            "compactor": True,
            "status": FacilityStatus.IN_SERVICE,
            "is_simulated": True,
            **_ancestors(t),
        }
        for t in towns
    ]
    _insert(TransferStation, rows, events, county)
    return dict(TransferStation.objects.filter(county=county).values_list("town_id", "pk"))


def _vehicles(
    county: Region, towns: list[Region], operator: Organisation, events: list[Any]
) -> int:
    rows = [
        {
            "code": f"鲁P{county.code[-2:]}{i:03d}",
            "kind": VehicleKind.COMPACTOR,
            "capacity_t": Decimal("8.00"),
            "operator_id": operator.pk,
            "status": FacilityStatus.IN_SERVICE,
            "is_simulated": True,
            **_ancestors(county),
        }
        for i in range(3)
    ]
    for n, town in enumerate(towns):
        for i in range(2):
            rows.append(
                {
                    "code": f"鲁P{county.code[-2:]}{100 + 2 * n + i:03d}",
                    "kind": VehicleKind.BUCKET_LIFTER,
                    "capacity_t": Decimal("2.50"),
                    "operator_id": operator.pk,
                    "status": FacilityStatus.IN_SERVICE,
                    "is_simulated": True,
                    **_ancestors(town),
                }
            )
    return _insert(WasteVehicle, rows, events, county)


STANDARD = "日产日清；收集点周边无散落垃圾；车辆密闭运输、无滴漏；收运台账每日上传"


def _contracts(
    rng: random.Random,
    county: Region,
    towns: list[Region],
    operator: Organisation,
    today: datetime.date,
    events: list[Any],
) -> int:
    start = today.replace(month=1, day=1) - datetime.timedelta(days=365)
    base = {
        "operator_id": operator.pk,
        "start_date": start,
        "end_date": start.replace(year=start.year + 3) - datetime.timedelta(days=1),
        "is_simulated": True,
    }
    rows = [
        {
            **base,
            "code": f"DEMO-{county.code}-HT",
            "price": Decimal(rng.randrange(900, 1800) * 10_000),
            "interval_days": 1,
            "service_standard": STANDARD,
            **_ancestors(county),
        }
    ]
    for town in towns:
        if rng.random() < 0.1:
            rows.append(
                {
                    **base,
                    "code": f"DEMO-{town.code}-HT",
                    "price": Decimal(rng.randrange(40, 90) * 10_000),
                    "interval_days": 2,
                    "service_standard": "隔日收运；收集点周边无散落垃圾",
                    **_ancestors(town),
                }
            )
    return _insert(OperatorContract, rows, events, county)


def _town_intervals(county: Region) -> dict[int, int]:
    return dict(
        OperatorContract.objects.filter(county=county, region__level=Level.TOWN).values_list(
            "town_id", "interval_days"
        )
    )


def _points(
    rng: random.Random, scale: float, county: Region, villages: list[Region], events: list[Any]
) -> int:
    rows = []
    for v in villages:
        households = v.household_count or 300
        for i in range(max(1, round(households * max(scale, 0.004) / 50))):
            bins = rng.randint(4, 12)
            rows.append(
                {
                    "code": f"{v.code}SJ{i + 1:02d}",
                    "name": f"{v.name}垃圾收集点{i + 1}",
                    "bins": bins,
                    "capacity_m3": Decimal(bins * 240) / 1000,
                    "sorting": rng.random() < SORTING_SHARE,
                    "status": FacilityStatus.IN_SERVICE,
                    "is_simulated": True,
                    **_ancestors(v),
                }
            )
    return _insert(CollectionPoint, rows, events, county)


def _sites(rng: random.Random, county: Region, villages: list[Region], events: list[Any]) -> int:
    rows = []
    for v in villages:
        if v.kind not in (Kind.VILLAGE_COMMITTEE, Kind.VILLAGE_LIKE) or rng.random() > SITE_SHARE:
            continue
        rows.append(
            {
                "code": f"{v.code}JZ01",
                "name": f"{v.name}建筑垃圾存放点",
                "location": f"{v.name}村西空地",
                "latitude": v.latitude,
                "longitude": v.longitude,
                "capacity_m3": Decimal(rng.choice((50, 80, 100, 150))),
                "state": SiteState.FULL if rng.random() < 0.08 else SiteState.IN_USE,
                "is_simulated": True,
                **_ancestors(v),
            }
        )
    return _insert(ConstructionSite, rows, events, county)


def _vines(rng: random.Random, county: Region, villages: list[Region], events: list[Any]) -> int:
    share = 0.25 if county.code == VINE_COUNTY else 0.02
    rows = []
    now = timezone.now()
    for v in villages:
        if rng.random() >= share:
            continue
        level = min(100, int(rng.betavariate(2, 3) * 100))
        rows.append(
            {
                "code": f"{v.code}GY01",
                "name": f"{v.name}瓜菜秧暂存点",
                "capacity_t": Decimal(rng.choice((20, 30, 50))),
                "fill_level": level,
                "reported_at": now - datetime.timedelta(hours=rng.randint(1, 48)),
                "is_simulated": True,
                **_ancestors(v),
            }
        )
    return _insert(CropVinePoint, rows, events, county)


def _recycling(
    rng: random.Random,
    county: Region,
    towns: list[Region],
    today: datetime.date,
    events: list[Any],
) -> int:
    points = [
        {
            "code": f"DEMO-{t.code}-HS",
            "name": f"{t.name}农业废弃物回收点",
            "takes_packaging": True,
            "takes_film": True,
            "collector": f"{t.name}供销社再生资源回收站",
            "status": FacilityStatus.IN_SERVICE,
            "is_simulated": True,
            **_ancestors(t),
        }
        for t in towns
    ]
    _insert(RecyclingPoint, points, events, county)
    by_code = dict(RecyclingPoint.objects.filter(county=county).values_list("code", "pk"))
    rows = []
    for town in towns:
        point = by_code[f"DEMO-{town.code}-HS"]
        for month in range(12):
            day = today - datetime.timedelta(days=30 * month + rng.randint(0, 20))
            for n, (material, mean) in enumerate(
                [
                    (Material.PESTICIDE_PACKAGING, 120),
                    (Material.FERTILISER_PACKAGING, 300),
                    (Material.AGRICULTURAL_FILM, 800),
                ]
            ):
                rows.append(
                    {
                        "code": f"DEMO-{town.code}-HS-{month:02d}{n}",
                        "point_id": point,
                        "recorded_on": day,
                        "material": material,
                        "weight_kg": Decimal(round(mean * rng.uniform(0.4, 1.6), 1)),
                        "collector": f"{town.name}供销社再生资源回收站",
                        "is_simulated": True,
                        **_ancestors(town),
                    }
                )
    return _insert(RecyclingRecord, rows, events, county)


def _organic(county: Region, towns: list[Region], events: list[Any]) -> int:
    if not towns:
        return 0
    town = towns[len(towns) // 2]
    rows = [
        {
            "code": f"DEMO-{town.code}-YJ",
            "name": f"{town.name}有机废弃物处理中心",
            "kind": OrganicKind.COMPOSTING
            if county.code != VINE_COUNTY
            else OrganicKind.FEED_FERTILISER,
            "capacity_t_day": Decimal(30),
            "feedstock": "瓜菜秧、秸秆、畜禽粪污"
            if county.code == VINE_COUNTY
            else "秸秆、厨余垃圾",
            "status": FacilityStatus.IN_SERVICE,
            "is_simulated": True,
            **_ancestors(town),
        }
    ]
    return _insert(OrganicFacility, rows, events, county)


# --- history -----------------------------------------------------------------------------------


def history(
    rng: random.Random,
    villages: list[Region],
    stations: dict[int, int],
    plants: list[dict[str, Any]],
    intervals: dict[int, int],
    today: datetime.date,
    days: int,
    simulated: bool = True,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Daily collections of ``villages`` and their stations' transfers, ``days`` up to today."""
    collections = list(
        _collections(rng, villages, stations, plants, intervals, today, days, simulated)
    )
    return collections, _transfers(rng, collections, stations, plants, simulated)


def _collections(
    rng: random.Random,
    villages: list[Region],
    stations: dict[int, int],
    plants: list[dict[str, Any]],
    intervals: dict[int, int],
    today: datetime.date,
    days: int,
    simulated: bool,
) -> Iterator[dict[str, Any]]:
    first = today - datetime.timedelta(days=days - 1)
    main_plant = plants[0]["pk"] if plants else None
    r = rng.random
    for v in villages:
        people = v.resident_population or v.registered_population or 900
        daily = people * KG_PER_PERSON
        interval = intervals.get(v.town_id or 0, 1)
        station = stations.get(v.town_id or 0)
        base = {
            "village_id": v.pk,
            "town_id": v.town_id,
            "county_id": v.county_id,
            "volume_l": None,
            "estimated": False,
            "vehicle_id": None,
            "is_simulated": simulated,
        }
        for offset in range(0, days, interval):
            if r() < MISS_SHARE:
                continue
            destination = r()
            yield {
                **base,
                "collected_on": first + datetime.timedelta(days=offset),
                "time": f"{6 + int(r() * 4):02d}:{int(r() * 60):02d}:00",  # insert_rows: text
                "weight_kg": int(daily * interval * (0.75 + 0.5 * r())),
                "station_id": station if destination >= UNRECORDED_SHARE and station else None,
                "plant_id": main_plant
                if station is None and destination >= UNRECORDED_SHARE
                else None,
            }


# The demo's transfer lorry carries up to 20 t a load (a hook-lift container lorry's order of
# magnitude; our choice): a station's day above that goes in several loads, each its ticket,
# all under the ticket's bound (models.TRANSFER_MAX_KG).
DEMO_LOAD_KG = 20_000


def _transfers(
    rng: random.Random,
    collections: list[dict[str, Any]],
    stations: dict[int, int],
    plants: list[dict[str, Any]],
    simulated: bool,
) -> list[dict[str, Any]]:
    town_of = {pk: town for town, pk in stations.items()}
    intake: dict[tuple[int, datetime.date], int] = defaultdict(int)
    county_of: dict[int, int] = {}
    for row in collections:
        if row["station_id"] is not None:
            intake[(row["station_id"], row["collected_on"])] += row["weight_kg"]
            county_of[row["station_id"]] = row["county_id"]
    harmless = [p["pk"] for p in plants if p["harmless"]]
    dump = [p["pk"] for p in plants if not p["harmless"]]
    rows = []
    for (station, day), kg in sorted(intake.items()):
        plant = dump[0] if dump and rng.random() < 0.03 else (harmless or dump)[0]
        net = int(kg * rng.uniform(0.93, 1.02))
        loads = -(-net // DEMO_LOAD_KG)  # a day's haul in lorry loads, one ticket each
        for n in range(loads):
            rows.append(
                {
                    "station_id": station,
                    "plant_id": plant,
                    "town_id": town_of[station],
                    "county_id": county_of[station],
                    "transferred_on": day,
                    "time": f"{14 + n % 8}:{rng.randrange(60):02d}:00",
                    "net_kg": net // loads + (1 if n < net % loads else 0),
                    "code": f"B{day:%y%m%d}{station % 10000:04d}" + (f"-{n + 1}" if n else ""),
                    "vehicle_id": None,
                    "is_simulated": simulated,
                }
            )
    return rows


def _open_demo_cases(ctx: DemoContext) -> None:
    """Clearing cases for the full crop-vine points; a few overflow reports."""
    from renju.core.audit import audit_context

    from .records import report_overflow
    from .vines import open_full_cases

    with audit_context(channel="system"):
        open_full_cases(None, CropVinePoint.objects.filter(is_simulated=True))
        rng = ctx.rng("waste-overflow")
        points = list(CollectionPoint.objects.filter(is_simulated=True).order_by("code")[:2000])
        for point in rng.sample(points, min(5, len(points))):
            report_overflow(point, reporter_name="网格员", description="收集点垃圾满溢，未及时清运")
