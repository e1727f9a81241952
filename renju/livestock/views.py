"""Livestock pages: the manure summary of a region, and the city's coefficients."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renju.core.scoping import CHANGE, VIEW, region_in_scope, user_can
from renju.regions.choices import ANCESTOR_FIELD, Level
from renju.regions.models import Region
from renju.regions.services import children_for_user, region_of_figures

from . import coefficients, production
from .choices import Species
from .forms import CoefficientForm
from .models import DeadAnimalDisposal, Farm, HouseholdLivestock, ManureUtilisation


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _city() -> Region:
    city = Region.objects.current().filter(code=settings.RENJU_ROOT_REGION).first()
    if city is None:  # pragma: no cover - the tree is always loaded
        raise Http404
    return city


@login_required
def summary(request: HttpRequest) -> HttpResponse:
    """Produced vs utilised in a region, by child region and species; farms below the target."""
    user = request.user
    _require(user_can(user, VIEW))
    code = request.GET.get("region", "").strip()
    region = region_of_figures(user, code or None)
    if region is None or region.level >= Level.HAMLET:
        raise Http404
    child_field = ANCESTOR_FIELD.get(Level(region.level + 1), "region")
    children = list(children_for_user(user, region).exclude(level=Level.HAMLET).order_by("code"))
    if region.level == Level.VILLAGE:  # a village: one row, itself
        children, child_field = [region], "village"
    today = timezone.localdate()
    data = production.summarise(
        region.scope_filter(),
        Farm.objects.restrict(user, VIEW),
        HouseholdLivestock.objects.restrict(user, VIEW),
        ManureUtilisation.objects.restrict(user, VIEW),
        children,
        f"{child_field}_id",
        today,
    )
    start, end = production.window(today)
    disposals = DeadAnimalDisposal.objects.restrict(user, VIEW).filter(
        region.scope_filter(), disposed_on__gte=start, disposed_on__lte=end
    )
    disposed = sum(disposals.values_list("count", flat=True))
    chart = {
        "labels": [r.label for r in data.by_child],
        "produced": [round(r.produced, 1) for r in data.by_child],
        "utilised": [round(r.counted, 1) for r in data.by_child],
        "rate": [round(r.rate, 1) if r.rate is not None else None for r in data.by_child],
        "target": production.TARGET,
    }
    context = {
        "region": region,
        "region_ancestors": region.ancestors(),
        "data": data,
        "target": production.TARGET,
        "target_source": production.TARGET_SOURCE,
        "start": start,
        "end": end,
        "disposed": disposed,
        "disposal_records": disposals.count(),
        "chart": chart,
        "chart_labels": {
            "produced": _("produced (t/year)"),
            "utilised": _("utilised (t)"),
            "rate": _("utilisation rate"),
            "target": _("target"),
        },
        "child_level": Level(children[0].level).label if children else "",
        "coefficients": coefficients.current(),
    }
    return render(request, "livestock/summary.html", context)


def _may_edit_coefficients(user: Any) -> bool:
    return region_in_scope(user, _city(), CHANGE)


@login_required
def coefficient_list(request: HttpRequest) -> HttpResponse:
    """The coefficients in force, their source and whether they were checked (else 待核实)."""
    _require(user_can(request.user, VIEW))
    rows = [
        (Species(species).label, c)
        for species, c in coefficients.current().items()
        if species in Species.values
    ]
    context = {
        "rows": rows,
        "can_edit": _may_edit_coefficients(request.user),
        "days": coefficients.DAYS_PER_YEAR,
    }
    return render(request, "livestock/coefficients.html", context)


@login_required
def coefficient_edit(request: HttpRequest, species: str) -> HttpResponse:
    """The city changes a species' coefficient; audited; the indicator uses it at once."""
    _require(species in Species.values and _may_edit_coefficients(request.user))
    current = coefficients.current()[species]
    initial = {
        "faeces_kg": current.faeces_kg,
        "urine_kg": current.urine_kg,
        "source": current.source,
        "verified": current.verified,
    }
    form = CoefficientForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        coefficients.set_coefficient(
            request.user,
            species,
            d["faeces_kg"],
            d["urine_kg"],
            d["source"],
            d["verified"],
            _city(),
        )
        return redirect(reverse("livestock:coefficients"))
    context = {"form": form, "species": Species(species).label, "current": current}
    return render(
        request, "livestock/coefficient_form.html", context, status=400 if form.errors else 200
    )
