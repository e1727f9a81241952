"""Region pages: the picker's children, boundaries and village points for maps."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .choices import Level
from .models import Region
from .services import children_for_user, region_for_user


@login_required
def children(request: HttpRequest, code: str) -> HttpResponse:
    """The picker's next step: the current children of a region in scope."""
    region = region_for_user(request.user, code)
    if region is None:
        raise Http404
    kids = children_for_user(request.user, region)
    return render(
        request,
        "regions/_children.html",
        {"region": region, "children": kids, "target": request.GET.get("target", "")},
    )


@login_required
def boundaries(request: HttpRequest, code: str) -> JsonResponse:
    """GeoJSON of the region's children that have a boundary (counties), else of itself."""
    region = region_for_user(request.user, code)
    if region is None:
        raise Http404
    shapes = children_for_user(request.user, region).exclude(boundary="")
    if not shapes.exists():
        shapes = Region.objects.filter(pk=region.pk).exclude(boundary="")
    features = [
        {
            "type": "Feature",
            "properties": {"code": r.code, "name": r.name},
            "geometry": json.loads(r.boundary),
        }
        for r in shapes
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


@login_required
def points(request: HttpRequest, code: str) -> JsonResponse:
    """Villages under a region as [code, name, lat, lng] (simulated centroids are flagged)."""
    region = region_for_user(request.user, code)
    if region is None:
        raise Http404
    villages = (
        Region.objects.restrict(request.user)
        .filter(region.scope_filter_for_regions(), level=Level.VILLAGE, valid_to__isnull=True)
        .exclude(latitude=None)
        .values_list("code", "name", "latitude", "longitude", "attributes_simulated")
    )
    rows = list(villages)
    return JsonResponse(
        {
            "villages": [[c, n, lat, lng] for c, n, lat, lng, _sim in rows],
            "simulated": any(r[4] for r in rows),
        }
    )
