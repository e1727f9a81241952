"""Demo step: village sewage treatment at Liaocheng's proportions (all simulated).

Rules:

- each county has an O&M company (``DEMO-<county>-SEWAGE``) with a sewage O&M service area over
  the county, so fault cases are routed to it;
- about 70% of towns have a town plant in their town-seat village (sewer connections);
- one treatment-status row per village; the share treated depends on the location class
  (urban fringe and town seats most, remote villages least; Yellow River mainline villages
  more), about 55% overall, the city's 2025 goal; the mode follows the recommendation rules'
  spirit: connected near a town plant, a village plant in large concentrated villages, resource
  reuse in remote ones, cluster units otherwise;
- facilities: ~85% running normally, ~8% faulty, ~5% stopped (built and then left: the known
  failure), ~2% under construction; plants of ≥ 50 m³/d and Yellow River facilities at level 1;
- two effluent tests a year for plants (~88% within the limits), an inspection in the last
  quarter for every facility (a fault inspection for the faulty ones), O&M costs for last year;
- a direct-discharge point in about one village in ten, 70% of them closed;
- about 60% of the pump-outs whose sludge went to treatment are recorded as delivered to the
  county's first town plant (joint toilet-sewage governance);
- fault cases for some faulty facilities (in proportion to the scale, at least 5);
- the city's mode parameters (defaults, 待核实);
- the rows are bulk-inserted with one summary audit event per county and table; a second run
  adds nothing.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from renju.accounts.demo import demo_county_company
from renju.accounts.models import Organisation, ServiceArea
from renju.core import audit
from renju.core.bulk import insert_rows
from renju.core.demo import DemoContext, demo_step
from renju.core.models.audit import AuditAction
from renju.regions.choices import Level, LocationClass
from renju.regions.models import Region

from .choices import (
    DischargeLevel,
    FacilityKind,
    FaultKind,
    InspectionResult,
    Mode,
    PointState,
    RunningState,
)
from .models import (
    DischargePoint,
    FacilityInspection,
    ModeParameters,
    OMCost,
    SewageFacility,
    SludgeDelivery,
    TreatmentStatus,
    WaterTest,
)
from .recommend import DEFAULT_COSTS, DEFAULT_SOURCE, DEFAULTS

TREATED_SHARE = {
    LocationClass.URBAN_FRINGE: 0.85,
    LocationClass.TOWN_SEAT: 0.85,
    LocationClass.CENTRAL: 0.65,
    LocationClass.ORDINARY: 0.45,
    LocationClass.REMOTE: 0.3,
}
YELLOW_RIVER_BONUS = 0.2
STATES = [
    (RunningState.NORMAL, 85),
    (RunningState.FAULT, 8),
    (RunningState.STOPPED, 5),
    (RunningState.BUILDING, 2),
]
PROCESSES = {
    FacilityKind.TOWN_PLANT: ("A²/O", "氧化沟", "MBR"),
    FacilityKind.VILLAGE_PLANT: ("A/O+人工湿地", "MBR一体化设备", "生物接触氧化"),
    FacilityKind.CLUSTER: ("一体化设备", "厌氧+人工湿地"),
    FacilityKind.REUSE: ("三格化粪池+农田利用", "稳定塘+灌溉", "人工湿地"),
}
LABS = ("聊城市环境监测中心", "山东众诚检测有限公司", "聊城华清检测技术有限公司")
INSPECTORS = "王李张刘陈杨赵孙"
# Fault cases opened by the demo, per unit of scale (5 at the test scale, 40 at `make run`).
FAULT_CASES_PER_SCALE = 400


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def _ancestors(region: Region) -> dict[str, Any]:
    return {
        "region_id": region.pk,
        "city_id": region.city_id,
        "county_id": region.county_id,
        "town_id": region.town_id,
        "village_id": region.village_id,
    }


def _summary(model: Any, county: Region, count: int) -> audit.AuditEvent:
    return audit.build(
        AuditAction.CREATE,
        object_type=model._meta.label_lower,
        object_repr=f"seed-demo: {count} {model._meta.verbose_name_plural}",
        region=county,
        note="simulated",
    )


def _operators(ctx: DemoContext, counties: list[Region]) -> dict[int, Organisation]:
    return {
        county.pk: demo_county_company(
            county,
            "SEWAGE",
            f"{county.name}碧水农村污水运维有限公司",
            f"0635-{county.code[-3:]}6688",
            ServiceArea.Service.SEWAGE_OM,
        )
        for county in counties
    }


def _parameters(ctx: DemoContext) -> None:
    city = Region.objects.current().get(code=ctx.city_code)
    if ModeParameters.objects.filter(region=city).exists():
        return
    row = ModeParameters(region=city, source=DEFAULT_SOURCE, **DEFAULTS)
    row.save()
    for mode, (low, high, om_low, om_high) in DEFAULT_COSTS.items():
        row.costs.create(
            mode=mode, construction_low=low, construction_high=high, om_low=om_low, om_high=om_high
        )
    audit.record(AuditAction.CREATE, row, region=city, changes=audit.diff({}, audit.snapshot(row)))


class _Builder:
    """Rows of one county, drawn from the step's random stream."""

    def __init__(self, rng: random.Random, operator: Organisation, today: datetime.date) -> None:
        self.rng, self.operator, self.today = rng, operator, today
        self.facilities: list[dict[str, Any]] = []
        self.statuses: list[dict[str, Any]] = []
        self.points: list[dict[str, Any]] = []

    def facility(self, village: Region, kind: str, suffix: str, households: int) -> str:
        rng = self.rng
        capacity = max(1.0, households * 3.2 * 0.08 * rng.uniform(0.8, 1.3))
        if kind == FacilityKind.TOWN_PLANT:
            capacity = rng.choice((300, 500, 800, 1000, 2000))
        state = _pick(rng, STATES)
        level = (
            DischargeLevel.LEVEL_1
            if capacity >= 50 or village.yellow_river
            else DischargeLevel.LEVEL_2
        )
        if kind == FacilityKind.REUSE:
            level = DischargeLevel.NO_DISCHARGE
        code = f"SF{village.code}{suffix}"
        centralised = kind in (FacilityKind.TOWN_PLANT, FacilityKind.VILLAGE_PLANT)
        self.facilities.append(
            {
                "code": code,
                "name": village.name.removesuffix("村委会").removesuffix("居委会")
                + ("污水处理厂" if kind == FacilityKind.TOWN_PLANT else "污水处理站"),
                "kind": kind,
                "design_capacity": Decimal(f"{capacity:.1f}"),
                "process": rng.choice(PROCESSES.get(FacilityKind(kind), ("一体化设备",))),
                "households_served": households,
                "operator_id": self.operator.pk,
                "commissioned_on": datetime.date(rng.randint(2016, 2024), rng.randint(1, 12), 1),
                "discharge_level": level,
                "nutrient_limits": rng.random() < 0.1,
                "discharge_registration": f"DJ{village.code}{suffix}" if centralised else "",
                "running_state": state,
                "latitude": village.latitude,
                "longitude": village.longitude,
                "is_simulated": True,
                **_ancestors(village),
            }
        )
        return code

    def status(self, village: Region, mode: str, households: int, facility: str | None) -> None:
        year = self.rng.randint(2018, 2025)
        self.statuses.append(
            {
                "code": f"ST{village.code}",
                "mode": mode,
                "households_served": households if mode != Mode.UNTREATED else 0,
                "completed_on": datetime.date(year, self.rng.randint(1, 12), 15)
                if mode != Mode.UNTREATED
                else None,
                "facility_code": facility,
                "note": "",
                "is_simulated": True,
                **_ancestors(village),
            }
        )

    def point(self, village: Region) -> None:
        found = self.today - datetime.timedelta(days=self.rng.randint(30, 900))
        closed = self.rng.random() < 0.7
        self.points.append(
            {
                "code": f"DP{village.code}-1",
                "location": f"{village.name}村东排水沟",
                "receiving_water": self.rng.choice(("村内坑塘", "排水沟", "小运河支渠")),
                "found_on": found,
                "state": PointState.CLOSED if closed else PointState.OPEN,
                "closed_on": found + datetime.timedelta(days=self.rng.randint(10, 120))
                if closed
                else None,
                "measure": "截污纳管" if closed else "",
                "is_simulated": True,
                **_ancestors(village),
            }
        )


