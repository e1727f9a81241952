"""Sewage pages under /sewage/: overview, untreated villages by priority and the mode decision,
mode parameters, discharge limits, a facility's O&M page, the Yellow River mainline view.

Views parse, call ``actions`` and render; every query goes through ``restrict()``; "not
allowed" is answered as "not found".
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renju.cases.choices import OPEN_STATES
from renju.cases.models import Case
from renju.core.scoping import CHANGE, VIEW, get_scoped_or_404, region_in_scope, user_can
from renju.core.validators import not_in_future
from renju.indicators.engine import target_for
from renju.indicators.registry import get_indicator
from renju.regions.choices import ANCESTOR_FIELD, Level
from renju.regions.models import Region
from renju.regions.services import region_of_figures

from . import actions, recommend
from . import limits as limit_rules
from .choices import TREATED_MODES, DischargeLevel, Mode, Parameter, PointState, RunningState
from .models import (
    DischargeLimit,
    DischargePoint,
    ModeCost,
    ModeDecision,
    ModeParameters,
    OMCost,
    SewageFacility,
    SludgeDelivery,
    ToiletLink,
    TreatmentStatus,
    WaterTest,
)

PAGE_SIZE = 50
LINKS_SHOWN = 50
CASE_CATEGORIES = ("sewage.fault", "sewage.exceedance")


def require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _region(request: HttpRequest) -> Region:
    code = request.GET.get("region", "").strip()
    region = region_of_figures(request.user, code or None)
    require(region is not None)
    assert region is not None
    return region


def _pct(n: float, d: float) -> float | None:
    return n / d * 100 if d else None


# --- overview ---------------------------------------------------------------------------------


def _child_field(region: Region) -> str | None:
    return ANCESTOR_FIELD.get(Level(region.level + 1)) if region.level < Level.VILLAGE else None


def treatment_by_child(user: Any, region: Region) -> list[dict[str, Any]]:
    """Per child region: villages with a status, treated, households served and households."""
    field = _child_field(region) or "village"
    statuses = TreatmentStatus.objects.restrict(user).filter(region.scope_filter())
    per_village = (
        statuses.order_by()
        .values_list("village_id", f"{field}_id")
        .annotate(
            n=Count("pk"),
            u=Count("pk", filter=Q(mode=Mode.UNTREATED)),
            s=Sum("households_served", filter=Q(mode__in=sorted(TREATED_MODES))),
        )
    )
    households = dict(
        Region.objects.filter(region.scope_filter_for_regions(), level=Level.VILLAGE).values_list(
            "pk", "household_count"
        )
    )
    sums: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for village, child, _n, untreated, served in per_village:
        row = sums[child]
        row["villages"] += 1
        row["treated"] += 1 if untreated == 0 else 0
        total = households.get(village) or 0
        row["served"] += min(served or 0, total)
        row["households"] += total
    children = Region.objects.filter(pk__in=list(sums)).order_by("code")
    out = []
    for child in children:
        row = sums[child.pk]
        out.append(
            {
                "region": child,
                "villages": int(row["villages"]),
                "treated": int(row["treated"]),
                "rate": _pct(row["treated"], row["villages"]),
                "household_rate": _pct(row["served"], row["households"]),
            }
        )
    return out


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Treatment rate by village and household per child region against the county's target."""
    require(user_can(request.user, VIEW))
    region = _region(request)
    rows = treatment_by_child(request.user, region)
    villages = sum(r["villages"] for r in rows)
    treated = sum(r["treated"] for r in rows)
    indicator = get_indicator("sewage.village_rate")
    year = timezone.localdate().year
    target, source = target_for(indicator, region, year)
    for row in rows:
        row["target"], row["target_source"] = target_for(indicator, row["region"], year)
        row["status"] = indicator.status(row["rate"], row["target"])
    inside = region.scope_filter()
    statuses = TreatmentStatus.objects.restrict(request.user).filter(inside)
    modes = dict(
        statuses.order_by().values_list("mode").annotate(n=Count("pk")).values_list("mode", "n")
    )
    facilities = SewageFacility.objects.restrict(request.user).filter(inside)
    states = dict(
        facilities.order_by()
        .values_list("running_state")
        .annotate(n=Count("pk"))
        .values_list("running_state", "n")
    )
    points = DischargePoint.objects.restrict(request.user).filter(inside)
    context = {
        "region": region,
        "region_ancestors": region.ancestors(),
        "rows": rows,
        "villages": villages,
        "treated": treated,
        "rate": _pct(treated, villages),
        "target": target,
        "target_source": source,
        "status": indicator.status(_pct(treated, villages), target),
        "modes": [(m.label, modes.get(m.value, 0)) for m in Mode],
        "states": [(s.label, states.get(s.value, 0)) for s in RunningState],
        "operating": sum(
            states.get(s, 0)
            for s in (RunningState.NORMAL, RunningState.FAULT, RunningState.STOPPED)
        ),
        "normal": states.get(RunningState.NORMAL, 0),
        "troubled": facilities.filter(running_state__in=[RunningState.FAULT, RunningState.STOPPED])
        .select_related("region")
        .order_by("running_state", "code")[:20],
        "points_open": points.filter(state=PointState.OPEN).count(),
        "points_closed": points.filter(state=PointState.CLOSED).count(),
    }
    return render(request, "sewage/overview.html", context)


