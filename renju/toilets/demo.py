"""Demo step: a toilet for every simulated household, clinic and public toilets, and the
organisations that empty, repair and reuse (all simulated).

Rules:

- one :class:`HouseholdToilet` per simulated household, coded household code + ``01``, in the
  household's region; types at the county-survey proportions below (flush to sewer more
  often in urban-fringe and town-seat villages), ~92% usable, the rest unusable / hard to use /
  not usable all year with a cause; tanks of 1.5–3 m³; built 2015–2024; ~40% of the toilets
  that are emptied were emptied within the last twelve months;
- one :class:`ClinicToilet` per village committee (``<village>卫生室``) and a
  :class:`PublicToilet` in about one village in three;
- the county's pump-out company also repairs toilets in the towns it empties them in, and each
  county has a cooperative that reuses the sludge (资源化利用);
- a toilet's attributes are drawn from a stream seeded by the run's seed and the village code,
  toilet n of a village is the same whatever the scale; the QR code is *not* (it must not be
  guessable from the public seed): it comes from :func:`new_toilet_code`;
- the step tops up and trims like the households step: a second run adds nothing, a smaller
  scale removes the toilets of the households that the households step is about to remove
  (``toilets-trim`` runs just before it, because a toilet protects its household);
- one summary audit event per village and kind of toilet.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from renju.accounts.choices import OrganisationKind
from renju.accounts.models import Organisation, ServiceArea
from renju.core import audit
from renju.core.bulk import insert_rows
from renju.core.demo import DemoContext, demo_step
from renju.core.models.audit import AuditAction
from renju.households.models import Household
from renju.regions.choices import Kind, Level, LocationClass
from renju.regions.models import Region

from .choices import Condition, ToiletType
from .models import ClinicToilet, HouseholdToilet, PublicToilet, PumpOut, new_toilet_code

BATCH = 5000
# Shares of the sanitary and non-sanitary types outside sewered areas (simulated, after the
# province's 2023 rural toilet survey: three-compartment tanks dominate in Liaocheng).
TYPE_WEIGHTS: dict[str, float] = {
    ToiletType.THREE_COMPARTMENT: 80,
    ToiletType.DOUBLE_URN: 6,
    ToiletType.BIOGAS: 4,
    ToiletType.URINE_DIVERTING: 2,
    ToiletType.DOUBLE_PIT: 1,
    ToiletType.NON_SANITARY: 3,
}
# Share flushing to a sewer, by location class; ~4% over the city's households.
SEWER_SHARE: dict[str, float] = {
    LocationClass.URBAN_FRINGE: 0.12,
    LocationClass.TOWN_SEAT: 0.10,
}
DEFAULT_SEWER_SHARE = 0.027
TANK_TYPES = frozenset({ToiletType.THREE_COMPARTMENT, ToiletType.DOUBLE_URN, ToiletType.BIOGAS})
EMPTIED_TYPES = TANK_TYPES | {ToiletType.DOUBLE_PIT}
RECENT_PUMPOUT_SHARE = 0.40
USABLE_SHARE = 0.92
# The problem kinds (S13) with their relative weights and plausible causes.
PROBLEMS: list[tuple[str, float, tuple[str, ...]]] = [
    (
        Condition.UNUSABLE,
        3,
        ("化粪池破损渗漏", "便器破损", "管道堵塞未修复", "厕屋倒塌", "无水冲条件"),
    ),
    (
        Condition.HARD_TO_USE,
        3,
        ("冲水压力不足", "厕屋狭小、无顶无门", "化粪池满溢未清掏", "异味大、蚊蝇多"),
    ),
    (
        Condition.NOT_ALL_YEAR,
        2,
        ("冬季管道冻结", "季节性缺水", "雨季化粪池进水"),
    ),
]
# Years of building, weighted to the 2018–2020 campaign (三年行动).
YEARS = list(range(2015, 2025))
YEAR_WEIGHTS = [3, 5, 8, 14, 16, 14, 10, 8, 7, 5]
SUBSIDIES = (Decimal("800.00"), Decimal("1000.00"), Decimal("1200.00"), Decimal("1500.00"))
CARETAKER_SURNAMES = "王张李刘陈杨赵孙马吴"
CARETAKER_GIVEN = "秀英桂兰建国志强玉梅海军"


def _cumulative(weights: Iterable[float]) -> list[float]:
    total = 0.0
    out = []
    for w in weights:
        total += w
        out.append(total)
    return [c / total for c in out]


class _Picker:
    """Draws a toilet's attributes; one per location class, the same draws for every row."""

    def __init__(self, sewer_share: float, today: datetime.date) -> None:
        other = 1.0 - sewer_share
        self.types = [*TYPE_WEIGHTS, ToiletType.SEWER]
        self.type_cum = _cumulative([w / 96 * other for w in TYPE_WEIGHTS.values()] + [sewer_share])
        self.problem_cum = _cumulative(w for _c, w, _x in PROBLEMS)
        self.year_cum = _cumulative(YEAR_WEIGHTS)
        self.today = today

    def values(self, rng: random.Random) -> dict[str, Any]:
        """The attributes of one toilet; always ten draws, whatever the branches."""
        r = rng.random
        toilet_type = str(self.types[bisect.bisect(self.type_cum, r())])
        usable, problem, cause = r() < USABLE_SHARE, r(), r()
        year = YEARS[bisect.bisect(self.year_cum, r())]
        volume = Decimal(round(1.5 + 1.5 * r(), 1)).quantize(Decimal("0.01"))
        pumped, days, subsidised, subsidy = r() < RECENT_PUMPOUT_SHARE, r(), r(), r()
        condition, problem_cause = str(Condition.USABLE), ""
        if not usable:
            kind, _w, causes = PROBLEMS[bisect.bisect(self.problem_cum, problem)]
            condition, problem_cause = str(kind), causes[int(cause * len(causes))]
        sanitary = toilet_type != ToiletType.NON_SANITARY
        retrofit = sanitary and toilet_type != ToiletType.SEWER and subsidised < 0.7
        return {
            "toilet_type": toilet_type,
            "condition": condition,
            "problem_cause": problem_cause,
            "year_built": year if sanitary else None,
            "tank_volume": volume if toilet_type in TANK_TYPES else None,
            "last_pumpout": (
                self.today - datetime.timedelta(days=int(days * 365))
                if pumped and toilet_type in EMPTIED_TYPES
                else None
            ),
            "retrofit_project": f"{year}年度农村户厕改造" if retrofit else "",
            "subsidy": SUBSIDIES[int(subsidy * len(SUBSIDIES))] if retrofit else None,
            "is_simulated": True,
        }