@demo_step("sewage", order=60)
def simulate_sewage(ctx: DemoContext) -> None:
    if SewageFacility.objects.filter(is_simulated=True, city__code=ctx.city_code).exists():
        ctx.log("sewage: already simulated")
        return
    rng = ctx.rng("sewage")
    today = timezone.localdate()
    current = Region.objects.current().filter(city__code=ctx.city_code)
    counties = list(current.filter(level=Level.COUNTY).order_by("code"))
    villages_by_town: dict[int, list[Region]] = defaultdict(list)
    for village in current.filter(level=Level.VILLAGE).order_by("code"):
        villages_by_town[village.town_id or 0].append(village)
    with transaction.atomic():
        operators = _operators(ctx, counties)
        _parameters(ctx)
    builders = {}
    for county in counties:
        builder = builders[county.pk] = _Builder(rng, operators[county.pk], today)
        for town in current.filter(parent=county, level=Level.TOWN).order_by("code"):
            villages = villages_by_town.get(town.pk, [])
            if not villages:
                continue
            seat = next(
                (v for v in villages if v.location_class == LocationClass.TOWN_SEAT), villages[0]
            )
            plant = None
            if rng.random() < 0.7:
                plant = builder.facility(
                    seat, FacilityKind.TOWN_PLANT, "T", seat.household_count or 300
                )
            for village in villages:
                _village(rng, builder, village, plant)
    _write(ctx, counties, builders, today)


