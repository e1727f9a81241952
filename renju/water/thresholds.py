"""The threshold sets and the classification of samples and water bodies.

Two sets ship by default (created by :func:`ensure_default_sets`, editable by the city in the
admin afterwards; the city may add its own):

``rural-2019`` (the default):
    《农村黑臭水体治理工作指南（试行）》,
    生态环境部办公厅、水利部办公厅、农业农村部办公厅, 2019-11.
    Transparency < 25 cm (where the water is shallower than 25 cm: < 40% of the depth),
    dissolved oxygen < 2 mg/L, ammonia nitrogen > 15 mg/L; any one makes the sample
    black-odorous (no grades). These are the figures of the renju issue; the guideline's own
    text could not be found with the project's search tool: 待核实 until checked against it.

``urban-2015``:
    《城市黑臭水体整治工作指南》, 住房城乡建设部、环境保护部 (建城〔2015〕130号), 2015-08,
    table 城市黑臭水体污染程度分级标准:
    light: 透明度 25~10 cm, 溶解氧 0.2~2.0 mg/L, 氧化还原电位 −200~50 mV, 氨氮 8.0~15 mg/L;
    heavy: < 10 cm, < 0.2 mg/L, < −200 mV, > 15 mg/L;
    note ※: where the water is shallower than 25 cm the transparency limit is 40% of the depth.
    Checked against two reproductions of the table (probesti.com "What Is A Black Water
    Body?", 2025; a ryyc.cn copy of the table citing the guideline of 2015-08).

Edges. The guideline writes ranges ("25~10"); renju reads every limit strictly, the limit value
itself falling on the milder side: transparency 25 is not black-odorous, 10 is light, below 10
heavy; DO 2.0 clean, 0.2 light, below 0.2 heavy; ORP 50 clean, −200 light, below −200 heavy;
NH₃-N 8.0 clean, 15 light, above 15 heavy — the reading of the open-source library
sm1lewc/Silence.Water (BlackOdorous/Services/CityService.cs). In shallow water the ※ note marks
both columns, so both transparency limits become 40% of the depth (待核实); a depth of exactly
25 cm is not shallow.

Public survey: a share of respondents judging the body black-odorous of at least 60% counts as
black-odorous (the guidelines' public-survey rule as commonly cited; 待核实).

A body's classification comes from its latest sampling day: each monitoring point takes the
worst grade of its samples that day, and the body the worst grade of its points, except that
a set with a ``point_share`` grades the body heavy only when at least that share of its points
is heavy (else light). The urban set ships with 60%: 《城市黑臭水体整治工作指南》2.3 (黑臭级别
判定) "水体60%以上的检测点被认定为“重度黑臭”的，整个水体应认定为“重度黑臭”", checked
against a reproduction of the section (ahhmxh.com "城市黑臭水体的检测与评价", 2022-04-13);
"以上" read as including 60% itself (as Chinese statutes read 以上, e.g. 民法典 第1259条), so 3
heavy points of 5 make a heavy body and 2 of 5 a light one. The rural set has no grades and no
point share (the rural guideline's own rule could not be found: 待核实); any black-odorous point
keeps a body on the list (renju's reading: the guideline's share decides only light vs heavy).
Not implemented: the same section's rule for a single point over repeated tests (a point is
heavy when one parameter has ≥ 60%, or two parameters ≥ 30%, of its readings at the heavy
level) and the rule that the stretch between 3 or more consecutive heavy points is heavy;
renju grades each point from the day's sample instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from renju.core import audit
from renju.core.models.audit import AuditAction

from .choices import SEVERITY, Comparison, Grade, Parameter, SetKind
from .models import ThresholdRule, ThresholdSet

RURAL_SOURCE = (
    "《农村黑臭水体治理工作指南（试行）》生态环境部办公厅、水利部办公厅、农业农村部办公厅 2019-11"
    "（数值待核实）"
)
URBAN_SOURCE = (
    "《城市黑臭水体整治工作指南》住房城乡建设部、环境保护部 建城〔2015〕130号 2015-08，"
    "城市黑臭水体污染程度分级标准"
)
SURVEY_SOURCE = "公众调查：60%受访者认为黑臭（待核实）"
URBAN_POINT_SHARE = Decimal("60")
URBAN_POINT_SOURCE = (
    "《城市黑臭水体整治工作指南》建城〔2015〕130号 2.3：水体60%以上的检测点被认定为"
    "“重度黑臭”的，整个水体应认定为“重度黑臭”（“以上”含本数）"
)
SHALLOW_NOTE = "水深不足25cm时，透明度按水深的40%取值"

T, DO, ORP, N = (
    Parameter.TRANSPARENCY,
    Parameter.DISSOLVED_OXYGEN,
    Parameter.ORP,
    Parameter.AMMONIA,
)
LT, GT = Comparison.BELOW, Comparison.ABOVE
SHALLOW = {"shallow_depth_cm": Decimal("25"), "shallow_fraction": Decimal("0.40")}

# key -> (name, kind, source, default?, [(parameter, comparison, limit, grade, shallow?, note)])
DEFAULT_SETS: dict[str, tuple[str, str, str, bool, list[tuple[str, str, str, str, bool, str]]]] = {
    "rural-2019": (
        "农村黑臭水体治理工作指南（2019）",
        SetKind.RURAL,
        RURAL_SOURCE,
        True,
        [
            (T, LT, "25", Grade.BLACK_ODOROUS, True, SHALLOW_NOTE + "（待核实）"),
            (DO, LT, "2", Grade.BLACK_ODOROUS, False, "待核实"),
            (N, GT, "15", Grade.BLACK_ODOROUS, False, "待核实"),
        ],
    ),
    "urban-2015": (
        "城市黑臭水体整治工作指南（2015）",
        SetKind.URBAN,
        URBAN_SOURCE,
        False,
        [
            (T, LT, "25", Grade.LIGHT, True, "轻度 25~10 cm；" + SHALLOW_NOTE),
            (T, LT, "10", Grade.HEAVY, True, "重度 <10 cm；" + SHALLOW_NOTE + "（待核实）"),
            (DO, LT, "2.0", Grade.LIGHT, False, "轻度 0.2~2.0 mg/L"),
            (DO, LT, "0.2", Grade.HEAVY, False, "重度 <0.2 mg/L"),
            (ORP, LT, "50", Grade.LIGHT, False, "轻度 −200~50 mV"),
            (ORP, LT, "-200", Grade.HEAVY, False, "重度 <−200 mV"),
            (N, GT, "8.0", Grade.LIGHT, False, "轻度 8.0~15 mg/L"),
            (N, GT, "15", Grade.HEAVY, False, "重度 >15 mg/L"),
        ],
    ),
}


def ensure_default_sets() -> int:
    """Create the shipped threshold sets that are missing (audited); returns how many."""
    made = 0
    for key, (name, kind, source, default, rules) in DEFAULT_SETS.items():
        if ThresholdSet.objects.filter(key=key).exists():
            continue
        with transaction.atomic():
            is_default = default and not ThresholdSet.objects.filter(is_default=True).exists()
            tset = ThresholdSet.objects.create(
                key=key,
                name=name,
                kind=kind,
                source=source,
                survey_share=Decimal("60"),
                survey_source=SURVEY_SOURCE,
                is_default=is_default,
                point_share=URBAN_POINT_SHARE if kind == SetKind.URBAN else None,
                point_share_source=URBAN_POINT_SOURCE if kind == SetKind.URBAN else "",
            )
            audit.record(AuditAction.CREATE, tset, changes=audit.diff({}, audit.snapshot(tset)))
            for parameter, comparison, limit, grade, shallow, note in rules:
                rule = ThresholdRule.objects.create(
                    threshold_set=tset,
                    parameter=parameter,
                    comparison=comparison,
                    limit=Decimal(limit),
                    grade=grade,
                    source=note,
                    **(SHALLOW if shallow else {}),
                )
                audit.record(AuditAction.CREATE, rule, changes=audit.diff({}, audit.snapshot(rule)))
        made += 1
    return made


def default_set() -> ThresholdSet | None:
    return ThresholdSet.objects.filter(is_default=True).first()


@dataclass(frozen=True)
class Finding:
    """One rule a sample met: the parameter's value against the (effective) limit."""

    parameter: str
    value: Decimal
    comparison: str
    limit: Decimal
    grade: str

    def as_json(self) -> dict[str, Any]:
        return {
            "parameter": self.parameter,
            "value": str(self.value),
            "comparison": self.comparison,
            "limit": str(self.limit.quantize(Decimal("0.01"))),
            "grade": self.grade,
        }


