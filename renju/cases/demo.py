"""Demo step: a year of simulated toilet service history (all flagged ``"simulated": true``).

Rules:

- ``toilet.full``: every simulated household toilet with a tank that the toilets step marked
  as emptied within the last twelve months (~40% of them) gets the pump-out case of that
  ``last_pumpout`` day, and about one in four an earlier one too; each resolved case has its
  :class:`~renju.toilets.models.PumpOut` (1.5–3 m³, to a treatment site or reused by the
  county's cooperative, fee and subsidy) dated the day it was resolved, so a toilet's
  ``last_pumpout`` is the date of its latest pump-out; ~85–92% (per county) resolved within the
  deadline; ~62% confirmed by the reporter with a rating (mostly 4–5), the rest closed
  automatically after the confirmation window (or still resolved when recent); ~2% reopened
  once and fixed again; ~1.5% extra reports rejected (duplicates, not full); ~2.5% of the
  toilets have a case still active, reported in the last four days (those past the deadline
  marked escalated);
- ``toilet.problem``: ~90% of the toilets whose condition is a problem have their rectification
  case, still active (reported in the last 90 days); ~3% of the usable toilets have one that was
  rectified (resolved, then closed) in the past year;
- ``toilet.broken``: ~0.5% of the toilets had a repair case in the past year, almost all done;
- routing as the case engine does it (``routing.route``): a county's routing rule, else the
  company serving the place for the category's service (the county's pump-out company
  ``DEMO-<county>-PUMP`` in the towns it serves), else the town government: a demo company
  holds only cases of the places it serves, as the assignment form would offer them; problem
  toilets go to the town government; the deadline from the county's rules (``routing.sla``);
- case numbers are the real ones (prefix, day reported, five-digit sequence of the day) and the
  day counters (``CaseCounter``) are moved past the numbers used, so cases opened later never
  collide; each case has its own random ``reporter_token``;
- crews: a case the responsible organisation took on went to one of its field workers when it
  has any (the demo pump-out company's ``company_worker``): every case in progress or done, and
  three in five of those only accepted, each with its "dispatched" event; the worker is chosen
  by the case number, so no other draw moves;
- rows are bulk-inserted (``core.bulk.insert_rows``); each case gets the timeline the case
  engine would have written: an event for each step its row records (reported, assigned,
  accepted, dispatched, started, escalated, resolved, reopened and resolved again, confirmed
  with its rating, closed or rejected), in time order; one summary audit event per village;
- deterministic: each toilet's history comes from a stream seeded by the run's seed and the
  village code (a fixed number of draws per toilet, whatever the scale, and one sub-stream per
  case, so that the clock does not shift the other cases' draws; states and dates of recent
  and active cases are relative to the time of the run); idempotent: toilets
  that already have a ``toilet.*`` case are skipped, so a second run adds nothing and a larger
  scale adds the history of the new toilets only; simulated cases of toilets that a smaller
  scale removed are deleted first.
"""

from __future__ import annotations

import datetime
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from renju.accounts.choices import Role
from renju.accounts.models import Organisation, ServiceArea, User
from renju.cases.models import RoutingRule
from renju.core import audit
from renju.core.bulk import insert_rows
from renju.core.demo import DemoContext, demo_step
from renju.core.models.audit import AuditAction
from renju.regions.choices import Level
from renju.regions.models import Region
from renju.toilets.choices import PROBLEM_CONDITIONS, Condition, SludgeDestination
from renju.toilets.models import HouseholdToilet, PumpOut

from . import routing
from .choices import EventKind, Source, State
from .models import Case, CaseCounter, CaseEvent
from .registry import Category, get_category

