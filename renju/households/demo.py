"""Demo step: households for every village, about one million at scale 1 (simulated)."""

from __future__ import annotations

import random
from collections import defaultdict

from django.db import connection, transaction

from renju.core import audit
from renju.core.demo import DemoContext, demo_step
from renju.core.models.audit import AuditAction
from renju.regions.choices import Level
from renju.regions.models import Region

from .choices import Residence
from .models import Household

SURNAMES = "王张李刘陈杨赵孙马吴高周徐郭朱胡何林田宋孟魏许韩冯曹丁董于任"
GIVEN = "建国志强秀英桂兰玉梅海军红霞春生文华明德永福立新金凤长江淑珍庆丰晓东丽娟宝山"
AWAY_SHARE = 0.22  # households mostly away (外出) — a simulated share
LOW_INCOME_SHARE = 0.05
BATCH = 5000


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _phone(rng: random.Random) -> str:
    return (
        rng.choice(("138", "139", "150", "151", "158", "182", "187", "135"))
        + f"{rng.randrange(10**8):08d}"
    )


@demo_step("households", order=30)
def simulate_households(ctx: DemoContext) -> None:
    rng = ctx.rng("households")
    villages = list(
        Region.objects.current()
        .filter(city__code=ctx.city_code, level=Level.VILLAGE)
        .order_by("code")
    )
    hamlets: dict[int, list[Region]] = defaultdict(list)
    for hamlet in (
        Region.objects.current()
        .filter(city__code=ctx.city_code, level=Level.HAMLET)
        .order_by("code")
    ):
        hamlets[hamlet.parent_id or 0].append(hamlet)
    done = set(Household.objects.values_list("village_id", flat=True).distinct())
    batch: list[Household] = []
    events = []
    total = 0
    for village in villages:
        count = max(1, round((village.household_count or 300) * ctx.scale))
        if village.pk in done:
            rng.random()  # keep the stream aligned for reruns
            continue
        places = hamlets.get(village.pk) or [village]
        for n in range(1, count + 1):
            place = places[n % len(places)]
            batch.append(
                Household(
                    code=f"{village.code}{n:04d}",
                    region=place,
                    city_id=village.city_id,
                    county_id=village.county_id,
                    town_id=village.town_id,
                    village_id=village.pk,
                    head_name=_name(rng),
                    phone=_phone(rng) if rng.random() < 0.9 else "",
                    members=min(9, max(1, int(rng.gauss(3.2, 1.3)))),
                    status=Residence.AWAY if rng.random() < AWAY_SHARE else Residence.RESIDENT,
                    low_income=rng.random() < LOW_INCOME_SHARE,
                    is_simulated=True,
                )
            )
        events.append(
            audit.build(
                AuditAction.CREATE,
                object_type="households.household",
                object_repr=f"seed-demo: {count} households",
                region=village,
                note="simulated households",
            )
        )
        total += count
        if len(batch) >= BATCH:
            _flush(batch, events)
            batch, events = [], []
    _flush(batch, events)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE households_household")
    ctx.log(f"households: {total:,} created in {len(villages):,} villages")


def _flush(batch: list[Household], events: list[audit.AuditEvent]) -> None:
    with transaction.atomic():
        Household.objects.bulk_create(batch, batch_size=BATCH)
        audit.record_many(events)
