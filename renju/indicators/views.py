"""The dashboard: every indicator of a region against its target, its children, its map."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from renju.regions.models import Region
from renju.regions.services import children_for_user, region_of_figures

from . import engine
from .registry import addressing, get_indicator, indicators


def _drill_url(key: str, region: Region) -> str:
    indicator = get_indicator(key)
    try:
        base = (
            reverse("cases:list")
            if indicator.ledger == "cases"
            else reverse(f"ledgers:{indicator.ledger}-list")
        )
    except NoReverseMatch:
        return ""
    params = f"region={region.code}"
    return (
        f"{base}?{params}&{indicator.drill_params}"
        if indicator.drill_params
        else f"{base}?{params}"
    )


@login_required
def dashboard(request: HttpRequest, code: str | None = None) -> HttpResponse:
    region = region_of_figures(request.user, code)
    if region is None or not indicators():
        raise Http404
    keys = [i.key for i in indicators()]
    asked = request.GET.get("indicator", "")
    chosen: str = asked if asked in keys else keys[0]
    tiles = [
        {
            "reading": r,
            "trend": [v for _d, v in engine.trend(r.indicator, region)],
            "drill": _drill_url(r.indicator.key, region),
        }
        for r in engine.readings([region])
    ]
    children = list(children_for_user(request.user, region).order_by("code"))
    ranked = engine.readings(children, keys=[chosen]) if children else []
    ranked.sort(
        key=lambda r: (r.value is None, r.value if r.value is not None else 0),
        reverse=get_indicator(chosen).better != "higher",
    )
    ranked.sort(key=lambda r: r.value is None)
    weakest = engine.weakest(region, chosen, request.user)
    work = addressing(chosen, [r.region.pk for r in weakest])
    weakest_links = [(r, work.get(r.region.pk, [])) for r in weakest]
    context: dict[str, Any] = {
        "region": region,
        "ancestors": region.ancestors(),
        "tiles": tiles,
        "chosen": get_indicator(chosen),
        "choices": indicators(),
        "ranked": ranked,
        "weakest": weakest_links,
        "map_values": json.dumps(
            {r.region.code: None if r.value is None else round(r.value, 1) for r in ranked}
        ),
    }
    return render(request, "indicators/dashboard.html", context)