TOILET = "toilets.householdtoilet"
FULL, PROBLEM, BROKEN = "toilet.full", "toilet.problem", "toilet.broken"
BATCH = 5000
EARLIER_SHARE = 0.25  # toilets emptied twice in the year
ACTIVE_SHARE = 0.025  # toilets with a pump-out case still open
REJECTED_SHARE = 0.015
REOPENED_SHARE = 0.02
CONFIRMED_SHARE = 0.62
ON_TIME = (0.85, 0.92)  # per county
PROBLEM_CASE_SHARE = 0.90  # problem toilets whose survey result has been entered
RECTIFIED_SHARE = 0.03  # usable toilets that were problem toilets rectified this year
BROKEN_SHARE = 0.005
RATINGS = (5, 4, 3, 2, 1)
RATING_WEIGHTS = (62, 25, 8, 3, 2)
SOURCES = (Source.QR, Source.HOTLINE, Source.GRID, Source.STAFF)
SOURCE_WEIGHTS = (45, 20, 25, 10)
FULL_TEXTS = ("化粪池满了，需要抽厕", "厕所粪池快满了，请安排抽粪", "化粪池满溢，有异味")
BROKEN_TEXTS = ("便器破损漏水", "冲水阀坏了", "厕屋门损坏", "管道堵塞")
REJECT_REASONS = ("重复报告，同一户厕已有案件", "经核实化粪池未满", "非本服务范围")
COMMENTS = ("及时，态度好", "抽得很干净", "", "", "")
# Problem kinds and causes of rectified toilets (the toilets step's list, S13).
PROBLEM_CAUSES: dict[str, tuple[str, ...]] = {
    Condition.UNUSABLE: ("化粪池破损渗漏", "便器破损", "管道堵塞未修复"),
    Condition.HARD_TO_USE: ("冲水压力不足", "厕屋狭小、无顶无门", "化粪池满溢未清掏"),
    Condition.NOT_ALL_YEAR: ("冬季管道冻结", "季节性缺水"),
}
HOUR = datetime.timedelta(hours=1)
DISPATCHED_SHARE_OF_ACCEPTED = 0.6  # accepted cases already given to a crew member
DISPATCH_DELAY = datetime.timedelta(minutes=20)  # from accepting a case to handing it out
WORKED_STATES = (State.IN_PROGRESS, State.RESOLVED, State.CONFIRMED, State.CLOSED, State.REOPENED)
# The overdue escalation runs every 5 minutes (cases.tasks): a case still open then is marked.
ESCALATION_DELAY = datetime.timedelta(minutes=5)


def escalated_at(
    deadline: datetime.datetime, open_until: datetime.datetime
) -> datetime.datetime | None:
    """When the periodic escalation marked a simulated case overdue: if it was still open
    ``ESCALATION_DELAY`` after its deadline. Without it the demo city starts with a backlog of
    overdue cases for the first escalation to write at once (it stalled the villagers' reports
    for a minute, bench/INTAKE.md)."""
    at = deadline + ESCALATION_DELAY
    return at if at < open_until else None


DAY = datetime.timedelta(days=1)


@dataclass
class _County:
    coop: Organisation | None
    name: str
    on_time: float
    sla: dict[str, float]  # category -> hours


@dataclass
class _Batch:
    cases: list[dict[str, Any]] = field(default_factory=list)
    pumpouts: dict[str, dict[str, Any]] = field(default_factory=dict)  # case code -> row
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (case code, row)
    audits: list[Any] = field(default_factory=list)


class _Numbers:
    """Case numbers: prefix, day reported, sequence of the day after the counter's last."""

    def __init__(self) -> None:
        self.last = {(c.prefix, c.day): c.last for c in CaseCounter.objects.all()}
        self.touched: set[tuple[str, datetime.date]] = set()

    def new(self, prefix: str, when: datetime.datetime) -> str:
        day = timezone.localtime(when).date()
        key = (prefix, day)
        self.last[key] = self.last.get(key, 0) + 1
        self.touched.add(key)
        return f"{prefix}{day:%Y%m%d}{self.last[key]:05d}"

    def save(self) -> None:
        """Move the day counters past the numbers used (one upsert)."""
        rows = [CaseCounter(prefix=p, day=d, last=self.last[(p, d)]) for p, d in self.touched]
        CaseCounter.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["prefix", "day"], update_fields=["last"]
        )
        self.touched.clear()


class _Crews:
    """The field workers of each organisation: who gets the jobs its dispatcher hands out."""

    def __init__(self) -> None:
        self.by_org: dict[int, list[tuple[int, str]]] = {}
        workers = (
            User.objects.filter(grants__role=Role.FIELD_WORKER, organisation__isnull=False)
            .order_by("pk")
            .values_list("organisation_id", "pk", "display_name", "username")
            .distinct()
        )
        for org_id, pk, name, username in workers:
            self.by_org.setdefault(org_id, []).append((pk, name or username))

    def assignee(self, row: dict[str, Any]) -> tuple[int, str] | None:
        """The crew member of the case's organisation who has it, if it was dispatched; chosen
        by the case number (not by a draw: the other cases' draws stay where they were)."""
        crew = self.by_org.get(row["assigned_org_id"])
        if not crew:
            return None
        spin = zlib.crc32(row["code"].encode())
        dispatched = row["state"] in WORKED_STATES or (
            row["state"] == State.ACCEPTED and spin % 100 < DISPATCHED_SHARE_OF_ACCEPTED * 100
        )
        return crew[spin % len(crew)] if dispatched else None


