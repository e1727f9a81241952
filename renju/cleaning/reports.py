"""Figures of the cleaning pages by child region: scores, findings, staffing, wages, companies.

Each figure is one GROUP BY on the ancestor column of the children's level, inside the user's
view scope; rates are sums of parts (never averages of ratios), and no data is shown as "—".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from renju.core.scoping import VIEW
from renju.regions.choices import ANCESTOR_FIELD, Level
from renju.regions.models import Region

from .choices import FindingStatus
from .indicators import SCORE_WINDOW_DAYS
from .models import Finding, Inspection, WagePayment
from .staffing import on_time_q, staffing_parts


def ratio(numerator: float, denominator: float, scale: float = 100.0) -> float | None:
    return numerator / denominator * scale if denominator else None


@dataclass
class Row:
    """The figures of one child region."""

    region: Region
    inspections: int = 0
    score_total: float = 0.0
    findings: int = 0
    rectified: int = 0
    residents: int = 0
    required: float = 0.0
    cleaners: int = 0
    wages_due: int = 0
    wages_on_time: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def score(self) -> float | None:
        return ratio(self.score_total, self.inspections, 1.0)

    @property
    def rectification(self) -> float | None:
        return ratio(self.rectified, self.findings)

    @property
    def staffing(self) -> float | None:
        return ratio(self.cleaners, self.required)

    @property
    def wage_rate(self) -> float | None:
        return ratio(self.wages_on_time, self.wages_due)

    @property
    def wages_late(self) -> int:
        return self.wages_due - self.wages_on_time


def _column(region: Region) -> str:
    return ANCESTOR_FIELD[Level(min(region.level + 1, Level.VILLAGE))]


def children(region: Region) -> list[Region]:
    """The current child regions (a village shows itself)."""
    if region.level >= Level.VILLAGE:
        return [region]
    return list(Region.objects.current().filter(parent=region).order_by("code"))


def _grouped(queryset: Any, region: Region, **aggregates: Any) -> dict[int, dict[str, Any]]:
    """``queryset`` (restricted by the caller) inside ``region``, grouped by child region."""
    column = f"{_column(region)}_id"
    rows = queryset.filter(region.scope_filter()).order_by().values(column).annotate(**aggregates)
    return {r[column]: r for r in rows if r[column]}


def summary(user: Any, region: Region, today: datetime.date | None = None) -> list[Row]:
    """Per child region of ``region``: scores, findings, staffing and wages, counting only the
    rows (and, for staffing, the villages) inside the user's view scope."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=SCORE_WINDOW_DAYS - 1)
    rows = {r.pk: Row(r) for r in children(region)}
    inspections = _grouped(
        Inspection.objects.restrict(user, VIEW).filter(
            inspected_on__gte=since, inspected_on__lte=today
        ),
        region,
        n=Count("pk"),
        total=Sum("score"),
    )
    findings = _grouped(
        Finding.objects.restrict(user, VIEW),
        region,
        n=Count("pk"),
        done=Count("pk", filter=Q(status=FindingStatus.RECTIFIED)),
    )
    on_time, due = on_time_q(today)
    wages = _grouped(
        WagePayment.objects.restrict(user, VIEW).filter(due),
        region,
        n=Count("pk"),
        ok=Count("pk", filter=on_time),
    )
    for pk, row in rows.items():
        if pk in inspections:
            row.inspections = inspections[pk]["n"]
            row.score_total = float(inspections[pk]["total"] or 0)
        if pk in findings:
            row.findings, row.rectified = findings[pk]["n"], findings[pk]["done"]
        if pk in wages:
            row.wages_due, row.wages_on_time = wages[pk]["n"], wages[pk]["ok"]
    _staffing(user, region, rows)
    return list(rows.values())


def _staffing(user: Any, region: Region, rows: dict[int, Row]) -> None:
    """Cleaners and residents of the villages under ``region`` the user may see (a region
    above the user's grants, shown for its breadcrumb, counts only her own villages)."""
    column = f"{_column(region)}_id"
    villages = dict(
        Region.objects.current()
        .within(user, VIEW)
        .filter(region.scope_filter_for_regions(), level=Level.VILLAGE)
        .values_list("pk", column)
    )
    residents = dict(
        Region.objects.filter(pk__in=list(villages)).values_list("pk", "resident_population")
    )
    for village, (cleaners, required) in staffing_parts(list(villages)).items():
        row = rows.get(villages[village])
        if row is not None:
            row.cleaners += int(cleaners)
            row.required += required
            row.residents += residents.get(village) or 0


def total(rows: list[Row], region: Region) -> Row:
    """The sum of the rows (the region itself)."""
    out = Row(region)
    for r in rows:
        for name in (
            "inspections",
            "score_total",
            "findings",
            "rectified",
            "residents",
            "required",
        ):
            setattr(out, name, getattr(out, name) + getattr(r, name))
        out.cleaners += r.cleaners
        out.wages_due += r.wages_due
        out.wages_on_time += r.wages_on_time
    return out


@dataclass
class CompanyScore:
    company_id: int
    name: str
    inspections: int
    average: float | None
    findings: int


def company_scores(user: Any, region: Region) -> list[CompanyScore]:
    """The inspections credited to each cleaning company under contract, and their average."""
    rows = (
        Inspection.objects.restrict(user, VIEW)
        .filter(region.scope_filter(), company__isnull=False)
        .order_by()
        .values("company_id", "company__name")
        .annotate(n=Count("pk"), avg=Avg("score"), f=Sum("finding_count"))
        .order_by("-avg")
    )
    return [
        CompanyScore(r["company_id"], r["company__name"], r["n"], float(r["avg"]), r["f"] or 0)
        for r in rows
    ]
