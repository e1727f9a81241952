"""Supervision of the toilet service companies (S14): per company and county, over a period.

Figures, each from database aggregates over the cases created (pump-outs done, subsidies paid)
in the period:

- cases: the company's toilet cases;
- on-time rate: cases resolved by their deadline ÷ cases resolved;
- median time to fix: hours from creation to resolution (one query of durations, the median
  taken in Python per company and county);
- satisfaction: mean rating, and the share of ratings of 4 or 5;
- reopen rate: cases reopened at least once ÷ cases resolved;
- volumes pumped to treatment and reused (m³), the households' fees and the subsidies (yuan).

Scope: a government user sees the companies working in her regions (the cases and pump-outs
there); a company sees itself only.
"""

from __future__ import annotations

import datetime
import decimal
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from renju.accounts.choices import SERVICE_AREA_KINDS
from renju.accounts.models import Organisation
from renju.cases.models import Case
from renju.cases.registry import categories
from renju.core.scoping import VIEW, region_filter, scope_regions
from renju.regions.models import Region

from .choices import SludgeDestination
from .models import PumpOut, RetrofitApplication

ZERO = decimal.Decimal("0")


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included (local time)."""

    start: datetime.date
    end: datetime.date

    @property
    def since(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def until(self) -> datetime.datetime:
        """The first instant after the period (exclusive bound)."""
        day_after = self.end + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day_after, datetime.time.min))

    @classmethod
    def last_days(cls, days: int = 90, today: datetime.date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls(today - datetime.timedelta(days=days - 1), today)


@dataclass
class CompanyFigures:
    """One company in one county over the period."""

    company_id: int
    company: str
    county_id: int | None
    county: str
    cases: int = 0
    resolved: int = 0
    on_time: int = 0
    rated: int = 0
    rating_mean: float | None = None
    rated_good: int = 0
    reopened: int = 0
    median_hours: float | None = None
    volume_treatment: decimal.Decimal = ZERO
    volume_reuse: decimal.Decimal = ZERO
    household_fees: decimal.Decimal = ZERO
    subsidies: decimal.Decimal = ZERO

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.resolved if self.resolved else None

    @property
    def good_share(self) -> float | None:
        return self.rated_good / self.rated if self.rated else None

    @property
    def reopen_rate(self) -> float | None:
        return self.reopened / self.resolved if self.resolved else None


@dataclass
class CountyPayments:
    """Who pays what in one county: the households' pump-out fees against the subsidies."""

    county_id: int | None
    county: str
    household_fees: decimal.Decimal = ZERO
    pumpout_subsidies: decimal.Decimal = ZERO
    retrofit_subsidies: decimal.Decimal = ZERO
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def subsidies(self) -> decimal.Decimal:
        return self.pumpout_subsidies + self.retrofit_subsidies


def toilet_categories() -> list[str]:
    """The case categories of the toilet services that companies answer for."""
    return [c.key for c in categories("toilets")]


def _company_of(user: Any) -> Organisation | None:
    org = getattr(user, "organisation", None)
    if user.is_superuser or org is None or org.kind not in SERVICE_AREA_KINDS:
        return None
    return org


def scoped_cases(user: Any, period: Period, county: Region | None = None) -> QuerySet[Case]:
    """The toilet cases of companies created in the period that the user may see."""
    cases = Case.objects.restrict(user, VIEW).filter(
        category__in=toilet_categories(),
        assigned_org__kind__in=sorted(SERVICE_AREA_KINDS),
        created_at__gte=period.since,
        created_at__lt=period.until,
    )
    if county is not None:
        cases = cases.filter(county=county)
    return cases


def scoped_pumpouts(user: Any, period: Period, county: Region | None = None) -> QuerySet[PumpOut]:
    """The pump-outs of the period in the user's scope (a company: its own)."""
    pumpouts = PumpOut.objects.filter(pumped_on__gte=period.start, pumped_on__lte=period.end)
    company = _company_of(user)
    if company is not None:
        pumpouts = pumpouts.filter(company=company)
    else:
        regions = scope_regions(user, VIEW)
        if regions is not None:
            pumpouts = pumpouts.filter(region_filter(regions, prefix="toilet__"))
    if county is not None:
        pumpouts = pumpouts.filter(toilet__county=county)
    return pumpouts


def scoped_retrofit_payments(
    user: Any, period: Period, county: Region | None = None
) -> QuerySet[RetrofitApplication]:
    """The retrofit subsidies paid in the period in the user's scope (none for a company)."""
    if _company_of(user) is not None:
        return RetrofitApplication.objects.none()
    paid = RetrofitApplication.objects.filter(
        paid_on__gte=period.start, paid_on__lte=period.end, subsidy__isnull=False
    )
    regions = scope_regions(user, VIEW)
    if regions is not None:
        paid = paid.filter(region_filter(regions, prefix="household__"))
    if county is not None:
        paid = paid.filter(household__county=county)
    return paid


def _names(org_ids: set[int], county_ids: set[int | None]) -> tuple[dict[int, str], dict[int, str]]:
    orgs = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "name"))
    counties = dict(
        Region.objects.filter(pk__in=[c for c in county_ids if c]).values_list("pk", "name")
    )
    return orgs, counties


