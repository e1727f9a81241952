"""Demo step: the responsibility matrix, a plan per county, and each county's project library.

Plans, projects, funding and milestones are simulated (``is_simulated``) and the pages say so;
the matrix is the default division of work (``matrix.py``), not simulated. Every county's plan
is approved, with staged targets for the toilet indicators written as the county's targets,
except the first county's, which waits for the city's review so the workflow has a case to show.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from renju.core import audit
from renju.core.demo import DemoContext, demo_step
from renju.core.models.audit import AuditAction
from renju.indicators.registry import indicators
from renju.regions.choices import Level
from renju.regions.models import Region

from . import actions
from .choices import FundingSource, InnovationKind, PlanStatus, ProjectDomain, ProjectStatus
from .matrix import DOMAIN_MATRIX, assignments
from .models import (
    CountyPlan,
    Funding,
    Milestone,
    PlanTarget,
    Project,
    Responsibility,
    TownKeyPoint,
)

START_YEAR, END_YEAR = 2025, 2028
# The goal each toilet indicator reaches by the plan's last year (simulated plans).
GOALS = {
    "toilets.sanitary_coverage": 92.0,
    "toilets.usable_rate": 95.0,
    "toilets.rectification_rate": 100.0,
    "toilets.pumpout_on_time": 95.0,
    "toilets.satisfaction": 90.0,
}
KEY_POINTS = [
    "问题厕所整改清零，做到“改一户、成一户、好用一户”",
    "完善“一厕一码”报抽服务，抽厕车辆和人员覆盖全部行政村",
    "推进镇驻地和中心村生活污水管网建设，杜绝污水直排",
    "开展“三清一改”村庄清洁行动，清理“三大堆”",
    "整治坑塘沟渠，打造“五小园”",
    "推行积分制和红黑榜，评选美丽庭院示范户",
    "落实保洁员工资按时足额发放，推行物业化保洁",
    "畜禽粪污资源化利用，综合利用率达到90%以上",
]
PROJECTS: dict[str, list[str]] = {
    ProjectDomain.TOILETS: ["{town}农村改厕提升工程", "{town}问题厕所整改项目"],
    ProjectDomain.SEWAGE: ["{town}农村生活污水治理工程"],
    ProjectDomain.WATER: ["{town}农村黑臭水体整治项目"],
    ProjectDomain.WASTE: ["{county}农村生活垃圾收运处置一体化项目"],
    ProjectDomain.CLEANING: ["{town}村庄清洁行动"],
    ProjectDomain.ROADS: ["{town}“四好农村路”提升工程"],
    ProjectDomain.VILLAGESCAPE: ["{village}美丽乡村示范村建设"],
    ProjectDomain.LIVESTOCK: ["{town}畜禽粪污资源化利用项目"],
    ProjectDomain.COMMUNITY: ["{town}积分制与红黑榜推广"],
}
COUNTY_WIDE = {ProjectDomain.WASTE}
AT_VILLAGE = {ProjectDomain.VILLAGESCAPE}
INNOVATIONS = {
    InnovationKind.FINANCING: "整县打包申请地方政府专项债券，使用者付费与财政补贴相结合",
    InnovationKind.CONSTRUCTION: "村民投工投劳、以工代赈，小型工程由村集体自建",
    InnovationKind.OPERATION: "第三方专业公司整县托管运维，按效付费",
}
PARTICIPATION = [
    "村民理事会全程参与质量监督",
    "党员志愿者带头、胡同长包片动员",
    "村民议事会表决实施方案，户均出资出劳",
]
MILESTONES = ["立项批复", "招标采购", "开工建设", "竣工验收"]


@demo_step("plans", order=50)
def simulate_plans(ctx: DemoContext) -> None:
    seeded = seed_matrix()
    counties = list(
        Region.objects.current()
        .filter(city__code=ctx.city_code, level=Level.COUNTY)
        .order_by("code")
    )
    plans = projects = 0
    for index, county in enumerate(counties):
        rng = ctx.rng(f"plans:{county.code}")
        if not CountyPlan.objects.filter(region=county, is_simulated=True).exists():
            _plan(rng, county, approve=index > 0)
            plans += 1
        if not Project.objects.filter(county=county, is_simulated=True).exists():
            projects += _projects(ctx.rng(f"projects:{county.code}"), county)
    ctx.log(f"plans: {seeded} responsibilities, {plans} plans, {projects} projects (simulated)")


def seed_matrix() -> int:
    """Create the default assignments missing for the registered indicators."""
    have = set(Responsibility.objects.values_list("indicator", "department"))
    leads = set(Responsibility.objects.filter(role="lead").values_list("indicator", flat=True))
    rows = []
    for indicator in indicators():
        for department, role in assignments(indicator.key, indicator.domain):
            if (indicator.key, department) in have or (role == "lead" and indicator.key in leads):
                continue
            rows.append(Responsibility(indicator=indicator.key, department=department, role=role))
    with transaction.atomic():
        Responsibility.objects.bulk_create(rows)
        audit.record_many(
            audit.build(AuditAction.CREATE, r, note="default responsibility matrix") for r in rows
        )
    return len(rows)


def _stages(baseline: float | None, goal: float) -> list[tuple[int, float]]:
    start = baseline if baseline is not None else goal * 0.7
    goal = max(goal, min(100.0, round(start + 1)))
    years = list(range(START_YEAR, END_YEAR + 1))
    return [
        (year, round(2 * (start + (goal - start) * (i + 1) / len(years))) / 2)
        for i, year in enumerate(years)
    ]


def _plan(rng: random.Random, county: Region, approve: bool) -> CountyPlan:
    now = timezone.now()
    with transaction.atomic():
        plan = CountyPlan(
            region=county,
            title=f"农村人居环境整治提升实施方案（{START_YEAR}—{END_YEAR}年）",
            start_year=START_YEAR,
            end_year=END_YEAR,
            measures="学习运用“千万工程”经验，分类推进厕所革命、生活污水和垃圾治理、村容村貌提升。"
            "（模拟数据）",
            baseline=actions.baseline_snapshot(county),
            baseline_date=timezone.localdate(),
            status=PlanStatus.APPROVED if approve else PlanStatus.SUBMITTED,
            submitted_at=now,
            reviewed_at=now if approve else None,
            review_note="（模拟）同意" if approve else "",
            is_simulated=True,
        )
        plan.save()
        targets = []
        for key, goal in GOALS.items():
            if key not in plan.baseline:
                continue
            for year, value in _stages(plan.baseline[key].get("value"), goal):
                targets.append(PlanTarget(plan=plan, indicator=key, year=year, value=value))
        PlanTarget.objects.bulk_create(targets)
        towns = Region.objects.current().filter(county=county, level=Level.TOWN).order_by("code")
        points = [
            TownKeyPoint(plan=plan, town=town, text="；".join(rng.sample(KEY_POINTS, 2)))
            for town in towns
        ]
        TownKeyPoint.objects.bulk_create(points)
        audit.record(
            AuditAction.CREATE,
            plan,
            changes=audit.diff({}, audit.snapshot(plan)),
            note=f"seed-demo: simulated plan, {len(targets)} targets, {len(points)} towns",
        )
        if approve:
            actions.write_targets(plan)
    return plan


def _date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange(max(1, (end - start).days)))


def _projects(rng: random.Random, county: Region) -> int:
    today = timezone.localdate()
    towns = list(Region.objects.current().filter(county=county, level=Level.TOWN).order_by("code"))
    villages_by_town: dict[int, list[Region]] = {}
    for village in (
        Region.objects.current().filter(county=county, level=Level.VILLAGE).order_by("code")
    ):
        villages_by_town.setdefault(village.town_id or 0, []).append(village)
    toilet_keys = [k for k in GOALS if any(i.key == k for i in indicators())]
    made: list[tuple[Project, list[Region]]] = []
    for n in range(1, rng.randint(5, 15) + 1):
        domain = rng.choice(list(PROJECTS))
        town = rng.choice(towns) if towns else county
        villages = villages_by_town.get(town.pk, [])
        village = rng.choice(villages) if villages else town
        region = county if domain in COUNTY_WIDE else village if domain in AT_VILLAGE else town
        name = rng.choice(PROJECTS[domain]).format(
            county=county.name, town=town.name, village=village.name
        )
        lead, cooperating = DOMAIN_MATRIX.get(domain, DOMAIN_MATRIX["community"])
        start = _date_between(rng, datetime.date(2024, 3, 1), datetime.date(2026, 10, 1))
        end = start + datetime.timedelta(days=rng.randrange(180, 720))
        if rng.random() < 0.05:
            status, progress = ProjectStatus.SUSPENDED, rng.randrange(10, 60)
        elif end < today:
            status, progress = ProjectStatus.COMPLETED, 100
        elif start <= today:
            elapsed = (today - start).days / max(1, (end - start).days)
            status, progress = ProjectStatus.IN_PROGRESS, min(95, max(5, round(100 * elapsed)))
        else:
            status, progress = ProjectStatus.PLANNED, 0
        innovation = rng.choice([None, None, *INNOVATIONS])
        budget = round(rng.lognormvariate(14.9, 0.8), -3)  # about 3 million yuan, median
        project = Project(
            code=f"XM-{county.code}-{n:03d}",
            region=region,
            name=name[:200],
            domain=domain,
            lead_department=lead,
            cooperating_departments=",".join(cooperating),
            budget=int(budget),
            status=status,
            start_date=start,
            end_date=end,
            progress=progress,
            weak_indicator=rng.choice(toilet_keys)
            if domain == ProjectDomain.TOILETS and toilet_keys
            else "",
            weak_link="（模拟）" + rng.choice(KEY_POINTS)[:40],
            innovation_kind=innovation or "",
            innovation_note=INNOVATIONS[innovation] if innovation else "",
            participation_note=rng.choice(PARTICIPATION) if rng.random() < 0.4 else "",
            is_simulated=True,
        )
        project.set_ancestors()
        covered = rng.sample(villages, min(len(villages), rng.randint(1, 4))) if villages else []
        if domain in AT_VILLAGE:
            covered = [village] if village.level == Level.VILLAGE else []
        made.append((project, covered))
    with transaction.atomic():
        Project.objects.bulk_create([p for p, _v in made])
        saved = {p.code: p for p in Project.objects.filter(county=county, is_simulated=True)}
        through = Project.villages.through
        links = []
        fundings: list[Funding] = []
        milestones: list[Milestone] = []
        for project, covered in made:
            stored = saved[project.code]
            links += [through(project_id=stored.pk, region_id=v.pk) for v in covered]
            fundings += _fundings(rng, stored)
            milestones += _milestones(rng, stored, today)
        through.objects.bulk_create(links)
        Funding.objects.bulk_create(fundings)
        Milestone.objects.bulk_create(milestones)
        audit.record(
            AuditAction.CREATE,
            object_type="plans.project",
            object_repr=f"seed-demo: {len(made)} projects",
            region=county,
            note=f"simulated projects, {len(fundings)} funding rows, {len(milestones)} milestones",
        )
    return len(made)


def _fundings(rng: random.Random, project: Project) -> list[Funding]:
    """Split 60–100% of the budget over the channels a project of that size would use."""
    assert project.start_date is not None
    assert project.end_date is not None
    arrived = project.budget * rng.uniform(0.6, 1.0)
    shares = {FundingSource.FISCAL: rng.uniform(0.4, 0.7)}
    if project.budget > 5_000_000:
        shares[FundingSource.BOND] = rng.uniform(0.1, 0.4)
    if project.innovation_kind == InnovationKind.FINANCING or rng.random() < 0.2:
        shares[FundingSource.SOCIAL] = rng.uniform(0.05, 0.3)
    if rng.random() < 0.5:
        shares[FundingSource.COLLECTIVE] = rng.uniform(0.02, 0.1)
    if project.domain in {ProjectDomain.TOILETS, ProjectDomain.CLEANING} or rng.random() < 0.2:
        shares[FundingSource.VILLAGERS] = rng.uniform(0.01, 0.05)
    total = sum(shares.values())
    years = list(range(project.start_date.year, project.end_date.year + 1))
    rows = []
    for source, share in shares.items():
        amount = int(round(arrived * share / total, -2))
        year = rng.choice(years)
        rows.append(
            Funding(project=project, source=source, amount=amount, year=year, is_simulated=True)
        )
    return rows


def _milestones(rng: random.Random, project: Project, today: datetime.date) -> list[Milestone]:
    assert project.start_date is not None
    assert project.end_date is not None
    span = (project.end_date - project.start_date).days
    rows = []
    for i, name in enumerate(MILESTONES):
        due = project.start_date + datetime.timedelta(days=span * i // (len(MILESTONES) - 1))
        done = None
        if due <= today and project.status != ProjectStatus.SUSPENDED and rng.random() < 0.9:
            done = due + datetime.timedelta(days=rng.randrange(-10, 30))
            done = min(done, today)
        rows.append(
            Milestone(project=project, name=name, due_date=due, done_date=done, is_simulated=True)
        )
    return rows