def household_toilet_target(village: Region, scale: float) -> int:
    """The number of simulated households the households step keeps in ``village``."""
    return max(1, round((village.household_count or 300) * scale))


@demo_step("toilets-trim", order=29)
def trim_household_toilets(ctx: DemoContext) -> None:
    """Before the households step trims households, remove their simulated toilets."""
    villages = {
        v.pk: v
        for v in Region.objects.current().filter(city__code=ctx.city_code, level=Level.VILLAGE)
    }
    have = (
        HouseholdToilet.objects.filter(is_simulated=True, household__is_simulated=True)
        .values_list("village_id")
        .annotate(n=Count("pk"))
        .values_list("village_id", "n")
    )
    removed = 0
    for village_id, count in have:
        village = villages.get(village_id)
        if village is None or count <= household_toilet_target(village, ctx.scale):
            continue
        target = household_toilet_target(village, ctx.scale)
        extra = HouseholdToilet.objects.filter(
            village=village,
            is_simulated=True,
            household__is_simulated=True,
            household__code__gt=f"{village.code}{target:04d}",
        )
        with transaction.atomic():
            ids = list(extra.values_list("pk", flat=True))
            if not ids:
                continue
            PumpOut.objects.filter(toilet_id__in=ids).delete()
            HouseholdToilet.objects.filter(pk__in=ids).delete()
            audit.record(
                AuditAction.DELETE,
                object_type="toilets.householdtoilet",
                object_repr=f"seed-demo: {len(ids)} household toilets",
                region=village,
                note="simulated household toilets trimmed",
            )
        removed += len(ids)
    if removed:
        ctx.log(f"toilets: {removed:,} household toilets removed")


@demo_step("toilets", order=40)
def simulate_toilets(ctx: DemoContext) -> None:
    """Toilets for households, clinics and villages; repair areas and sludge cooperatives."""
    with transaction.atomic():
        areas, coops = _organisations(ctx)
    codes = _Codes()
    added = _household_toilets(ctx, codes)
    clinics = _clinic_toilets(ctx, codes)
    public = _public_toilets(ctx, codes)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE toilets_householdtoilet")
    ctx.log(
        f"toilets: {added:,} household, {clinics:,} clinic, {public:,} public toilets added;"
        f" {areas} service areas, {coops} cooperatives"
    )


# --- organisations -------------------------------------------------------------------------