class _Router:
    """``routing.route`` per village and category, cached per town where that is exact."""

    def __init__(self) -> None:
        self.special = set(RoutingRule.objects.values_list("region_id", flat=True)) | set(
            ServiceArea.objects.values_list("region_id", flat=True)
        )
        self.cache: dict[tuple[str, int | None], Organisation | None] = {}
        self.crews = _Crews()

    def route(self, category: Category, region: Region) -> Organisation | None:
        if region.pk in self.special or region.village_id in self.special:
            return routing.route(category, region)
        key = (category.key, region.town_id)
        if key not in self.cache:
            self.cache[key] = routing.route(category, region)
        return self.cache[key]


@demo_step("cases", order=45)
def simulate_cases(ctx: DemoContext) -> None:
    """A year of toilet service cases, pump-outs and problem-toilet rectifications."""
    removed = _remove_orphans()
    now = timezone.now()
    counties = _counties(ctx)
    have = set(
        Case.objects.filter(subject_type=TOILET, category__startswith="toilet.")
        .values_list("subject_id", flat=True)
        .distinct()
    )
    numbers = _Numbers()
    router = _Router()
    regions = {
        r.pk: r
        for r in Region.objects.filter(
            city__code=ctx.city_code, level__in=(Level.VILLAGE, Level.HAMLET)
        )
    }
    villages = sorted(
        (r for r in regions.values() if r.level == Level.VILLAGE and r.valid_to is None),
        key=lambda r: r.code,
    )
    batch = _Batch()
    total = pumped = 0
    with translation.override("zh-hans"):
        for village in villages:
            sim = _Village(ctx, village, counties, regions, router, numbers, now, batch)
            added = sim.run(have)
            if added:
                batch.audits.append(
                    audit.build(
                        AuditAction.CREATE,
                        object_type="cases.case",
                        object_repr=f"seed-demo: {added} cases",
                        region=village,
                        note="simulated case history",
                    )
                )
                total += added
            if len(batch.cases) >= BATCH:
                pumped += _flush(batch, numbers)
                batch = _Batch()
        pumped += _flush(batch, numbers)
    ctx.log(f"cases: {total:,} simulated cases, {pumped:,} pump-outs; {removed} orphans removed")


def _remove_orphans() -> int:
    """Simulated cases of toilets that a smaller scale removed."""
    orphans = (
        Case.objects.filter(subject_type=TOILET, data__simulated=True)
        .exclude(subject_id__in=HouseholdToilet.objects.values("pk"))
        .values_list("pk", flat=True)
    )
    ids = list(orphans)
    if ids:
        with transaction.atomic():
            for start in range(0, len(ids), 500):
                Case.objects.filter(pk__in=ids[start : start + 500]).delete()
            audit.record(
                AuditAction.DELETE,
                object_type="cases.case",
                object_repr=f"seed-demo: {len(ids)} cases of removed toilets",
                note="simulated cases trimmed",
            )
    return len(ids)


def _counties(ctx: DemoContext) -> dict[int, _County]:
    rng = ctx.rng("cases:counties")
    out = {}
    orgs = {o.code: o for o in Organisation.objects.filter(code__startswith="DEMO-")}
    for county in (
        Region.objects.current()
        .filter(city__code=ctx.city_code, level=Level.COUNTY)
        .order_by("code")
    ):
        sla = {
            key: float(routing.sla(get_category(key), county)[0]) for key in (FULL, PROBLEM, BROKEN)
        }
        out[county.pk] = _County(
            coop=orgs.get(f"DEMO-{county.code}-COOP"),
            name=county.name,
            on_time=rng.uniform(*ON_TIME),
            sla=sla,
        )
    return out


