"""Demo step: households for every village, about one million at scale 1 (simulated)."""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

from django.db import connection, transaction
from django.db.models import Count

from renju.core import audit
from renju.core.bulk import insert_rows
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


def _household(rng: random.Random, village: Region, place: Region, n: int) -> dict[str, Any]:
    """Household ``n`` of ``village`` as the columns of its row (``bulk.insert_rows``)."""
    return {
        "code": f"{village.code}{n:04d}",
        "region_id": place.pk,
        "city_id": village.city_id,
        "county_id": village.county_id,
        "town_id": village.town_id,
        "village_id": village.pk,
        "head_name": _name(rng),
        "phone": _phone(rng) if rng.random() < 0.9 else "",
        "members": min(9, max(1, int(rng.gauss(3.2, 1.3)))),
        "status": str(Residence.AWAY if rng.random() < AWAY_SHARE else Residence.RESIDENT),
        "low_income": rng.random() < LOW_INCOME_SHARE,
        "is_simulated": True,
    }


@demo_step("households", order=30)
def simulate_households(ctx: DemoContext) -> None:
    """Top each village up (or trim it) to its household count × scale.

    Household n of a village is the same whatever the scale or the order of villages: its random
    stream is seeded by the run's seed and the village code.
    """
    current = Region.objects.current().filter(city__code=ctx.city_code)
    villages = list(current.filter(level=Level.VILLAGE).order_by("code"))
    hamlets: dict[int, list[Region]] = defaultdict(list)
    for hamlet in current.filter(level=Level.HAMLET).order_by("code"):
        hamlets[hamlet.parent_id or 0].append(hamlet)
    have = dict(
        Household.objects.filter(is_simulated=True)
        .values_list("village_id")
        .annotate(n=Count("pk"))
        .values_list("village_id", "n")
    )
    batch: list[dict[str, Any]] = []
    events: list[audit.AuditEvent] = []
    added = trimmed = 0
    for village in villages:
        target = max(1, round((village.household_count or 300) * ctx.scale))
        existing = have.get(village.pk, 0)
        if existing > target:
            trimmed += _trim(village, target)
            continue
        if existing == target:
            continue
        rng = ctx.rng(f"households:{village.code}")
        places = hamlets.get(village.pk) or [village]
        for n in range(1, target + 1):
            household = _household(rng, village, places[n % len(places)], n)
            if n > existing:
                batch.append(household)
        events.append(
            audit.build(
                AuditAction.CREATE,
                object_type="households.household",
                object_repr=f"seed-demo: {target - existing} households",
                region=village,
                note="simulated households",
            )
        )
        added += target - existing
        if len(batch) >= BATCH:
            _flush(batch, events)
            batch, events = [], []
    _flush(batch, events)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE households_household")
    ctx.log(f"households: {added:,} added, {trimmed:,} removed, in {len(villages):,} villages")


def _trim(village: Region, target: int) -> int:
    """Remove simulated households numbered above ``target`` (scale went down)."""
    extra = Household.objects.filter(
        village=village, is_simulated=True, code__gt=f"{village.code}{target:04d}"
    )
    with transaction.atomic():
        count = extra.count()
        extra.delete()
        audit.record(
            AuditAction.DELETE,
            object_type="households.household",
            object_repr=f"seed-demo: {count} households",
            region=village,
            note="simulated households trimmed",
        )
    return count


def _flush(batch: list[dict[str, Any]], events: list[audit.AuditEvent]) -> None:
    with transaction.atomic():
        insert_rows(Household, batch, batch_size=BATCH)
        audit.record_many(events)