def _organisations(ctx: DemoContext) -> tuple[int, int]:
    """Repair areas on the pump-out company's towns, and one sludge cooperative per county."""
    areas = 0
    pump_areas = ServiceArea.objects.filter(
        organisation__code__startswith="DEMO-",
        organisation__code__endswith="-PUMP",
        organisation__region__city__code=ctx.city_code,
        service=ServiceArea.Service.PUMP_OUT,
    ).select_related("organisation", "region")
    for pump in pump_areas.order_by("code"):
        code = pump.code[:-2] + "-R" if pump.code.endswith("-P") else f"{pump.code}-R"
        if ServiceArea.objects.filter(code=code).exists():
            continue
        area = ServiceArea(
            code=code,
            organisation=pump.organisation,
            region=pump.region,
            service=ServiceArea.Service.TOILET_REPAIR,
            contract_no=pump.contract_no,
        )
        area.save()
        audit.record(AuditAction.CREATE, area, changes=audit.diff({}, audit.snapshot(area)))
        areas += 1
    coops = 0
    counties = Region.objects.current().filter(city__code=ctx.city_code, level=Level.COUNTY)
    for county in counties.order_by("code"):
        org = Organisation.objects.filter(code=f"DEMO-{county.code}-COOP").first()
        if org is None:
            org = Organisation(
                code=f"DEMO-{county.code}-COOP",
                name=f"{county.name}绿源粪污资源化利用农民专业合作社",
                kind=OrganisationKind.COOPERATIVE,
                region=county,
                phone=f"0635-{county.code[-3:]}5678",
                is_simulated=True,
            )
            org.save()
            audit.record(AuditAction.CREATE, org, changes=audit.diff({}, audit.snapshot(org)))
            coops += 1
        code = f"SA-{county.code}-S"
        if not ServiceArea.objects.filter(code=code).exists():
            area = ServiceArea(
                code=code,
                organisation=org,
                region=county,
                service=ServiceArea.Service.SLUDGE_REUSE,
                contract_no=f"DEMO-{county.code}-S",
            )
            area.save()
            audit.record(AuditAction.CREATE, area, changes=audit.diff({}, audit.snapshot(area)))
            areas += 1
    return areas, coops


# --- toilets -------------------------------------------------------------------------------