# --- priorities and decisions -----------------------------------------------------------------


def untreated_villages(user: Any, region: Region) -> list[Region]:
    """Current villages under ``region`` in scope not treated (no row, or an untreated one)."""
    treated = (
        TreatmentStatus.objects.restrict(user)
        .filter(region.scope_filter())
        .order_by()
        .values("village_id")
        .annotate(u=Count("pk", filter=Q(mode=Mode.UNTREATED)))
        .filter(u=0)
        .values("village_id")
    )
    return list(
        Region.objects.restrict(user)
        .current()
        .filter(region.scope_filter_for_regions(), level=Level.VILLAGE)
        .exclude(pk__in=treated)
        .order_by("code")
    )


@login_required
def priorities(request: HttpRequest) -> HttpResponse:
    require(user_can(request.user, VIEW))
    region = _region(request)
    found = recommend.recommend_many(untreated_villages(request.user, region), request.user)
    tier = request.GET.get("tier", "")
    if tier in {"1", "2", "3"}:
        found = [r for r in found if r.tier == int(tier)]
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    shown = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    decisions: dict[int, ModeDecision] = {}
    for decision in (
        ModeDecision.objects.restrict(request.user)
        .filter(region_id__in=[r.village.pk for r in shown])
        .order_by("pk")
    ):
        decisions[decision.region_id] = decision
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "region": region,
        "region_ancestors": region.ancestors(),
        "rows": [(r, decisions.get(r.village.pk)) for r in shown],
        "total": len(found),
        "page": page,
        "has_next": page * PAGE_SIZE < len(found),
        "query": query.urlencode(),
        "tier": tier,
        "can_decide": user_can(request.user, CHANGE),
    }
    return render(request, "sewage/priorities.html", context)


@login_required
def decide(request: HttpRequest, code: str) -> HttpResponse:
    """One village's recommendation with its inputs, reasons and costs; accept or override."""
    village = (
        Region.objects.restrict(request.user)
        .current()
        .filter(code=code, level=Level.VILLAGE)
        .first()
    )
    require(village is not None)
    assert village is not None
    recommendation = recommend.recommend_many([village], request.user)[0]
    params = recommend.params_for(village.county_id, village.city_id)
    can_decide = region_in_scope(request.user, village, CHANGE)
    error = ""
    chosen, reason = recommendation.mode, ""
    if request.method == "POST":
        require(can_decide)
        chosen, reason = request.POST.get("mode", ""), request.POST.get("reason", "")
        try:
            actions.decide(request.user, recommendation, chosen, reason)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValueError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Decision recorded for %(v)s.") % {"v": village.name})
            return redirect(
                f"{reverse('sewage:priorities')}?region={village.town.code if village.town else ''}"
            )
    decisions = ModeDecision.objects.restrict(request.user).filter(region=village).order_by("-pk")
    context = {
        "village": village,
        "region_ancestors": village.ancestors(),
        "rec": recommendation,
        "params": params,
        "costs": [(Mode(m).label, c) for m, c in params.costs.items()],
        "modes": [(m.value, m.label) for m in Mode if m != Mode.UNTREATED],
        "decisions": decisions,
        "can_decide": can_decide,
        "error": error,
        "chosen": chosen,  # what the user picked and wrote stay on a refusal
        "reason": reason,
        "statuses": TreatmentStatus.objects.restrict(request.user).filter(village=village),
    }
    return render(request, "sewage/decide.html", context, status=400 if error else 200)