def worst(grades: list[str]) -> str:
    """The most severe grade of ``grades`` (clean when there is none)."""
    return max(grades, key=lambda g: SEVERITY[g], default=str(Grade.CLEAN))


def classify(
    values: dict[str, Decimal | None], rules: list[ThresholdRule]
) -> tuple[str, list[Finding]]:
    """The grade of one sample's ``values`` (field name → value) under ``rules``, and why.

    ``values`` holds the parameters and ``depth_cm``; a missing value triggers nothing.
    """
    depth = values.get("depth_cm")
    findings = []
    for rule in rules:
        value = values.get(rule.parameter)
        if value is None:
            continue
        value = Decimal(value)
        if rule.triggered(value, Decimal(depth) if depth is not None else None):
            findings.append(
                Finding(
                    rule.parameter,
                    value,
                    rule.comparison,
                    rule.effective_limit(Decimal(depth) if depth is not None else None),
                    rule.grade,
                )
            )
    return worst([f.grade for f in findings]), findings


def rules_for(threshold_set: ThresholdSet | None) -> list[ThresholdRule]:
    tset = threshold_set or default_set()
    return list(tset.rules.all()) if tset is not None else []


def is_black_odorous(grade: str) -> bool:
    return SEVERITY.get(grade, 0) > 0