class _Codes:
    """QR codes handed out in this run, so that none repeats across the three tables."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def new(self) -> str:
        while True:
            code = new_toilet_code()
            if code not in self.taken:
                self.taken.add(code)
                return code

    def renew(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            row["qr_code"] = self.new()


def _insert(model: Any, rows: list[dict[str, Any]], events: list[Any], codes: _Codes) -> None:
    """INSERT the rows and their events; on a (one in millions) QR-code clash, new codes."""
    for attempt in itertools.count():
        try:
            with transaction.atomic():
                insert_rows(model, rows, batch_size=BATCH)
                audit.record_many(events)
            return
        except IntegrityError:
            if attempt >= 3:
                raise
            codes.renew(rows)  # a clash on the code would repeat: only QR codes can clash


def _ancestors(city_code: str) -> dict[int, dict[str, Any]]:
    """Ancestor columns of every village and hamlet of the city, by region id."""
    rows = Region.objects.filter(
        city__code=city_code, level__in=(Level.VILLAGE, Level.HAMLET)
    ).values_list("pk", "city_id", "county_id", "town_id", "village_id")
    return {
        pk: {"city_id": c, "county_id": co, "town_id": t, "village_id": v}
        for pk, c, co, t, v in rows
    }


def _household_toilets(ctx: DemoContext, codes: _Codes) -> int:
    """A toilet for each simulated household that has none."""
    missing = dict(
        Household.objects.filter(is_simulated=True, toilets__isnull=True)
        .values_list("village_id")
        .annotate(n=Count("pk"))
        .values_list("village_id", "n")
    )
    if not missing:
        return 0
    villages = Region.objects.filter(pk__in=list(missing)).order_by("code")
    ancestors = _ancestors(ctx.city_code)
    today = timezone.localdate()
    pickers = {
        cls: _Picker(SEWER_SHARE.get(cls, DEFAULT_SEWER_SHARE), today)
        for cls in [*LocationClass.values, ""]
    }
    rows: list[dict[str, Any]] = []
    events: list[Any] = []
    added = 0
    for village in villages:
        new = list(_village_rows(ctx, village, pickers, ancestors, codes))
        if not new:
            continue
        rows.extend(new)
        added += len(new)
        events.append(
            audit.build(
                AuditAction.CREATE,
                object_type="toilets.householdtoilet",
                object_repr=f"seed-demo: {len(new)} household toilets",
                region=village,
                note="simulated household toilets",
            )
        )
        if len(rows) >= BATCH:
            _insert(HouseholdToilet, rows, events, codes)
            rows, events = [], []
    if rows:
        _insert(HouseholdToilet, rows, events, codes)
    return added


def _village_rows(
    ctx: DemoContext,
    village: Region,
    pickers: dict[str, _Picker],
    ancestors: dict[int, dict[str, Any]],
    codes: _Codes,
) -> Iterator[dict[str, Any]]:
    households = (
        Household.objects.filter(village_id=village.pk, is_simulated=True)
        .order_by("code")
        .values_list("pk", "code", "region_id")
    )
    have = set(
        HouseholdToilet.objects.filter(village_id=village.pk).values_list("household_id", flat=True)
    )
    rng = ctx.rng(f"toilets:{village.code}")
    picker = pickers.get(village.location_class) or pickers[""]
    for pk, code, region_id in households:
        values = picker.values(rng)  # drawn for every household, so toilet n stays the same
        if pk in have:
            continue
        values.update(
            code=f"{code}01",
            household_id=pk,
            region_id=region_id,
            qr_code=codes.new(),
            **ancestors.get(region_id) or _region_ancestors(region_id),
        )
        yield values


def _region_ancestors(region_id: int) -> dict[str, Any]:
    region = Region.objects.get(pk=region_id)
    return {
        "city_id": region.city_id,
        "county_id": region.county_id,
        "town_id": region.town_id,
        "village_id": region.village_id,
    }


def _site_toilets(
    ctx: DemoContext,
    codes: _Codes,
    model: Any,
    suffix: str,
    villages: Iterable[Region],
    build: Any,
) -> int:
    """Toilets of clinics or public toilets: one per chosen village, coded village + suffix."""
    label = model._meta.label_lower
    have = set(
        model.objects.filter(code__endswith=suffix, is_simulated=True).values_list(
            "code", flat=True
        )
    )
    today = timezone.localdate()
    rows: list[dict[str, Any]] = []
    events: list[Any] = []
    for village in villages:
        code = f"{village.code}{suffix}"
        rng = ctx.rng(f"{label}:{village.code}")
        values = build(rng, village, today)
        if values is None or code in have:
            continue
        values.update(
            code=code,
            region_id=village.pk,
            qr_code=codes.new(),
            city_id=village.city_id,
            county_id=village.county_id,
            town_id=village.town_id,
            village_id=village.village_id,
            is_simulated=True,
        )
        rows.append(values)
        events.append(
            audit.build(
                AuditAction.CREATE,
                object_type=label,
                object_repr=f"seed-demo: {model._meta.verbose_name} {code}",
                region=village,
                note="simulated",
            )
        )
    # The few site codes must not clash with any household toilet's QR code either.
    clash = set(
        HouseholdToilet.objects.filter(qr_code__in=[r["qr_code"] for r in rows]).values_list(
            "qr_code", flat=True
        )
    )
    for row in rows:
        if row["qr_code"] in clash:
            row["qr_code"] = codes.new()
    for start in range(0, len(rows), BATCH):
        _insert(model, rows[start : start + BATCH], events[start : start + BATCH], codes)
    return len(rows)


def _site_type(rng: random.Random, village: Region) -> str:
    sewer = SEWER_SHARE.get(village.location_class, DEFAULT_SEWER_SHARE) * 2
    return str(ToiletType.SEWER if rng.random() < sewer else ToiletType.THREE_COMPARTMENT)


def _site_condition(rng: random.Random) -> str:
    return str(Condition.USABLE if rng.random() < 0.95 else Condition.HARD_TO_USE)


def _clinic(rng: random.Random, village: Region, today: datetime.date) -> dict[str, Any]:
    return {
        "clinic_name": f"{village.name}卫生室",
        "toilet_type": _site_type(rng, village),
        "condition": _site_condition(rng),
        "year_built": rng.randint(2015, 2024),
    }


def _public(rng: random.Random, village: Region, today: datetime.date) -> dict[str, Any] | None:
    if rng.random() >= 1 / 3:
        return None
    per_day = rng.choice((1, 2, 2, 2, 3))
    caretaker = rng.choice(CARETAKER_SURNAMES) + "".join(rng.sample(CARETAKER_GIVEN, 2))
    return {
        "name": f"{village.name}公厕",
        "toilet_type": _site_type(rng, village),
        "condition": _site_condition(rng),
        "year_built": rng.randint(2015, 2024),
        "cleanings_per_day": per_day,
        "caretaker": caretaker,
        "maintenance_standard": (
            f"每日保洁{per_day}次；地面、便器无污垢，无积水，无明显异味；"
            "洗手设施、照明完好；保洁记录上墙"
        ),
    }


def _villages(ctx: DemoContext) -> list[Region]:
    return list(
        Region.objects.current()
        .filter(city__code=ctx.city_code, level=Level.VILLAGE)
        .order_by("code")
    )


def _clinic_toilets(ctx: DemoContext, codes: _Codes) -> int:
    committees = [
        v for v in _villages(ctx) if v.kind in {Kind.VILLAGE_COMMITTEE, Kind.VILLAGE_LIKE}
    ]
    return _site_toilets(ctx, codes, ClinicToilet, "WS01", committees, _clinic)


def _public_toilets(ctx: DemoContext, codes: _Codes) -> int:
    return _site_toilets(ctx, codes, PublicToilet, "GC01", _villages(ctx), _public)
