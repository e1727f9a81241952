"""Waste pages: the chain view of a town or county, the crop-vine points (the daily records,
the collection points and their overflow reports are in :mod:`record_views`).

Views parse, call :mod:`chain`, :mod:`vines` or :mod:`records`, and render; scope is
``restrict()``/``region_for_user`` and every refusal is a 404.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renju.cases.actions import CaseActionError
from renju.cases.choices import OPEN_STATES
from renju.cases.models import Case
from renju.core import audit, spreadsheets
from renju.core.scoping import CHANGE, EXPORT, VIEW, get_scoped_or_404, user_can
from renju.regions.choices import Level
from renju.regions.models import Region
from renju.regions.services import home_region, region_of_figures

from . import chain, vines
from .cases import CROP_VINE_FULL
from .models import CropVinePoint
from .parameters import HARMLESS_DEFINITION, VINE_FULL_PERCENT


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


def period_from(params: Any) -> chain.Period:
    """``since``/``until`` of the request, by default the last 30 days."""
    default = chain.Period.last_days(30)
    start = _date(params.get("since")) or default.start
    end = _date(params.get("until")) or default.end
    if end < start:
        start, end = end, start
    if (end - start).days > 366:
        start = end - datetime.timedelta(days=366)
    return chain.Period(start, end)


def _chain_region(request: HttpRequest) -> Any:
    code = request.GET.get("region", "").strip()
    region = region_of_figures(request.user, code) if code else None
    if code and region is None:
        raise Http404  # a unit beside or above her grants: its chain is not hers
    if region is None:
        region = home_region(request.user)
        if region is not None and region.level < Level.COUNTY:
            return None  # a city user picks a county
    if region is not None and region.level > Level.TOWN:
        region = region.town
    # The chain shows every village of the town or county: only for users who see them all.
    if (
        region is not None
        and not Region.objects.within(request.user, VIEW).filter(pk=region.pk).exists()
    ):
        return None
    return region


def _pct(value: float | None) -> str:
    return f"{value * 100:.1f}%" if value is not None else "—"


def headers() -> list[str]:
    return [
        _("village"),
        _("interval (days)"),
        _("days collected"),
        _("loads"),
        _("collected (t)"),
        _("to stations (t)"),
        _("straight to plants (t)"),
        _("destination not recorded (t)"),
        _("harmlessly treated (t)"),
        _("longest wait (days)"),
        _("last collection"),
        _("flags"),
    ]


def row(v: chain.VillageRow) -> list[Any]:
    return [
        f"{v.village.name} {v.village.code}",
        v.interval,
        v.days,
        v.loads,
        chain.kg_to_t(v.collected_kg),
        chain.kg_to_t(v.to_station_kg),
        chain.kg_to_t(v.to_plant_kg),
        chain.kg_to_t(v.unrecorded_kg),
        chain.kg_to_t(v.harmless_kg),
        v.gap,
        v.last_day.isoformat() if v.last_day else "",
        "; ".join(v.flags),
    ]


@login_required
def chain_page(request: HttpRequest) -> HttpResponse:
    """The chain of a town or a county over a period, with its gaps flagged."""
    if not user_can(request.user, VIEW):
        raise Http404
    region = _chain_region(request)
    period = period_from(request.GET)
    view = chain.chain_view(region, period) if region is not None else None
    only_flagged = request.GET.get("flagged") == "1"
    villages = view.villages if view else []
    if only_flagged:
        villages = [v for v in villages if v.flags]
    fmt = request.GET.get("format", "")
    if view is not None and fmt in {"csv", "xlsx"}:
        if not user_can(request.user, EXPORT):
            raise Http404
        title = _("Waste chain") + f" {region.name} {period.start}–{period.end}"
        audit.record_export("waste.collection", title, len(villages), request.GET)
        return spreadsheets.download_response(
            "waste-chain", title, headers(), [row(v) for v in villages], fmt, stream=False
        )
    query = request.GET.copy()
    query.pop("format", None)
    counties = []
    if region is None:
        counties = list(
            Region.objects.restrict(request.user)
            .current()
            .filter(level=Level.COUNTY)
            .order_by("code")
        )
    context = {
        "region": region,
        "period": period,
        "view": view,
        "villages": villages,
        "only_flagged": only_flagged,
        "towns": (
            list(region.children.filter(valid_to__isnull=True).order_by("code"))
            if region is not None and region.level == Level.COUNTY
            else []
        ),
        "counties": counties,
        "harmless_pct": _pct(view.harmless_rate) if view else "—",
        "definition": HARMLESS_DEFINITION,
        "query": query.urlencode(),
        "can_export": user_can(request.user, EXPORT),
        "t": chain.kg_to_t,
    }
    return render(request, "waste/chain.html", context)


@login_required
def vine_page(request: HttpRequest) -> HttpResponse:
    """The crop-vine points in scope, fullest first, with their clearing cases."""
    if not user_can(request.user, VIEW):
        raise Http404
    points = list(
        CropVinePoint.objects.restrict(request.user, VIEW)
        .select_related("region")
        .order_by("-fill_level", "code")[:500]
    )
    cases = {
        c.subject_id: c
        for c in Case.objects.filter(
            category=CROP_VINE_FULL.key,
            subject_type="waste.cropvinepoint",
            subject_id__in=[p.pk for p in points],
            state__in=OPEN_STATES,
        )
    }
    rows = [
        {"point": p, "case": cases.get(p.pk), "full": vines.is_full(p.fill_level)} for p in points
    ]
    context = {
        "rows": rows,
        "threshold": VINE_FULL_PERCENT,
        "can_change": user_can(request.user, CHANGE),
    }
    return render(request, "waste/vines.html", context)


def _level(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("level", ""))
    except ValueError as exc:
        raise ValidationError(_("A fill level is from 0 to 100%.")) from exc


@login_required
@require_POST
def vine_report(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_scoped_or_404(CropVinePoint.objects, request.user, CHANGE, pk=pk)
    try:
        point, case = vines.report_fill(request.user, point, _level(request))
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("waste:vines")
    if case is not None:
        messages.warning(
            request,
            _("%(name)s is %(level)s%% full: case %(code)s, to clear within 24 hours.")
            % {"name": point.name, "level": point.fill_level, "code": case.code},
        )
    else:
        messages.success(request, _("Fill level recorded."))
    return redirect("waste:vines")


@login_required
@require_POST
def vine_clear(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_scoped_or_404(CropVinePoint.objects, request.user, CHANGE, pk=pk)
    try:
        vines.clear_point(request.user, point, request.POST.get("note", "")[:300])
    except PermissionDenied as exc:
        raise Http404 from exc
    except CaseActionError as exc:
        messages.error(request, str(exc))
        return redirect("waste:vines")
    messages.success(request, _("Clearance recorded."))
    return redirect("waste:vines")