def body_grade(points: Iterable[tuple[str, str]], point_share: Decimal | None) -> str:
    """The grade of a body from one sampling day's ``(point, grade)`` pairs.

    Each point takes the worst grade of its samples; the body the worst grade of its points,
    except that with ``point_share`` (percent) it is heavy only when heavy points make at least
    that share of its points (exactly the share counts: 3 of 5 at 60%), and light otherwise.
    """
    per_point: dict[str, str] = {}
    for point, grade in points:
        key = (point or "").strip()
        per_point[key] = worst([per_point.get(key, str(Grade.CLEAN)), grade or str(Grade.CLEAN)])
    grade = worst(list(per_point.values()))
    if grade == Grade.HEAVY and point_share is not None:
        heavy = sum(1 for g in per_point.values() if g == Grade.HEAVY)
        if Decimal(heavy * 100) < Decimal(point_share) * len(per_point):
            return str(Grade.LIGHT)
    return grade


def survey_says_black_odorous(share: Decimal, threshold_set: ThresholdSet | None) -> bool | None:
    """At or above the set's survey share: black-odorous; None when the set has no share."""
    tset = threshold_set or default_set()
    if tset is None or tset.survey_share is None:
        return None
    return share >= tset.survey_share


def describe(finding: dict[str, Any]) -> str:
    """A finding as text: "transparency (cm) 8.0 < 10.00"."""
    key = finding["parameter"]
    label = Parameter(key).label if key in Parameter.values else key
    sign = "<" if finding["comparison"] == Comparison.BELOW else ">"
    return f"{label} {finding['value']} {sign} {finding['limit']}"