def _village(rng: random.Random, builder: _Builder, village: Region, plant: str | None) -> None:
    households = village.household_count or 300
    share = TREATED_SHARE.get(
        LocationClass(village.location_class or LocationClass.ORDINARY), 0.45
    ) + (YELLOW_RIVER_BONUS if village.yellow_river else 0)
    if rng.random() < 0.1:
        builder.point(village)
    if rng.random() >= share:
        builder.status(village, Mode.UNTREATED, 0, None)
        return
    served = int(households * rng.uniform(0.75, 1.0))
    near = village.location_class in (LocationClass.URBAN_FRINGE, LocationClass.TOWN_SEAT)
    if plant and (near or rng.random() < 0.25):
        builder.status(village, Mode.SEWER, served, plant)
    elif village.location_class == LocationClass.REMOTE or households < 150:
        code = (
            builder.facility(village, FacilityKind.REUSE, "R", served)
            if rng.random() < 0.6
            else None
        )
        builder.status(village, Mode.REUSE, served, code)
    elif households >= 300:
        builder.status(
            village,
            Mode.CENTRALISED,
            served,
            builder.facility(village, FacilityKind.VILLAGE_PLANT, "P", served),
        )
    else:
        builder.status(
            village,
            Mode.DECENTRALISED,
            served,
            builder.facility(village, FacilityKind.CLUSTER, "C", served),
        )


def _write(
    ctx: DemoContext, counties: list[Region], builders: dict[int, _Builder], today: datetime.date
) -> None:
    rng = ctx.rng("sewage-om")
    events: list[audit.AuditEvent] = []
    with transaction.atomic():
        for county in counties:
            b = builders[county.pk]
            insert_rows(SewageFacility, b.facilities)
            events.append(_summary(SewageFacility, county, len(b.facilities)))
        ids = dict(
            SewageFacility.objects.filter(is_simulated=True, city__code=ctx.city_code).values_list(
                "code", "pk"
            )
        )
        facilities = list(
            SewageFacility.objects.filter(is_simulated=True, city__code=ctx.city_code).order_by(
                "code"
            )
        )
        for county in counties:
            b = builders[county.pk]
            for row in b.statuses:
                row["facility_id"] = ids.get(row.pop("facility_code") or "")
            insert_rows(TreatmentStatus, b.statuses)
            insert_rows(DischargePoint, b.points)
            events += [
                _summary(TreatmentStatus, county, len(b.statuses)),
                _summary(DischargePoint, county, len(b.points)),
            ]
        tests, inspections, costs = _om_rows(rng, facilities, today)
        insert_rows(WaterTest, tests)
        insert_rows(FacilityInspection, inspections)
        OMCost.objects.bulk_create(costs)
        by_county: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
        for row in tests:
            by_county[row["county_id"]][0] += 1
        for row in inspections:
            by_county[row["county_id"]][1] += 1
        for cost in costs:
            by_county[cost.facility.county_id or 0][2] += 1
        counties_by_id = {c.pk: c for c in counties}
        for county_id, (n_tests, n_inspections, n_costs) in by_county.items():
            county = counties_by_id[county_id]
            events += [
                _summary(WaterTest, county, n_tests),
                _summary(FacilityInspection, county, n_inspections),
                _summary(OMCost, county, n_costs),
            ]
        deliveries = _deliveries(rng, facilities, today)
        insert_rows(SludgeDelivery, deliveries)
        audit.record_many(events)
    cases = _fault_cases(rng, facilities, max(5, round(FAULT_CASES_PER_SCALE * ctx.scale)))
    ctx.log(
        f"sewage: {len(facilities)} facilities, {sum(len(b.statuses) for b in builders.values())}"
        f" village statuses, {len(tests)} tests, {len(inspections)} inspections,"
        f" {len(deliveries)} sludge deliveries, {cases} fault cases"
    )