class _Village:
    """The history of one village's toilets."""

    def __init__(
        self,
        ctx: DemoContext,
        village: Region,
        counties: dict[int, _County],
        regions: dict[int, Region],
        router: _Router,
        numbers: _Numbers,
        now: datetime.datetime,
        batch: _Batch,
    ) -> None:
        self.ctx, self.village, self.regions = ctx, village, regions
        self.county = counties.get(village.county_id or 0)
        self.router, self.numbers, self.now, self.batch = router, numbers, now, batch
        self.today = timezone.localdate(now)
        self.added = 0

    def run(self, have: set[int]) -> int:
        if self.county is None:
            return 0
        rows = (
            HouseholdToilet.objects.filter(village_id=self.village.pk, is_simulated=True)
            .order_by("code")
            .values_list(
                "pk",
                "code",
                "region_id",
                "tank_volume",
                "condition",
                "problem_cause",
                "last_pumpout",
                "household__head_name",
                "household__phone",
            )
        )
        rng = self.ctx.rng(f"cases:{self.village.code}")
        for row in rows:
            seed = rng.getrandbits(64)  # one draw per toilet: its history whatever the scale
            if row[0] in have:
                continue
            self._toilet(random.Random(seed), *row)
        return self.added

    # --- one toilet ---------------------------------------------------------------------------

    def _toilet(
        self,
        t: random.Random,
        pk: int,
        code: str,
        region_id: int,
        tank: Decimal | None,
        condition: str,
        cause: str,
        last: datetime.date | None,
        name: str,
        phone: str,
    ) -> None:
        region = self.regions.get(region_id, self.village)
        base = {
            "region_id": region_id,
            "city_id": self.village.city_id,
            "county_id": self.village.county_id,
            "town_id": self.village.town_id,
            "village_id": self.village.pk,
            "subject_type": TOILET,
            "subject_id": pk,
            "subject_label": code,
            "source": "",
            "description": "",
            "reporter_name": "",
            "reporter_phone": "",
            "rating_comment": "",
            "reject_reason": "",
        }
        who = (name, phone)
        # The decisions first, always the same draws; each case then has its own stream, so
        # that neither the clock nor the day shifts the draws of the toilet's other cases.
        earlier_p, earlier_days, rejected_p, active_p, problem_p, broken_p = (
            t.random() for _ in range(6)
        )
        seed = t.getrandbits(64)

        def stream(k: int) -> random.Random:
            return random.Random(seed * 8 + k)

        if tank is not None and last is not None:
            self._full_done(stream(1), base, region, who, last, pk)
            earlier = last - datetime.timedelta(days=60 + int(earlier_days * 181))
            if earlier_p < EARLIER_SHARE and earlier > self.today - datetime.timedelta(days=365):
                self._full_done(stream(2), base, region, who, earlier, pk)
            if rejected_p < REJECTED_SHARE:
                self._rejected(stream(3), base, region, who)
            if active_p < ACTIVE_SHARE and last <= self.today - datetime.timedelta(days=20):
                self._full_active(stream(4), base, region, who)
        if condition in PROBLEM_CONDITIONS and problem_p < PROBLEM_CASE_SHARE:
            self._problem(stream(5), base, region, condition, cause, active=True)
        elif condition == Condition.USABLE and problem_p < RECTIFIED_SHARE:
            p = stream(5)
            kind = p.choice(sorted(PROBLEM_CAUSES))
            self._problem(p, base, region, kind, p.choice(PROBLEM_CAUSES[kind]), active=False)
        if broken_p < BROKEN_SHARE:
            self._broken(stream(6), base, region, who)

    # --- the kinds of case --------------------------------------------------------------------

    def _case(
        self,
        t: random.Random,
        base: dict[str, Any],
        region: Region,
        category: str,
        created: datetime.datetime,
        reopened: tuple[datetime.datetime, datetime.datetime] | None = None,
        **values: Any,
    ) -> dict[str, Any]:
        """One case's row and its timeline; ``reopened``: when it was first resolved and when
        the reporter reopened it, for a case fixed twice."""
        kind = get_category(category)
        org = self.router.route(kind, region)
        row = {
            **base,
            "code": self.numbers.new(kind.prefix, created),
            "category": category,
            "created_at": created,
            "updated_at": values.get("closed_at")
            or values.get("confirmed_at")
            or values.get("resolved_at")
            or created,
            "assigned_org_id": org.pk if org else None,
            **values,
        }
        row["data"] = {"simulated": True, **values.get("data", {})}
        crew_member = self.router.crews.assignee(row)
        if crew_member is not None:
            row["assignee_id"] = crew_member[0]
        self.batch.cases.append(row)
        timeline = self._timeline(row, org, crew_member, reopened)
        self.batch.events += [(row["code"], e) for e in timeline]
        self.added += 1
        return row

    def _timeline(
        self,
        row: dict[str, Any],
        org: Organisation | None,
        crew_member: tuple[int, str] | None,
        reopened: tuple[datetime.datetime, datetime.datetime] | None,
    ) -> list[dict[str, Any]]:
        """A case's events as the case engine would have written them, one for each step its
        row records (reported, assigned, accepted, dispatched, started, escalated, resolved,
        reopened, confirmed, closed or rejected), in time order; no draw."""
        system, by_org = "", org.name[:150] if org else ""  # the system's: named when read
        reporter = row.get("reporter_name") or ("系统" if row["category"] == PROBLEM else "")

        def event(
            kind: str, at: datetime.datetime, actor: str, note: str = "", **data: Any
        ) -> dict[str, Any]:
            return {"time": at, "kind": kind, "actor_label": actor, "note": note, "data": data}

        created, state = row["created_at"], row["state"]
        events = [
            event(
                EventKind.CREATED,
                created,
                reporter,
                row.get("description", ""),
                source=row.get("source", ""),
            )
        ]
        if org is not None:
            events.append(event(EventKind.ASSIGNED, created, system, org.name, organisation=org.pk))
        if accepted := row.get("accepted_at"):
            events.append(event(EventKind.ACCEPTED, accepted, by_org))
        if crew_member is not None:
            events.append(self._dispatched(row, crew_member, org))
        if state == State.IN_PROGRESS:
            began = events[-1]["time"]
            events.append(event(EventKind.STARTED, began + (self.now - began) / 4, by_org))
        if reopened is not None:  # fixed once, reopened by the reporter, fixed again
            first, again = reopened
            events.append(event(EventKind.RESOLVED, first, by_org))
            events.append(event(EventKind.REOPENED, again, row.get("reporter_name") or ""))
        if escalated := row.get("escalated_at"):
            events.append(event(EventKind.ESCALATED, escalated, system, _("Deadline passed")))
        if resolved := row.get("resolved_at"):
            events.append(event(EventKind.RESOLVED, resolved, by_org))
        if confirmed := row.get("confirmed_at"):
            events.append(
                event(
                    EventKind.CONFIRMED,
                    confirmed,
                    row.get("reporter_name") or _("reporter"),
                    row.get("rating_comment", ""),
                    rating=row.get("rating"),
                )
            )
        if state == State.CLOSED and (closed := row.get("closed_at")):
            # Pump-outs and repairs close themselves after the window; the town closes problems.
            events.append(
                event(EventKind.CLOSED, closed, by_org if row["category"] == PROBLEM else system)
            )
        if state == State.REJECTED:
            events.append(
                event(EventKind.REJECTED, row["closed_at"], by_org, row.get("reject_reason", ""))
            )
        return sorted(events, key=lambda e: e["time"])

    def _dispatched(
        self, row: dict[str, Any], crew_member: tuple[int, str], org: Organisation | None
    ) -> dict[str, Any]:
        """The dispatcher's event: soon after the case was accepted, before it was resolved."""
        at = (row.get("accepted_at") or row["created_at"]) + DISPATCH_DELAY
        at = min(at, row.get("resolved_at") or self.now, self.now)
        return {
            "time": at,
            "kind": EventKind.DISPATCHED,
            "actor_label": org.name[:150] if org else "",
            "note": crew_member[1],
            "data": {"assignee": crew_member[0]},
        }

    def _reporter(self, t: random.Random, who: tuple[str, str]) -> dict[str, Any]:
        source = t.choices(SOURCES, SOURCE_WEIGHTS)[0]
        named = source in (Source.QR, Source.HOTLINE)
        return {
            "source": source,
            "reporter_name": who[0] if named else "",
            "reporter_phone": who[1] if source == Source.HOTLINE else "",
        }

    def _at(self, t: random.Random, day: datetime.date) -> datetime.datetime:
        """A time during working hours of ``day`` (never in the future)."""
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
        latest = min(start + 19 * HOUR, self.now - datetime.timedelta(minutes=1))
        earliest = min(start + 8 * HOUR, latest)
        return earliest + (latest - earliest) * t.random()

    def _full_done(
        self,
        t: random.Random,
        base: dict[str, Any],
        region: Region,
        who: tuple[str, str],
        day: datetime.date,
        toilet: int,
    ) -> None:
        assert self.county is not None
        hours = self.county.sla[FULL]
        resolved = self._at(t, day)
        on_time = t.random() < self.county.on_time
        delay = hours * (t.uniform(0.1, 0.95) if on_time else t.uniform(1.03, 2.5)) * HOUR
        reopened = t.random() < REOPENED_SHARE
        start = resolved - delay  # reported, or reopened: the deadline runs from there
        created = start - t.uniform(12, 72) * HOUR - hours * t.uniform(0.1, 0.9) * HOUR
        if not reopened:
            created = start
        deadline = start + hours * HOUR
        # Accepted before the first fix: for a reopened case, within the span before reopening.
        accepted = created + (start - created if reopened else delay) * t.uniform(0.05, 0.25)
        values: dict[str, Any] = {
            **self._reporter(t, who),
            "description": t.choice(FULL_TEXTS),
            "deadline": deadline,
            "accepted_at": accepted,
            "resolved_at": resolved,
            "escalated_at": deadline + ESCALATION_DELAY if resolved > deadline else None,
            "reopen_count": int(reopened),
            "state": State.RESOLVED,
        }
        # The same draws whatever the branch, so that the clock never shifts later draws.
        confirms, after = t.random() < CONFIRMED_SHARE, t.uniform(1, 72) * HOUR
        rating, comment = t.choices(RATINGS, RATING_WEIGHTS)[0], t.choice(COMMENTS)
        if confirms:
            if resolved + after <= self.now:
                values.update(
                    state=State.CONFIRMED,
                    confirmed_at=resolved + after,
                    rating=max(1, rating - int(reopened)),
                    rating_comment=comment,
                )
        else:
            closed = resolved + get_category(FULL).confirm_days * DAY
            if closed <= self.now:
                values.update(state=State.CLOSED, closed_at=closed)
        coop = self.county.coop
        reuse = coop is not None and t.random() < 0.6
        pumpout = {
            "toilet_id": toilet,
            "company_id": None,  # the case's organisation, set below
            "pumped_on": timezone.localtime(resolved).date(),
            "volume": Decimal(f"{t.uniform(1.5, 3.0):.1f}").quantize(Decimal("0.01")),
            "destination": SludgeDestination.REUSE if reuse else SludgeDestination.TREATMENT,
            "destination_org_id": coop.pk if reuse and coop else None,
            "destination_site": "" if reuse else f"{self.county.name}城乡污水处理厂",
            "household_fee": Decimal(t.choice((0, 20, 30, 50))).quantize(Decimal("0.01")),
            "subsidy": Decimal(t.choice((50, 80, 100))).quantize(Decimal("0.01")),
            "created_at": resolved,
        }
        values["data"] = {
            "pumpout": {
                "volume": str(pumpout["volume"]),
                "destination": str(pumpout["destination"]),
                "destination_org": pumpout["destination_org_id"],
                "destination_site": pumpout["destination_site"],
                "household_fee": str(pumpout["household_fee"]),
                "subsidy": str(pumpout["subsidy"]),
            }
        }
        first_fix = (accepted + (start - accepted) / 2, start) if reopened else None
        row = self._case(t, base, region, FULL, created, first_fix, **values)
        pumpout["company_id"] = row["assigned_org_id"]
        if pumpout["company_id"] is not None:
            self.batch.pumpouts[row["code"]] = pumpout

    def _full_active(
        self, t: random.Random, base: dict[str, Any], region: Region, who: tuple[str, str]
    ) -> None:
        assert self.county is not None
        created = self.now - t.random() ** 1.5 * 96 * HOUR
        deadline = created + self.county.sla[FULL] * HOUR
        state = t.choices((State.ASSIGNED, State.ACCEPTED, State.IN_PROGRESS), (35, 30, 35))[0]
        accepted = created + (self.now - created) * t.uniform(0.05, 0.3)
        self._case(
            t,
            base,
            region,
            FULL,
            created,
            **self._reporter(t, who),
            description=t.choice(FULL_TEXTS),
            deadline=deadline,
            state=state,
            accepted_at=None if state == State.ASSIGNED else accepted,
            escalated_at=escalated_at(deadline, self.now),
        )

    def _rejected(
        self, t: random.Random, base: dict[str, Any], region: Region, who: tuple[str, str]
    ) -> None:
        created = self._at(t, self.today - datetime.timedelta(days=t.randint(0, 364)))
        closed = min(created + t.uniform(1, 12) * HOUR, self.now)
        self._case(
            t,
            base,
            region,
            FULL,
            created,
            **self._reporter(t, who),
            description=t.choice(FULL_TEXTS),
            deadline=created + 48 * HOUR,
            state=State.REJECTED,
            closed_at=closed,
            reject_reason=t.choice(REJECT_REASONS),
        )

    def _problem(
        self,
        t: random.Random,
        base: dict[str, Any],
        region: Region,
        condition: str,
        cause: str,
        *,
        active: bool,
    ) -> None:
        from renju.toilets.problems import default_measure

        assert self.county is not None
        hours = self.county.sla[PROBLEM]
        if active:
            created = self.now - t.uniform(2, 90) * DAY
        else:
            created = self.now - t.uniform(40, 360) * DAY
        deadline = created + hours * HOUR
        description = _("Survey: %(condition)s. %(cause)s") % {
            "condition": Condition(condition).label,
            "cause": cause,
        }
        values: dict[str, Any] = {
            "source": Source.SURVEY,
            "description": description.strip(),
            "deadline": deadline,
            "data": {"condition": condition, "cause": cause, "measure": default_measure(condition)},
        }
        if active:
            state = t.choices((State.ASSIGNED, State.ACCEPTED, State.IN_PROGRESS), (50, 25, 25))[0]
            values.update(
                state=state,
                accepted_at=None if state == State.ASSIGNED else created + t.uniform(1, 72) * HOUR,
                escalated_at=deadline + HOUR if deadline + HOUR < self.now else None,
            )
        else:
            resolved = min(created + t.uniform(5, 40) * DAY, self.now - HOUR)
            closed = resolved + t.uniform(1, 20) * DAY
            values.update(
                state=State.CLOSED if closed <= self.now else State.RESOLVED,
                accepted_at=created + t.uniform(1, 72) * HOUR,
                resolved_at=resolved,
                closed_at=closed if closed <= self.now else None,
                escalated_at=deadline + HOUR if resolved > deadline + HOUR else None,
            )
        self._case(t, base, region, PROBLEM, created, **values)

    def _broken(
        self, t: random.Random, base: dict[str, Any], region: Region, who: tuple[str, str]
    ) -> None:
        assert self.county is not None
        hours = self.county.sla[BROKEN]
        created = self._at(t, self.today - datetime.timedelta(days=t.randint(0, 364)))
        deadline = created + hours * HOUR
        resolved = created + hours * t.uniform(0.1, 1.3) * HOUR
        values: dict[str, Any] = {
            **self._reporter(t, who),
            "description": t.choice(BROKEN_TEXTS),
            "deadline": deadline,
            "accepted_at": created + t.uniform(0.5, 4) * HOUR,
        }
        confirms, rating = t.random() < CONFIRMED_SHARE, t.choices(RATINGS, RATING_WEIGHTS)[0]
        if resolved >= self.now:
            values.update(state=State.IN_PROGRESS)
        else:
            closed = resolved + get_category(BROKEN).confirm_days * DAY
            rated = confirms and resolved + DAY <= self.now
            values.update(
                resolved_at=resolved,
                escalated_at=deadline + HOUR if resolved > deadline + HOUR else None,
                state=State.CONFIRMED
                if rated
                else (State.CLOSED if closed <= self.now else State.RESOLVED),
                confirmed_at=resolved + DAY if rated else None,
                rating=rating if rated else None,
                closed_at=closed if not rated and closed <= self.now else None,
            )
        self._case(t, base, region, BROKEN, created, **values)


def _flush(batch: _Batch, numbers: _Numbers) -> int:
    """INSERT a batch of cases, their pump-outs, timelines and audit events; one transaction."""
    if not batch.cases:
        return 0
    with transaction.atomic():
        before = Case.objects.aggregate(m=Max("pk"))["m"] or 0
        insert_rows(Case, batch.cases, batch_size=BATCH)
        ids = dict(
            Case.objects.filter(pk__gt=before, subject_type=TOILET).values_list("code", "pk")
        )
        pumpouts = []
        for code, row in batch.pumpouts.items():
            row["case_id"] = ids[code]
            pumpouts.append(row)
        insert_rows(PumpOut, pumpouts, batch_size=BATCH)
        events: Iterator[dict[str, Any]] = (
            {**row, "case_id": ids[code]} for code, row in batch.events
        )
        insert_rows(CaseEvent, events, batch_size=BATCH)
        audit.record_many(batch.audits)
        numbers.save()
    return len(pumpouts)