# --- parameters and limits --------------------------------------------------------------------

PARAM_FIELDS = [
    ("sewer_distance_km", "decimal"),
    ("plant_min_households", "int"),
    ("dispersed_households", "int"),
    ("small_population", "int"),
]
COST_FIELDS = ("construction_low", "construction_high", "om_low", "om_high")
COST_MODES = [m for m in Mode if m != Mode.UNTREATED]


@login_required
def parameters(request: HttpRequest) -> HttpResponse:
    require(user_can(request.user, VIEW))
    city = Region.objects.current().filter(level=Level.CITY).order_by("code").first()
    counties = list(
        Region.objects.restrict(request.user).current().filter(level=Level.COUNTY).order_by("code")
    )
    rows = {
        p.region_id: p
        for p in ModeParameters.objects.select_related("region").prefetch_related("costs")
    }
    entries = []
    for region in [city, *counties]:
        if region is None:
            continue
        effective = recommend.params_for(region.county_id, region.city_id)
        entries.append(
            {
                "region": region,
                "own": rows.get(region.pk),
                "params": effective,
                "can_edit": actions.is_city_user(request.user)
                if region.level == Level.CITY
                else region_in_scope(request.user, region, CHANGE),
            }
        )
    context = {
        "entries": entries,
        "modes": [(m.value, m.label) for m in COST_MODES],
        "default_source": recommend.DEFAULT_SOURCE,
    }
    return render(request, "sewage/parameters.html", context)


def _number(raw: str, kind: str) -> Any:
    raw = (raw or "").strip()
    if kind == "int":
        value = int(raw)
        if value < 0:
            raise ValueError
        return value
    number = Decimal(raw)
    if not number.is_finite() or number < 0:
        raise ValueError
    return number


def _refusal(exc: ValidationError, *models: Any) -> str:
    """The field errors of a model's row as one message naming each field (by the first of
    ``models`` that has it)."""
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    parts = []
    for name, errors in exc.message_dict.items():
        label = ""
        for model in models:
            try:
                label = str(model._meta.get_field(name).verbose_name)
                break
            except FieldDoesNotExist:
                continue
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return " ".join(parts)


def _field_label(name: str) -> str:
    field: Any = ModeParameters._meta.get_field(name)
    return str(field.verbose_name)


@login_required
def parameters_edit(request: HttpRequest, code: str) -> HttpResponse:
    region = (
        Region.objects.restrict(request.user)
        .current()
        .filter(code=code, level__in=[Level.CITY, Level.COUNTY])
        .first()
    )
    require(region is not None)
    assert region is not None
    allowed = (
        actions.is_city_user(request.user)
        if region.level == Level.CITY
        else region_in_scope(request.user, region, CHANGE)
    )
    require(allowed)
    current = recommend.params_for(region.county_id, region.city_id)
    error = ""
    values: dict[str, Any] = {name: getattr(current, name) for name, _k in PARAM_FIELDS}
    values["reuse_available"] = current.reuse_available
    values["source"] = current.source
    costs: dict[str, Any] = {str(m): current.costs.get(m, (0, 0, 0, 0)) for m in COST_MODES}
    if request.method == "POST":
        # What the user typed goes back into the form whatever is wrong with it.
        typed: dict[str, Any] = {
            name: request.POST.get(name, "").strip() for name, _k in PARAM_FIELDS
        }
        typed["reuse_available"] = request.POST.get("reuse_available") == "on"
        typed["source"] = request.POST.get("source", "").strip()[:300]
        typed_costs = {
            str(m): tuple(request.POST.get(f"{m}-{f}", "").strip() for f in COST_FIELDS)
            for m in COST_MODES
        }
        try:
            values = {name: _number(typed[name], kind) for name, kind in PARAM_FIELDS}
            costs = {m: tuple(_number(v, "int") for v in row) for m, row in typed_costs.items()}
        except (ValueError, InvalidOperation):
            error = _("Enter non-negative numbers in every field.")
        values["reuse_available"] = typed["reuse_available"]
        values["source"] = typed["source"]
        if not error and not values["source"]:
            error = _("Say where the figures come from (or write 待核实).")
        if not error:
            try:
                actions.save_parameters(request.user, region, values, costs)
            except PermissionDenied as exc:
                raise Http404 from exc
            except ValidationError as exc:
                error = _refusal(exc, ModeParameters, ModeCost)
            except ValueError as exc:
                error = str(exc)
            else:
                messages.success(request, _("Parameters saved."))
                return redirect("sewage:parameters")
        values, costs = typed, typed_costs  # shown again as typed
    context = {
        "region": region,
        "values": values,
        "fields": [(name, _field_label(name)) for name, _k in PARAM_FIELDS],
        "cost_rows": [
            (m.value, m.label, costs.get(str(m.value)) or (0, 0, 0, 0)) for m in COST_MODES
        ],
        "error": error,
    }
    return render(request, "sewage/parameters_edit.html", context, status=400 if error else 200)