def _om_rows(
    rng: random.Random, facilities: list[SewageFacility], today: datetime.date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[OMCost]]:
    tests: list[dict[str, Any]] = []
    inspections: list[dict[str, Any]] = []
    costs: list[OMCost] = []
    for f in facilities:
        base = {
            "region_id": f.region_id,
            "city_id": f.city_id,
            "county_id": f.county_id,
            "town_id": f.town_id,
            "village_id": f.village_id,
            "facility_id": f.pk,
            "is_simulated": True,
        }
        if f.running_state == RunningState.BUILDING:
            continue
        fault = f.running_state in (RunningState.FAULT, RunningState.STOPPED)
        inspections.append(
            {
                **base,
                "code": f"IN{f.code}-1",
                "inspected_on": today - datetime.timedelta(days=rng.randint(1, 90)),
                "inspector": rng.choice(INSPECTORS) + "工",
                "result": InspectionResult.FAULT if fault else InspectionResult.NORMAL,
                "fault_kind": (
                    FaultKind.STOPPED
                    if f.running_state == RunningState.STOPPED
                    else rng.choice((FaultKind.EQUIPMENT, FaultKind.BLOCKAGE, FaultKind.POWER))
                )
                if fault
                else "",
                "findings": "设备停运，出水直排" if fault else "运行正常",
            }
        )
        per_household = (
            rng.uniform(80, 220) if f.kind != FacilityKind.REUSE else rng.uniform(20, 60)
        )
        costs.append(
            OMCost(
                facility=f,
                year=today.year - 1,
                amount=Decimal(f"{per_household * max(1, f.households_served):.2f}"),
                note="模拟数据",
            )
        )
        if f.discharge_level == DischargeLevel.NO_DISCHARGE:
            continue
        for n in (1, 2):
            good = rng.random() < (0.88 if not fault else 0.4)
            tests.append(
                {
                    **base,
                    "code": f"WT{f.code}-{n}",
                    "sampled_on": today
                    - datetime.timedelta(days=rng.randint(10 + 170 * (n - 1), 170 * n)),
                    "lab": rng.choice(LABS),
                    "ph": Decimal(f"{rng.uniform(6.6, 8.2):.2f}"),
                    "cod": Decimal(f"{rng.uniform(18, 50) if good else rng.uniform(70, 140):.1f}"),
                    "ss": Decimal(f"{rng.uniform(5, 18):.1f}"),
                    "nh3n": Decimal(f"{rng.uniform(0.5, 6) if good else rng.uniform(9, 25):.2f}"),
                    "tn": Decimal(f"{rng.uniform(8, 18):.2f}"),
                    "tp": Decimal(f"{rng.uniform(0.2, 1.2):.2f}"),
                }
            )
    return tests, inspections, costs


def _deliveries(
    rng: random.Random, facilities: list[SewageFacility], today: datetime.date
) -> list[dict[str, Any]]:
    from renju.toilets.choices import SludgeDestination
    from renju.toilets.models import PumpOut

    plants: dict[int, SewageFacility] = {}
    for f in facilities:
        if f.kind == FacilityKind.TOWN_PLANT and f.running_state == RunningState.NORMAL:
            plants.setdefault(f.county_id or 0, f)
    rows = []
    for pk, county_id, pumped_on, volume in (
        PumpOut.objects.filter(destination=SludgeDestination.TREATMENT)
        .order_by("pk")
        .values_list("pk", "toilet__county_id", "pumped_on", "volume")
    ):
        plant = plants.get(county_id or 0)
        if plant is None or rng.random() >= 0.6:
            continue
        rows.append(
            {
                "code": f"SD-{pk}",
                "pumpout_id": pk,
                "facility_id": plant.pk,
                "delivered_on": pumped_on,
                "volume": volume,
                "region_id": plant.region_id,
                "city_id": plant.city_id,
                "county_id": plant.county_id,
                "town_id": plant.town_id,
                "village_id": plant.village_id,
            }
        )
    return rows


def _fault_cases(rng: random.Random, facilities: list[SewageFacility], limit: int) -> int:
    from renju.cases.actions import open_case
    from renju.cases.choices import Source

    from .cases import FAULT

    faulty = [
        f for f in facilities if f.running_state in (RunningState.FAULT, RunningState.STOPPED)
    ]
    chosen = sorted(rng.sample(faulty, min(limit, len(faulty))), key=lambda f: f.code)
    regions = Region.objects.in_bulk([f.region_id for f in chosen])
    for facility in chosen:
        open_case(
            category=FAULT.key,
            region=regions[facility.region_id],
            source=Source.INSPECTION,
            description=f"巡检发现{facility.name}{facility.get_running_state_display()}（模拟）",
            subject=facility,
            data={"facility": facility.code},
        )
    return len(chosen)
