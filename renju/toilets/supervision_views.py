"""The supervision page of the toilet service companies (S14): a table, a chart, an export."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from renju.core import audit, spreadsheets
from renju.core.scoping import EXPORT, VIEW, user_can
from renju.regions.choices import Level
from renju.regions.services import region_for_user

from . import supervision
from .problem_views import require


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


# Dates a period may span: the calendar's ends overflowed (the day after 9999-12-31; midnight of
# 0001-01-01 in Beijing is in year 0 in UTC) and answered 500.
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(9999, 12, 30)


def period_from(params: Any) -> supervision.Period:
    """The period of the request (``since``/``until``), by default the last 90 days."""
    default = supervision.Period.last_days(90)
    start = _date(params.get("since")) or default.start
    end = _date(params.get("until")) or default.end
    if end < start:
        start, end = end, start
    return supervision.Period(max(start, EARLIEST), min(end, LATEST))


def _pct(value: float | None) -> str:
    return f"{value * 100:.1f}%" if value is not None else ""


def _num(value: float | None, digits: int = 1) -> str:
    return f"{value:.{digits}f}" if value is not None else ""


def headers() -> list[str]:
    return [
        _("company"),
        _("county"),
        _("number of cases"),
        _("resolved"),
        _("on-time rate"),
        _("median hours to fix"),
        _("mean rating"),
        _("rated 4–5"),
        _("reopen rate"),
        _("pumped to treatment (m³)"),
        _("reused (m³)"),
        _("household fees (yuan)"),
        _("subsidies (yuan)"),
    ]


def row(r: supervision.CompanyFigures) -> list[Any]:
    return [
        r.company,
        r.county,
        r.cases,
        r.resolved,
        _pct(r.on_time_rate),
        _num(r.median_hours),
        _num(r.rating_mean),
        _pct(r.good_share),
        _pct(r.reopen_rate),
        f"{r.volume_treatment:.2f}",
        f"{r.volume_reuse:.2f}",
        f"{r.household_fees:.2f}",
        f"{r.subsidies:.2f}",
    ]


@login_required
def supervision_page(request: HttpRequest) -> HttpResponse:
    """Per company and county over the chosen period; a county official sees her county."""
    require(user_can(request.user, VIEW))
    period = period_from(request.GET)
    county = region_for_user(request.user, request.GET.get("county", "").strip())
    if county is not None and county.level != Level.COUNTY:
        county = None
    figures = supervision.company_figures(request.user, period, county)
    fmt = request.GET.get("format", "")
    if fmt in {"csv", "xlsx"}:
        require(user_can(request.user, EXPORT))
        title = _("Supervision of service companies")
        audit.record_export("cases.case", title, len(figures), request.GET)
        return spreadsheets.download_response(
            "supervision", title, headers(), [row(r) for r in figures], fmt, stream=False
        )
    query = request.GET.copy()
    query.pop("format", None)
    context = {
        "period": period,
        "county": county,
        "headers": headers(),
        "rows": [row(r) for r in figures],
        "payments": supervision.county_payments(request.user, period, county),
        "chart": supervision.chart_data(figures),
        "chart_labels": {
            "on_time": _("on-time rate"),
            "good": _("rated 4–5"),
            "reopen": _("reopen rate"),
        },
        "query": query.urlencode(),
        "can_export": user_can(request.user, EXPORT),
    }
    return render(request, "toilets/supervision.html", context)