def median_hours(durations: list[datetime.timedelta]) -> float | None:
    """The median of the durations in hours (None for none)."""
    if not durations:
        return None
    return statistics.median(d.total_seconds() / 3600 for d in durations)


def company_figures(
    user: Any, period: Period, county: Region | None = None
) -> list[CompanyFigures]:
    """The figures of every company the user may see, per county, sorted by county and name."""
    cases = scoped_cases(user, period, county)
    resolved = Q(resolved_at__isnull=False)
    counts = (
        cases.order_by()
        .values("assigned_org_id", "county_id")
        .annotate(
            n=Count("pk"),
            resolved=Count("pk", filter=resolved),
            on_time=Count("pk", filter=resolved & Q(resolved_at__lte=F("deadline"))),
            rated=Count("pk", filter=Q(rating__isnull=False)),
            rating_mean=Avg("rating"),
            rated_good=Count("pk", filter=Q(rating__gte=4)),
            reopened=Count("pk", filter=Q(reopen_count__gt=0)),
        )
    )
    rows: dict[tuple[int, int | None], CompanyFigures] = {}
    for c in counts:
        key = (c["assigned_org_id"], c["county_id"])
        rows[key] = CompanyFigures(
            company_id=key[0],
            company="",
            county_id=key[1],
            county="",
            cases=c["n"],
            resolved=c["resolved"],
            on_time=c["on_time"],
            rated=c["rated"],
            rating_mean=float(c["rating_mean"]) if c["rating_mean"] is not None else None,
            rated_good=c["rated_good"],
            reopened=c["reopened"],
        )
    durations: dict[tuple[int, int | None], list[datetime.timedelta]] = defaultdict(list)
    for org_id, county_id, took in (
        cases.filter(resolved)
        .order_by()
        .annotate(took=ExpressionWrapper(F("resolved_at") - F("created_at"), DurationField()))
        .values_list("assigned_org_id", "county_id", "took")
    ):
        durations[(org_id, county_id)].append(took)
    for key, values in durations.items():
        if key in rows:
            rows[key].median_hours = median_hours(values)
    volumes = (
        scoped_pumpouts(user, period, county)
        .order_by()
        .values("company_id", "toilet__county_id")
        .annotate(
            treatment=Sum("volume", filter=Q(destination=SludgeDestination.TREATMENT)),
            reuse=Sum("volume", filter=Q(destination=SludgeDestination.REUSE)),
            fees=Sum("household_fee"),
            subsidies=Sum("subsidy"),
        )
    )
    for v in volumes:
        key = (v["company_id"], v["toilet__county_id"])
        row = rows.setdefault(
            key, CompanyFigures(company_id=key[0], company="", county_id=key[1], county="")
        )
        row.volume_treatment = v["treatment"] or ZERO
        row.volume_reuse = v["reuse"] or ZERO
        row.household_fees = v["fees"] or ZERO
        row.subsidies = v["subsidies"] or ZERO
    orgs, counties = _names({k[0] for k in rows}, {k[1] for k in rows})
    for (company_id, county_key), figures in rows.items():
        figures.company = orgs.get(company_id, "")
        figures.county = counties.get(county_key or 0, "")
    return sorted(rows.values(), key=lambda r: (r.county, r.company))


def county_payments(
    user: Any, period: Period, county: Region | None = None
) -> list[CountyPayments]:
    """Per county: households' pump-out fees, pump-out subsidies, retrofit subsidies paid."""
    rows: dict[int | None, CountyPayments] = {}
    for p in (
        scoped_pumpouts(user, period, county)
        .order_by()
        .values("toilet__county_id")
        .annotate(fees=Sum("household_fee"), subsidies=Sum("subsidy"))
    ):
        key = p["toilet__county_id"]
        rows[key] = CountyPayments(
            county_id=key,
            county="",
            household_fees=p["fees"] or ZERO,
            pumpout_subsidies=p["subsidies"] or ZERO,
        )
    for r in (
        scoped_retrofit_payments(user, period, county)
        .order_by()
        .values("household__county_id")
        .annotate(total=Sum("subsidy"))
    ):
        key = r["household__county_id"]
        row = rows.setdefault(key, CountyPayments(county_id=key, county=""))
        row.retrofit_subsidies = r["total"] or ZERO
    _orgs, counties = _names(set(), set(rows))
    for key, row in rows.items():
        row.county = counties.get(key or 0, "")
    return sorted(rows.values(), key=lambda r: r.county)


def chart_data(rows: list[CompanyFigures]) -> dict[str, Any]:
    """The bar chart's series: per company and county, on-time rate and share of good ratings."""

    def pct(value: float | None) -> float | None:
        return round(value * 100, 1) if value is not None else None

    return {
        "labels": [f"{r.company} · {r.county}" for r in rows],
        "on_time": [pct(r.on_time_rate) for r in rows],
        "good": [pct(r.good_share) for r in rows],
        "reopen": [pct(r.reopen_rate) for r in rows],
    }
