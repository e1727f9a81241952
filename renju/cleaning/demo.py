"""Demo step: the cleaning mechanism of the demo city (simulated, flagged).

Rules:

- the city's score sheet is the real default one (:mod:`renju.cleaning.sheet`, installed if the
  city has none yet; not simulated), each item with a simulated chance of being found wanting;
  a city staffing norm of 2 cleaners per 1,000 residents (待核实) is installed once;
- villages take part with probability ``min(1, 10 × scale)`` (all of them from scale 0.1), and
  always those of the demo town (the first town of the demo county), so the demo logins see
  data at every scale;
- each town with a village taking part has its cleaning rules (一镇一制度) with two checklist
  items, half of the villages a standard (一村一标准) with one; about a third of the towns have a
  property-style contract with the county's cleaning company;
- cleaners per village: resident population × 2 / 1,000 × U(0.6, 1.3), at least one; twelve
  months of wages, due on the 10th of the following month: 88% paid on time, 9% late (3–40
  days), 3% unpaid;
- four inspections a year per village, the last within 30 days; each item is found wanting with
  its own probability (moved-to-edge rarely); each finding has a case routed to the village
  committee; findings before the last visit are re-checked at the next one (85% rectified,
  case closed) and the last visit's findings stay open (their cases assigned, some overdue);
- a spring 三清一改 campaign of the city and an autumn clean-up of each county with the villages
  taking part and their results;
- the step runs once (a second run adds nothing); one summary audit event per village and
  ledger, plus one per configuration row.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from renju.accounts.choices import OrganisationKind
from renju.accounts.models import Organisation
from renju.cases.choices import Source, State
from renju.cases.demo import escalated_at
from renju.cases.models import Case
from renju.core import audit
from renju.core.bulk import insert_rows
from renju.core.demo import DemoContext, demo_step
from renju.core.models.audit import AuditAction
from renju.regions.choices import Level
from renju.regions.models import Region

from .cases import category_for
from .choices import (
    CampaignKind,
    CampaignResult,
    ContractModel,
    DocumentKind,
    Employer,
    FindingStatus,
    ItemKind,
)
from .inspections import score_of
from .models import (
    Campaign,
    CampaignVillage,
    Cleaner,
    CleaningContract,
    CleaningDocument,
    Finding,
    Inspection,
    ScoreItem,
    StaffingNorm,
    WagePayment,
)
from .sheet import ensure_default_sheet
from .staffing import DEFAULT_NORM_SOURCE

# The chance an inspection finds each item of the default sheet wanting (simulated), by the
# item's code suffix (renju.cleaning.sheet); an item the city added itself: DEFAULT_CHANCE.
CHANCE = {
    "H1": 0.10,
    "H2": 0.08,
    "H3": 0.06,
    "D1": 0.04,
    "D2": 0.12,
    "D3": 0.05,
    "D4": 0.05,
    "W1": 0.07,
    "W2": 0.08,
    "W3": 0.06,
    "W4": 0.05,
    "W5": 0.05,
    "W6": 0.06,
    "W7": 0.06,
    "S1": 0.07,
    "M1": 0.02,
}
DEFAULT_CHANCE = 0.05
TOWN_ITEMS = [
    ("T1", "保洁员每日清扫到位", "4", 0.06),
    ("T2", "垃圾桶定时清运、周边整洁", "4", 0.05),
]
VILLAGE_ITEM = ("V1", "主街道无积水、无杂物", "3", 0.05)
DESCRIPTIONS = ["路边堆放", "未及时清理", "面积约10平方米", "靠近水塘", "村民反映", "反复出现"]
INSPECTORS = ["镇督查组", "县农业农村局督查组", "镇包村干部", "县联合督导组"]
SURNAMES = "王张李刘陈杨赵孙马吴高周徐郭朱胡何林"
GIVEN = "秀英桂兰建国志强玉梅海军红霞春生文华明德"


def demo_town_of(city_code: str) -> Region | None:
    """The town of the demo town logins (its villages always take part)."""
    from renju.accounts.demo import demo_logins

    try:
        codes = [login.region_code for login in demo_logins(city_code) if login.level == "town"]
    except (AssertionError, Region.DoesNotExist):  # the demo county is not in this city
        return None
    return Region.objects.current().filter(code__in=codes[:1]).first()


def _place(obj: Any, region: Region) -> Any:
    obj.region = region
    obj.set_ancestors()
    return obj


def _summary(object_type: str, region: Region, count: int, what: str) -> Any:
    return audit.build(
        AuditAction.CREATE,
        object_type=object_type,
        object_repr=f"seed-demo: {count} {what}",
        region=region,
        note="simulated",
    )


def _sheet(city: Region) -> list[tuple[ScoreItem, float]]:
    """The city's own sheet (the default one, installed as real data if the city has none),
    with the simulated chance of each item being found wanting."""
    ensure_default_sheet(city.pk)
    items: list[tuple[ScoreItem, float]] = []
    for item in ScoreItem.objects.filter(
        region=city, document__isnull=True, is_active=True
    ).order_by("position", "code"):
        suffix = item.code.rsplit("-", 1)[-1]
        items.append((item, CHANCE.get(suffix, DEFAULT_CHANCE)))
    if not StaffingNorm.objects.filter(region=city).exists():
        norm = _place(
            StaffingNorm(
                code=f"CL-NORM-{city.code}",
                cleaners_per_thousand=Decimal("2"),
                source=DEFAULT_NORM_SOURCE,
            ),
            city,
        )
        norm.save()
        audit.record(AuditAction.CREATE, norm, changes=audit.diff({}, audit.snapshot(norm)))
    return items


def _month_start(day: datetime.date, back: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - back
    return datetime.date(index // 12, index % 12 + 1, 1)


class _Step:
    def __init__(self, ctx: DemoContext, city: Region) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("cleaning")
        self.city = city
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.events: list[Any] = []
        self.sheet = _sheet(city)
        self.committees = dict(
            Organisation.objects.filter(kind=OrganisationKind.VILLAGE_COMMITTEE).values_list(
                "region_id", "pk"
            )
        )
        self.towns_gov = dict(
            Organisation.objects.filter(
                kind=OrganisationKind.GOVERNMENT, region__level=Level.TOWN
            ).values_list("region_id", "pk")
        )
        self.case_n = 0

    def villages(self) -> list[Region]:
        current = Region.objects.current().filter(city=self.city)
        demo_town = demo_town_of(self.city.code)
        share = min(1.0, 10 * self.ctx.scale)
        chosen = []
        for village in current.filter(level=Level.VILLAGE).order_by("code"):
            pick = self.rng.random() < share
            if pick or (demo_town is not None and village.town_id == demo_town.pk):
                chosen.append(village)
        return chosen

    # --- rules, standards, contracts -------------------------------------------------------

    def documents(self, villages: list[Region]) -> dict[int, list[tuple[ScoreItem, float]]]:
        """Town rules and village standards with their items; the extra items per region."""
        towns = {v.town_id or 0 for v in villages}
        town_rows = {r.pk: r for r in Region.objects.filter(pk__in=towns)}
        docs: list[CleaningDocument] = []
        for town_id in sorted(towns):
            town = town_rows[town_id]
            docs.append(
                _place(
                    CleaningDocument(
                        code=f"CLD-{town.code}",
                        kind=DocumentKind.TOWN_RULES,
                        title=f"{town.name}村庄保洁管理制度",
                        adopted_on=datetime.date(self.today.year - 1, 3, 1),
                        summary="清扫保洁、垃圾收运、设施管护、考核奖惩",
                        is_simulated=True,
                    ),
                    town,
                )
            )
        for village in villages:
            if self.rng.random() < 0.5:
                docs.append(
                    _place(
                        CleaningDocument(
                            code=f"CLD-{village.code}",
                            kind=DocumentKind.VILLAGE_STANDARD,
                            title=f"{village.name}村庄环境管护标准",
                            adopted_on=datetime.date(self.today.year - 1, 5, 1),
                            is_simulated=True,
                        ),
                        village,
                    )
                )
        CleaningDocument.objects.bulk_create(docs, batch_size=2000)
        items: list[tuple[ScoreItem, float]] = []
        for doc in docs:
            rules = doc.kind == DocumentKind.TOWN_RULES
            for n, (suffix, name, points, chance) in enumerate(
                TOWN_ITEMS if rules else [VILLAGE_ITEM]
            ):
                item = _place(
                    ScoreItem(
                        code=f"CL-{doc.region.code}-{suffix}",
                        name=name,
                        kind=ItemKind.STANDARD,
                        points=Decimal(points),
                        document=doc,
                        position=n,
                        source=doc.title,
                        is_simulated=True,
                    ),
                    doc.region,
                )
                items.append((item, chance))
        ScoreItem.objects.bulk_create([i for i, _c in items], batch_size=2000)
        extra: dict[int, list[tuple[ScoreItem, float]]] = {}
        for item, chance in items:
            extra.setdefault(item.region_id, []).append((item, chance))
        self.events += [audit.build(AuditAction.CREATE, d, region=d.region) for d in docs]
        self.events += [audit.build(AuditAction.CREATE, i, region=i.region) for i, _c in items]
        return extra

    def contracts(self, villages: list[Region]) -> dict[int, int]:
        """A property-style contract for about a third of the towns; town id → company id."""
        companies = dict(
            Organisation.objects.filter(kind=OrganisationKind.CLEANING_COMPANY).values_list(
                "region_id", "pk"
            )
        )
        towns = sorted({(v.town_id, v.county_id) for v in villages if v.town_id and v.county_id})
        by_town: dict[int, int] = {}
        contracts: list[CleaningContract] = []
        regions = {r.pk: r for r in Region.objects.filter(pk__in=[t for t, _c in towns])}
        for town_id, county_id in towns:
            company = companies.get(county_id)
            if company is None or self.rng.random() >= 0.35:
                continue
            town = regions[town_id]
            count = sum(1 for v in villages if v.town_id == town_id)
            contract = _place(
                CleaningContract(
                    code=f"CLC-{town.code}",
                    company_id=company,
                    model=ContractModel.PROPERTY
                    if self.rng.random() < 0.7
                    else ContractModel.BUTLER,
                    scope="清扫保洁、垃圾收集、转运、设施管护（清、收、运、护）",
                    price=Decimal(count * self.rng.randint(25, 45) * 1000),
                    standard="主次干道每日清扫两遍，垃圾日产日清，“三大堆”随见随清",
                    starts_on=datetime.date(self.today.year - 1, 1, 1),
                    ends_on=datetime.date(self.today.year + 1, 12, 31),
                    is_simulated=True,
                ),
                town,
            )
            contracts.append(contract)
            by_town[town_id] = company
        CleaningContract.objects.bulk_create(contracts)
        self.events += [audit.build(AuditAction.CREATE, c, region=c.region) for c in contracts]
        return by_town

    # --- cleaners and wages ------------------------------------------------------------------

    def cleaners(self, villages: list[Region], contracted: dict[int, int]) -> None:
        rng = self.rng
        cleaners: list[Cleaner] = []
        for village in villages:
            need = (village.resident_population or 800) * 2 / 1000
            count = max(1, round(need * rng.uniform(0.6, 1.3)))
            company = contracted.get(village.town_id or 0)
            for n in range(1, count + 1):
                cleaners.append(
                    _place(
                        Cleaner(
                            code=f"CLR-{village.code}-{n:02d}",
                            name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                            phone=f"13{rng.randrange(10**9):09d}",
                            employer=Employer.COMPANY if company else Employer.VILLAGE,
                            company_id=company,
                            contract_start=datetime.date(self.today.year - rng.randint(1, 4), 1, 1),
                            monthly_wage=Decimal(rng.choice((1200, 1500, 1800, 2000))),
                            is_simulated=True,
                        ),
                        village,
                    )
                )
            self.events.append(_summary("cleaning.cleaner", village, count, "cleaners"))
        Cleaner.objects.bulk_create(cleaners, batch_size=2000)
        payments: list[WagePayment] = []
        for cleaner in Cleaner.objects.filter(is_simulated=True).select_related("region"):
            for back in range(1, 13):
                month = _month_start(self.today, back)
                due = _month_start(self.today, back - 1).replace(day=cleaner.wage_due_day)
                r = rng.random()
                paid: datetime.date | None
                if r < 0.88:
                    paid = due - datetime.timedelta(days=rng.randint(0, 9))
                elif r < 0.97:
                    paid = due + datetime.timedelta(days=rng.randint(3, 40))
                else:
                    paid = None
                if paid is not None and paid > self.today:
                    paid = None if due >= self.today else self.today
                payments.append(
                    WagePayment(
                        code=f"{cleaner.code}-{month:%Y%m}",
                        cleaner=cleaner,
                        region=cleaner.region,
                        city_id=cleaner.city_id,
                        county_id=cleaner.county_id,
                        town_id=cleaner.town_id,
                        village_id=cleaner.village_id,
                        month=month,
                        amount=cleaner.monthly_wage,
                        due_on=due,
                        paid_on=paid,
                        is_simulated=True,
                    )
                )
        WagePayment.objects.bulk_create(payments, batch_size=2000)
        for village in villages:
            self.events.append(_summary("cleaning.wagepayment", village, 12, "months of wages"))

    # --- campaigns ---------------------------------------------------------------------------

    def campaigns(self, villages: list[Region]) -> dict[int, Campaign]:
        year = self.today.year
        spring = _place(
            Campaign(
                code=f"CLA-{self.city.code}-{year}-SPRING",
                name=f"{year}年村庄清洁行动春季战役（三清一改）",
                kind=CampaignKind.THREE_CLEAN,
                starts_on=datetime.date(year, 3, 1),
                ends_on=datetime.date(year, 4, 30),
                goal="清理农村生活垃圾、村内塘沟、畜禽养殖粪污等农业生产废弃物，改变影响农村人居环境的不良习惯",
                is_simulated=True,
            ),
            self.city,
        )
        spring.save()
        self.events.append(audit.build(AuditAction.CREATE, spring, region=self.city))
        autumn: dict[int, Campaign] = {}
        for county in Region.objects.filter(pk__in={v.county_id for v in villages}).order_by(
            "code"
        ):
            campaign = _place(
                Campaign(
                    code=f"CLA-{county.code}-{year}-AUTUMN",
                    name=f"{county.name}{year}年秋冬季村庄清洁行动",
                    kind=CampaignKind.AUTUMN,
                    starts_on=datetime.date(year, 10, 1),
                    ends_on=datetime.date(year, 11, 30),
                    is_simulated=True,
                ),
                county,
            )
            autumn[county.pk] = campaign
        Campaign.objects.bulk_create(list(autumn.values()))
        self.events += [
            audit.build(AuditAction.CREATE, c, region=c.region) for c in autumn.values()
        ]
        rows: list[CampaignVillage] = []
        for village in villages:
            for campaign in (spring, autumn[village.county_id or 0]):
                r = self.rng.random()
                result = (
                    CampaignResult.DONE
                    if r < 0.8
                    else CampaignResult.PARTIAL
                    if r < 0.95
                    else CampaignResult.NOT_DONE
                )
                if campaign.starts_on > self.today:
                    result = CampaignResult.PLANNED
                done = result != CampaignResult.PLANNED
                rows.append(
                    _place(
                        CampaignVillage(
                            code=f"CV{campaign.pk}-{village.code}",  # ≤ 32 characters
                            campaign=campaign,
                            result=result,
                            heaps_cleared=self.rng.randint(0, 30) if done else 0,
                            garbage_tonnes=Decimal(round(self.rng.uniform(0.5, 20), 1))
                            if done
                            else Decimal(0),
                            participants=self.rng.randint(10, 120) if done else 0,
                            is_simulated=True,
                        ),
                        village,
                    )
                )
            self.events.append(
                _summary("cleaning.campaignvillage", village, 2, "campaign villages")
            )
        CampaignVillage.objects.bulk_create(rows, batch_size=2000)
        return {spring.pk: spring}

    # --- inspections, findings, cases --------------------------------------------------------

    def inspections(
        self,
        villages: list[Region],
        extra: dict[int, list[tuple[ScoreItem, float]]],
        contracted: dict[int, int],
    ) -> None:
        rng = self.rng
        visits: list[tuple[Inspection, list[tuple[ScoreItem, str]]]] = []
        for village in villages:
            sheet = self.sheet + extra.get(village.town_id or 0, []) + extra.get(village.pk, [])
            last = self.today - datetime.timedelta(days=rng.randint(0, 29))
            for visit in range(4):
                day = last - datetime.timedelta(days=91 * (3 - visit))
                found = [
                    (item, rng.choice(DESCRIPTIONS))
                    for item, chance in sheet
                    if rng.random() < chance
                ]
                inspection = _place(
                    Inspection(
                        code=f"XJ{village.code}{day:%Y%m%d}01",
                        inspected_on=day,
                        inspector_name=rng.choice(INSPECTORS),
                        company_id=contracted.get(village.town_id or 0),
                        score=score_of([item.points for item, _d in found]),
                        finding_count=len(found),
                        rechecked_count=0,
                        is_simulated=True,
                    ),
                    village,
                )
                visits.append((inspection, found))
            self.events.append(_summary("cleaning.inspection", village, 4, "inspections"))
        Inspection.objects.bulk_create([i for i, _f in visits], batch_size=2000)
        findings: list[Finding] = []
        next_visit: dict[int, Inspection] = {}
        for (inspection, _found), following in zip(visits, [*visits[1:], (None, [])], strict=True):
            nxt = following[0]
            if nxt is not None and nxt.village_id == inspection.village_id:
                next_visit[inspection.pk] = nxt
        for inspection, found in visits:
            after = next_visit.get(inspection.pk)
            for n, (item, description) in enumerate(found, start=1):
                rectified = after is not None and rng.random() < 0.85
                findings.append(
                    Finding(
                        code=f"{inspection.code}-{n:02d}",
                        inspection=inspection,
                        item=item,
                        kind=item.kind,
                        points=item.points,
                        description=description,
                        region=inspection.region,
                        city_id=inspection.city_id,
                        county_id=inspection.county_id,
                        town_id=inspection.town_id,
                        village_id=inspection.village_id,
                        status=FindingStatus.RECTIFIED if rectified else FindingStatus.OPEN,
                        rechecked_in=after if rectified else None,
                        rectified_on=after.inspected_on if rectified and after else None,
                        recheck_count=1 if after is not None else 0,
                        is_simulated=True,
                    )
                )
        Finding.objects.bulk_create(findings, batch_size=2000)
        self._cases(findings)

    def _cases(self, findings: list[Finding]) -> None:
        rows: list[dict[str, Any]] = []
        for finding in findings:
            kind = category_for(finding.kind)
            opened = datetime.datetime.combine(
                finding.inspection.inspected_on, datetime.time(10), tzinfo=self.now.tzinfo
            )
            deadline = opened + datetime.timedelta(hours=kind.sla_hours)
            org = self.committees.get(finding.village_id or 0) or self.towns_gov.get(
                finding.town_id or 0
            )
            self.case_n += 1
            done = finding.status == FindingStatus.RECTIFIED
            closed = (
                datetime.datetime.combine(
                    finding.rectified_on, datetime.time(11), tzinfo=self.now.tzinfo
                )
                if done and finding.rectified_on
                else None
            )
            rows.append(
                {
                    "code": f"QD{finding.inspection.inspected_on:%Y%m%d}{self.case_n:05d}",
                    "category": kind.key,
                    "source": Source.INSPECTION,
                    "state": State.CLOSED if done else State.ASSIGNED,
                    "subject_type": "cleaning.finding",
                    "subject_id": finding.pk,
                    "subject_label": str(finding.code)[:100],
                    "description": f"{finding.item.name}: {finding.description}",
                    "region_id": finding.region.pk,
                    "city_id": finding.city_id,
                    "county_id": finding.county_id,
                    "town_id": finding.town_id,
                    "village_id": finding.village_id,
                    "assigned_org_id": org,
                    "deadline": deadline,
                    "escalated_at": escalated_at(deadline, closed or self.now),
                    "resolved_at": closed,
                    "closed_at": closed,
                    "data": {"finding": finding.code, "points": str(finding.points)},
                    "created_at": opened,
                    "updated_at": closed or opened,
                }
            )
        blanks = {
            f.attname: ""
            for f in Case._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.null
            and not f.has_default()
        }
        insert_rows(Case, ({**blanks, **row} for row in rows))
        ids = dict(
            Case.objects.filter(subject_type="cleaning.finding", code__startswith="QD").values_list(
                "subject_id", "pk"
            )
        )
        deadlines = {r["subject_id"]: r["deadline"] for r in rows}
        for finding in findings:
            finding.case_id = ids.get(finding.pk)
            finding.deadline = deadlines.get(finding.pk)
        Finding.objects.bulk_update(findings, ["case", "deadline"], batch_size=2000)
        self.events.append(
            audit.build(
                AuditAction.CREATE,
                object_type="cases.case",
                object_repr=f"seed-demo: {len(rows)} cleaning cases",
                region=self.city,
                note="simulated cleaning cases",
            )
        )


@demo_step("cleaning", order=60)
def simulate_cleaning(ctx: DemoContext) -> None:
    """Score sheet, rules and standards, contracts, cleaners and wages, campaigns, inspections."""
    city = Region.objects.current().get(code=ctx.city_code)
    if Inspection.objects.filter(is_simulated=True).exists():
        ctx.log("cleaning: already simulated")
        return
    with transaction.atomic():
        step = _Step(ctx, city)
        villages = step.villages()
        extra = step.documents(villages)
        contracted = step.contracts(villages)
        step.cleaners(villages, contracted)
        step.campaigns(villages)
        step.inspections(villages, extra, contracted)
        audit.record_many(step.events)
    ctx.log(f"cleaning: {len(villages):,} villages with cleaners, wages and inspections")