@login_required
def limits(request: HttpRequest) -> HttpResponse:
    require(user_can(request.user, VIEW))
    table = limit_rules.limits()
    rows = []
    for level in limit_rules.JUDGED_LEVELS:
        for parameter in Parameter:
            limit = table.get((level, parameter))
            if limit is not None:
                rows.append((DischargeLevel(level).label, parameter, limit))
    context = {"rows": rows, "can_edit": actions.is_city_user(request.user)}
    return render(request, "sewage/limits.html", context)


@login_required
def limit_edit(request: HttpRequest, level: str, parameter: str) -> HttpResponse:
    require(actions.is_city_user(request.user) and user_can(request.user, CHANGE))
    require(level in limit_rules.JUDGED_LEVELS and parameter in Parameter.values)
    limit = limit_rules.limits()[(level, parameter)]
    error = ""
    if request.method == "POST":
        try:
            low = request.POST.get("minimum", "").strip()
            high = request.POST.get("maximum", "").strip()
            minimum = Decimal(low) if low else None
            maximum = Decimal(high) if high else None
            source = request.POST.get("source", "").strip()
            if not source:
                raise ValueError(_("Say where the figure comes from (or write 待核实)."))
            actions.save_limit(
                request.user,
                level,
                parameter,
                minimum,
                maximum,
                source,
                request.POST.get("verified") == "on",
            )
        except InvalidOperation:
            error = _("Enter numbers.")
        except ValidationError as exc:
            error = _refusal(exc, DischargeLimit)
        except ValueError as exc:
            error = str(exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Limit saved."))
            return redirect("sewage:limits")
    context = {
        "limit": limit,
        "level_label": DischargeLevel(level).label,
        "parameter_label": Parameter(parameter).label,
        "error": error,
    }
    return render(request, "sewage/limit_edit.html", context, status=400 if error else 200)


# --- facility O&M page ------------------------------------------------------------------------


def facility_cases(user: Any, facilities: list[int]) -> Any:
    return Case.objects.restrict(user).filter(
        category__in=CASE_CATEGORIES,
        subject_type="sewage.sewagefacility",
        subject_id__in=facilities,
    )


def judged_tests(
    tests: list[WaterTest], facility: SewageFacility
) -> list[tuple[WaterTest, list[str]]]:
    table = limit_rules.limits()
    judged = facility.discharge_level in limit_rules.JUDGED_LEVELS
    return [(t, limit_rules.exceedances(t, facility, table) if judged else []) for t in tests]


@login_required
def facility_page(request: HttpRequest, pk: int) -> HttpResponse:
    facility = get_scoped_or_404(
        SewageFacility.objects.restrict(request.user).select_related("region", "operator"),
        request.user,
        VIEW,
        pk=pk,
    )
    can_change = (
        region_in_scope(request.user, facility.region, CHANGE)
        and SewageFacility.objects.restrict(request.user, CHANGE).filter(pk=pk).exists()
    )
    error = ""
    if request.method == "POST":
        require(can_change)
        error = _facility_post(request, facility)
        if not error:
            return redirect("sewage:facility", pk=pk)
    statuses = list(
        TreatmentStatus.objects.restrict(request.user)
        .filter(facility=facility)
        .select_related("region")
    )
    costs = list(OMCost.objects.filter(facility=facility))
    served = facility.households_served or sum(s.households_served for s in statuses)
    treated_villages = [s.village_id for s in statuses if s.mode != Mode.UNTREATED]
    from renju.toilets.choices import SludgeDestination
    from renju.toilets.models import HouseholdToilet, PumpOut

    linked = ToiletLink.objects.filter(facility=facility).count()
    links = (
        ToiletLink.objects.restrict(request.user)
        .filter(facility=facility)
        .select_related("toilet", "region")
        .order_by("code")[:LINKS_SHOWN]
    )
    implied = (
        HouseholdToilet.objects.restrict(request.user)
        .filter(village_id__in=treated_villages)
        .exclude(pk__in=ToiletLink.objects.values("toilet_id"))
        .count()
    )
    since = timezone.localdate() - datetime.timedelta(days=180)
    visible_toilets = HouseholdToilet.objects.restrict(request.user).values("pk")
    candidates = (
        PumpOut.objects.filter(
            destination=SludgeDestination.TREATMENT,
            toilet__county_id=facility.county_id,
            toilet__in=visible_toilets,
            pumped_on__gte=since,
        )
        .exclude(pk__in=SludgeDelivery.objects.values("pumpout_id"))
        .select_related("toilet")
        .order_by("-pumped_on")[:20]
    )
    deliveries = SludgeDelivery.objects.filter(facility=facility).select_related("pumpout__toilet")
    context = {
        "facility": facility,
        "statuses": statuses,
        "tests": judged_tests(
            list(WaterTest.objects.restrict(request.user).filter(facility=facility)[:20]), facility
        ),
        "inspections": facility.inspections.all()[:20],
        "cases": facility_cases(request.user, [facility.pk]).order_by("-created_at")[:20],
        "costs": [(c, c.amount / served if served else None) for c in costs],
        "served": served,
        "toilets_linked": linked,
        "links": links,
        "toilets_implied": implied,
        "candidates": candidates,
        "deliveries": deliveries,
        "delivered_volume": sum((d.volume for d in deliveries), Decimal(0)),
        "can_change": can_change,
        "error": error,
        "limits": limit_rules.limits(),
        "year": timezone.localdate().year,
        "today": timezone.localdate().isoformat(),
    }
    return render(request, "sewage/facility.html", context, status=400 if error else 200)


def _facility_post(request: HttpRequest, facility: SewageFacility) -> str:
    """Handle the facility page's forms; returns an error message or ""."""
    what = request.POST.get("action", "")
    try:
        if what == "cost":
            year = int(request.POST.get("year", ""))
            amount = Decimal(request.POST.get("amount", ""))
            if amount < 0 or not 2000 <= year <= 2100:
                raise ValueError(_("Enter a year and a non-negative amount."))
            actions.record_cost(
                request.user, facility, year, amount, request.POST.get("note", "")[:200]
            )
            messages.success(request, _("O&M cost saved."))
        elif what == "sludge":
            from renju.toilets.models import PumpOut

            raw = request.POST.get("pumpout", "")
            pumpout = (
                PumpOut.objects.select_related("toilet__region").filter(pk=int(raw)).first()
                if raw.isascii() and raw.isdigit()
                else None
            )
            if pumpout is None or not region_in_scope(request.user, pumpout.toilet.region, VIEW):
                raise ValueError(_("Choose the pump-out the sludge came from."))
            try:
                day = datetime.date.fromisoformat(request.POST.get("delivered_on", ""))
            except ValueError:
                raise ValueError(_("Give the delivery date.")) from None
            try:
                not_in_future(day)
            except ValidationError as exc:
                raise ValueError(exc.messages[0]) from None
            actions.record_sludge(request.user, facility, pumpout, day)
            messages.success(request, _("Sludge delivery recorded."))
        elif what == "link":
            from renju.toilets.models import HouseholdToilet

            code = request.POST.get("toilet", "").strip().upper()
            toilet = (
                HouseholdToilet.objects.restrict(request.user, CHANGE)
                .filter(Q(code=code) | Q(qr_code=code))
                .select_related("region")
                .first()
            )
            if toilet is None:
                raise ValueError(_("No toilet with this code in your regions."))
            actions.link_toilet(request.user, facility, toilet)
            messages.success(request, _("Toilet linked."))
        elif what == "unlink":
            raw = request.POST.get("link", "")
            if not (raw.isascii() and raw.isdigit()):  # "²" is a digit to isdigit(), not to int()
                raise PermissionDenied("no such link")
            actions.unlink_toilet(request.user, facility, int(raw))
            messages.success(request, _("Toilet link removed."))
        else:
            raise ValueError(_("Unknown action."))
    except PermissionDenied as exc:
        raise Http404 from exc
    except (ValueError, InvalidOperation) as exc:
        return str(exc) or _("Check the values.")
    return ""


# --- Yellow River mainline --------------------------------------------------------------------


@login_required
def yellow_river(request: HttpRequest) -> HttpResponse:
    """Every village on the Yellow River mainline: status, facilities, latest tests, open cases."""
    require(user_can(request.user, VIEW))
    region = _region(request)
    villages = list(
        Region.objects.restrict(request.user)
        .current()
        .filter(region.scope_filter_for_regions(), level=Level.VILLAGE, yellow_river=True)
        .order_by("code")
    )
    ids = [v.pk for v in villages]
    statuses: dict[int, list[TreatmentStatus]] = defaultdict(list)
    for status in (
        TreatmentStatus.objects.restrict(request.user)
        .filter(village_id__in=ids)
        .select_related("facility")
    ):
        statuses[status.village_id or 0].append(status)
    facilities: dict[int, dict[int, SewageFacility]] = defaultdict(dict)
    for facility in SewageFacility.objects.restrict(request.user).filter(village_id__in=ids):
        facilities[facility.village_id or 0][facility.pk] = facility
    for village_id, own_rows in statuses.items():
        for status in own_rows:
            if status.facility is not None:
                facilities[village_id][status.facility.pk] = status.facility
    facility_ids = {f for per in facilities.values() for f in per}
    latest: dict[int, WaterTest] = {}
    for test in (
        WaterTest.objects.restrict(request.user)
        .filter(facility_id__in=facility_ids)
        .select_related("facility")
        .order_by("sampled_on", "pk")
    ):
        latest[test.facility_id] = test
    table = limit_rules.limits()
    open_cases = dict(
        Case.objects.restrict(request.user)
        .filter(village_id__in=ids, category__in=CASE_CATEGORIES, state__in=sorted(OPEN_STATES))
        .order_by()
        .values_list("village_id")
        .annotate(n=Count("pk"))
        .values_list("village_id", "n")
    )
    rows = []
    for village in villages:
        own = statuses.get(village.pk, [])
        treated = bool(own) and all(s.mode != Mode.UNTREATED for s in own)
        items = []
        for facility in facilities.get(village.pk, {}).values():
            last = latest.get(facility.pk)
            bad = limit_rules.exceedances(last, facility, table) if last else []
            items.append({"facility": facility, "test": last, "bad": bad})
        rows.append(
            {
                "village": village,
                "modes": sorted({s.get_mode_display() for s in own}),
                "known": bool(own),
                "treated": treated,
                "facilities": items,
                "open_cases": open_cases.get(village.pk, 0),
            }
        )
    context = {
        "region": region,
        "region_ancestors": region.ancestors(),
        "rows": rows,
        "treated": sum(1 for r in rows if r["treated"]),
        "total": len(rows),
        "map_points": treatment_map(rows),
        "map_legend": [(STATUS_COLOURS[k], label) for k, label in status_labels()],
        "map_simulated": any(v.attributes_simulated for v in villages if v.latitude is not None),
    }
    return render(request, "sewage/yellow_river.html", context)


# Map colours of a village's treatment status (Bootstrap's success, danger, secondary).
STATUS_COLOURS = {"treated": "#198754", "untreated": "#dc3545", "unknown": "#6c757d"}


def status_labels() -> list[tuple[str, str]]:
    return [("treated", _("treated")), ("untreated", _("untreated")), ("unknown", _("no data"))]


def village_status(row: dict[str, Any]) -> str:
    """ "treated", "untreated" or "unknown" (no treatment status recorded)."""
    if not row["known"]:
        return "unknown"
    return "treated" if row["treated"] else "untreated"


def treatment_map(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The map's data: villages with a position, coloured by treatment status (status_map.js)."""
    points = []
    for row in rows:
        village = row["village"]
        if village.latitude is None or village.longitude is None:
            continue
        n = row.get("open_cases") or 0
        note = ngettext("%(n)s open case", "%(n)s open cases", n) % {"n": n} if n else ""
        points.append(
            [
                village.code,
                village.name,
                village.latitude,
                village.longitude,
                village_status(row),
                note,
            ]
        )
    return {"points": points, "colours": STATUS_COLOURS}
