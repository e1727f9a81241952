"""Demo step: black-odorous water bodies at realistic proportions (all simulated).

Proportions (simulated, after the national survey reported by 崔艳智 et al. 2023 — over 8,000
rural black-odorous bodies found by 2021, mostly ponds and ditches, domestic sewage the main
single cause in about a third): about one body per ten villages at scale 1 (240 in the city),
at least two per county at any scale; ponds 50%, ditches 35%, river sections 15%. States:
accepted 45%, under observation 12%, remediated 8%, in remediation 15%, identified 12%,
relapsed 8%. Each body has two sampling points per sampling day: identified and in-remediation
bodies fail their latest day; remediated ones failed before remediation and pass since;
relapsed ones pass after remediation and fail later (half of them also have a complaint case).
Samples are classified with the default threshold set when generated, as the ledger would.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from renju.cases.actions import open_case
from renju.cases.choices import Source
from renju.core import audit
from renju.core.demo import DemoContext, demo_step
from renju.core.models.audit import AuditAction
from renju.regions.choices import Level
from renju.regions.models import Region

from . import thresholds
from .cases import COMPLAINT
from .choices import BodyKind, BodyState, Measure
from .models import PublicSurvey, RemediationMeasure, WaterBody, WaterSample

BODIES_AT_SCALE_1 = 240
MIN_PER_COUNTY = 2
KINDS = [(BodyKind.POND, 50), (BodyKind.DITCH, 35), (BodyKind.RIVER, 15)]
STATES = [
    (BodyState.ACCEPTED, 45),
    (BodyState.OBSERVATION, 12),
    (BodyState.REMEDIATED, 8),
    (BodyState.IN_REMEDIATION, 15),
    (BodyState.IDENTIFIED, 12),
    (BodyState.RELAPSED, 8),
]
SOURCES = ["生活污水直排", "畜禽养殖废水", "生活垃圾堆积", "水体流动性差、底泥淤积", "农田退水"]
KIND_NAMES = {BodyKind.POND: "坑塘", BodyKind.DITCH: "沟渠", BodyKind.RIVER: "河段"}
MEASURE_ORDER = list(Measure.values)
VALUE_FIELDS = ("transparency_cm", "do_mg_l", "nh3n_mg_l", "orp_mv", "depth_cm")


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return str(rng.choices([w[0] for w in weighted], [w[1] for w in weighted])[0])


def _values(rng: random.Random, black: bool) -> dict[str, Decimal]:
    d = Decimal
    if black:
        return {
            "transparency_cm": d(str(round(rng.uniform(8, 24), 1))),
            "do_mg_l": d(str(round(rng.uniform(0.4, 1.9), 2))),
            "nh3n_mg_l": d(str(round(rng.uniform(6, 22), 2))),
            "orp_mv": d(str(round(rng.uniform(-260, 20), 1))),
            "depth_cm": d(str(round(rng.uniform(40, 180), 1))),
        }
    return {
        "transparency_cm": d(str(round(rng.uniform(30, 80), 1))),
        "do_mg_l": d(str(round(rng.uniform(3, 7.5), 2))),
        "nh3n_mg_l": d(str(round(rng.uniform(0.3, 4.5), 2))),
        "orp_mv": d(str(round(rng.uniform(80, 260), 1))),
        "depth_cm": d(str(round(rng.uniform(40, 180), 1))),
    }


def _projects(county: Region) -> list[Any]:
    from renju.plans.models import Project

    water = list(Project.objects.filter(county=county, domain="water").order_by("code"))
    return water or list(Project.objects.filter(county=county).order_by("code")[:3])


@demo_step("water", order=60)
def simulate_water(ctx: DemoContext) -> None:
    thresholds.ensure_default_sets()
    rules = thresholds.rules_for(None)
    counties = list(
        Region.objects.current()
        .filter(city__code=ctx.city_code, level=Level.COUNTY)
        .order_by("code")
    )
    total = max(MIN_PER_COUNTY * len(counties), round(BODIES_AT_SCALE_1 * ctx.scale))
    today = timezone.localdate()
    made = samples = complaints = 0
    for index, county in enumerate(counties):
        share = total // len(counties) + (1 if index < total % len(counties) else 0)
        rng = ctx.rng(f"water:{county.code}")
        villages = list(
            Region.objects.current().filter(county=county, level=Level.VILLAGE).order_by("code")
        )
        if not villages:
            continue
        projects = _projects(county)
        chosen = rng.sample(villages, min(share, len(villages)))
        for village in sorted(chosen, key=lambda v: v.code):
            code = f"HC-{village.code}-01"
            body_rng = ctx.rng(f"water:{code}")
            if WaterBody.objects.filter(code=code).exists():
                continue
            n, c = _body(body_rng, code, village, projects, rules, today)
            made += 1
            samples += n
            complaints += c
    ctx.log(
        f"water: {made} water bodies, {samples} samples, {complaints} complaint cases (simulated)"
    )


def _body(
    rng: random.Random,
    code: str,
    village: Region,
    projects: list[Any],
    rules: list[Any],
    today: datetime.date,
) -> tuple[int, int]:
    kind = _pick(rng, KINDS)
    state = _pick(rng, STATES)
    if not projects and state != BodyState.IDENTIFIED:
        state = str(BodyState.IDENTIFIED)
    identified_on = today - datetime.timedelta(days=rng.randint(500, 900))
    started = identified_on + datetime.timedelta(days=rng.randint(60, 150))
    remediated_on = started + datetime.timedelta(days=rng.randint(90, 200))
    since = {
        BodyState.IDENTIFIED: identified_on,
        BodyState.IN_REMEDIATION: started,
        BodyState.REMEDIATED: remediated_on,
        BodyState.OBSERVATION: remediated_on + datetime.timedelta(days=30),
        BodyState.ACCEPTED: remediated_on + datetime.timedelta(days=200),
        BodyState.RELAPSED: remediated_on + datetime.timedelta(days=120),
    }[BodyState(state)]
    since = min(since, today)
    was_remediated = state in {
        BodyState.REMEDIATED,
        BodyState.OBSERVATION,
        BodyState.ACCEPTED,
        BodyState.RELAPSED,
    }
    length = Decimal(rng.randint(150, 2500)) if kind != BodyKind.POND else None
    area = Decimal(rng.randint(300, 12000))
    body = WaterBody(
        code=code,
        name=f"{village.name}{KIND_NAMES[BodyKind(kind)]}",
        region=village,
        kind=kind,
        location=f"{village.name}村{rng.choice(['东', '西', '南', '北'])}侧",
        length_m=length,
        area_m2=area,
        villages_around=village.name,
        suspected_sources="、".join(rng.sample(SOURCES, rng.randint(1, 2))),
        identified_on=identified_on,
        batch=f"{started.year}年第{rng.randint(1, 2)}批" if state != BodyState.IDENTIFIED else "",
        state=state,
        state_since=since,
        relapse_count=1 if state == BodyState.RELAPSED else 0,
        remediated_on=remediated_on if was_remediated else None,
        remediated_at=(
            timezone.make_aware(datetime.datetime.combine(remediated_on, datetime.time(12)))
            if was_remediated
            else None
        ),
        is_simulated=True,
    )
    # Sampling days: one at identification; one after remediation; a relapse day.
    days: list[tuple[datetime.date, bool]] = [(identified_on, True)]
    if state == BodyState.IN_REMEDIATION:
        days.append((min(today, started + datetime.timedelta(days=45)), True))
    if was_remediated:
        days.append((remediated_on - datetime.timedelta(days=3), False))
    if state in {BodyState.OBSERVATION, BodyState.ACCEPTED}:
        days.append((min(today, remediated_on + datetime.timedelta(days=90)), False))
    if state == BodyState.RELAPSED:
        days.append((since, True))
    with transaction.atomic():
        body.save()
        audit.record(
            AuditAction.CREATE,
            body,
            changes=audit.diff({}, {**audit.snapshot(body), "state": state}),
            note="seed-demo (simulated)",
        )
        rows = []
        for n, (day, black) in enumerate(days):
            for point in (1, 2):
                values = _values(rng, black)
                grade, findings = thresholds.classify(dict(values), rules)
                rows.append(
                    WaterSample(
                        code=f"{code}-{n + 1:02d}{point}",
                        water_body=body,
                        region=village,
                        sampled_on=day,
                        point=f"{point}号点",
                        sampled_by="县生态环境监测站（模拟）",
                        grade=grade,
                        reasons=[f.as_json() for f in findings],
                        is_simulated=True,
                        **values,
                    )
                )
        for row in rows:
            row.set_ancestors()
        WaterSample.objects.bulk_create(rows)
        latest_day = max(r.sampled_on for r in rows)
        default = thresholds.default_set()  # the set the samples were classified with
        body.grade = thresholds.body_grade(
            [(r.point, r.grade) for r in rows if r.sampled_on == latest_day],
            default.point_share if default is not None else None,
        )
        body.graded_on = latest_day
        body.save(update_fields=["grade", "graded_on"])
        audit.record(
            AuditAction.CREATE,
            object_type="water.watersample",
            object_repr=f"seed-demo: {len(rows)} samples of {code}",
            region=village,
            note="simulated samples",
        )
        if state != BodyState.IDENTIFIED:
            measures = [
                RemediationMeasure(
                    water_body=body,
                    measure=m,
                    project=projects[i % len(projects)],
                    note="模拟数据",
                )
                for i, m in enumerate(rng.sample(MEASURE_ORDER, rng.randint(1, 3)))
            ]
            RemediationMeasure.objects.bulk_create(measures)
            audit.record_many(
                audit.build(
                    AuditAction.CREATE,
                    m,
                    changes=audit.diff({}, audit.snapshot(m)),
                    region=village,
                    note="simulated",
                )
                for m in measures
            )
        respondents = rng.randint(30, 120)
        black_share = 0.75 if state in {BodyState.IDENTIFIED, BodyState.RELAPSED} else 0.1
        survey = PublicSurvey.objects.create(
            code=f"{code}-PS1"[:32],
            region=village,
            water_body=body,
            surveyed_on=since,
            respondents=respondents,
            judged_black_odorous=round(respondents * rng.uniform(black_share - 0.1, black_share)),
            note="模拟数据",
        )
        audit.record(
            AuditAction.CREATE,
            survey,
            changes=audit.diff({}, audit.snapshot(survey)),
            region=village,
            note="simulated",
        )
    complaints = 0
    if state == BodyState.RELAPSED and rng.random() < 0.5:
        open_case(
            category=COMPLAINT.key,
            region=village,
            source=Source.HOTLINE,
            subject=body,
            description="群众来电反映：水体发黑发臭（模拟数据）",
            reporter_name="村民（模拟）",
        )
        complaints = 1
    return len(rows), complaints
