"""Finding where an Open311 report belongs: the toilet by its code, or the nearest village.

Reports come from apps, not from signed-in users, so the look-ups here are scoped to the area
of the API key's organisation (its seat region and everything under it) instead of a user's
grants: a key finds only the toilets and villages of its own organisation's area.
"""

from __future__ import annotations

import math
from typing import Any

from django.db import models

from renju.cases.registry import Category, categories
from renju.regions.choices import Level
from renju.regions.models import Region
from renju.toilets.models import ClinicToilet, CodedToilet, HouseholdToilet, PublicToilet

DOMAIN = "toilets"
# The coded toilet ledgers, in the order a code is looked for.
TOILET_MODELS: tuple[type[CodedToilet], ...] = (HouseholdToilet, PublicToilet, ClinicToilet)
# A location farther than this from every village centroid of the area is refused.
MAX_VILLAGE_DISTANCE_KM = 10.0
EARTH_RADIUS_KM = 6371.0


def services() -> list[Category]:
    """The case categories offered as Open311 services: those of the toilet domain."""
    return categories(DOMAIN)


def service(code: str) -> Category | None:
    return next((c for c in services() if c.key == code), None)


# Crockford's base 32 reads O as 0 and I, L as 1: a code typed off a worn label still matches.
_CROCKFORD = str.maketrans({"O": "0", "I": "1", "L": "1"})


def normalise_code(raw: str) -> str:
    """A toilet code as printed: upper case, without spaces or dashes."""
    return "".join(raw.split()).replace("-", "").upper()


def find_toilet(code: str, area: Region) -> CodedToilet | None:
    """The toilet with QR code ``code`` inside ``area`` (any coded toilet ledger), else None.

    Scoped to the API key's organisation's area (see the module docstring), not to a user.
    """
    code = normalise_code(code)
    if not code.isalnum():
        return None
    candidates = sorted({code, code.translate(_CROCKFORD)})
    for model in TOILET_MODELS:
        manager: Any = model._default_manager
        toilet = (
            manager.filter(area.scope_filter())
            .filter(qr_code__in=candidates)
            .select_related("region", "village")
            .first()
        )
        if toilet is not None:
            found: CodedToilet = toilet
            return found
    return None


def toilet_village(toilet: CodedToilet) -> Region:
    """The village a toilet is in (its region when it sits above village level)."""
    village: Region | None = toilet.village
    region: Region = toilet.region
    return village if village is not None else region


def _villages(area: Region) -> models.QuerySet[Region]:
    return Region.objects.current().filter(area.scope_filter_for_regions(), level=Level.VILLAGE)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def nearest_village(
    lat: float, lon: float, area: Region, max_km: float = MAX_VILLAGE_DISTANCE_KM
) -> Region | None:
    """The village of ``area`` whose centroid is nearest to the point, within ``max_km``."""
    # A box of ±max_km around the point first, so only nearby villages are compared.
    dlat = max_km / 111.0
    dlon = max_km / max(111.0 * math.cos(math.radians(lat)), 1e-6)
    rows = _villages(area).filter(
        latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon)
    )
    best: tuple[float, int] | None = None
    for pk, v_lat, v_lon in rows.values_list("pk", "latitude", "longitude"):
        if v_lat is None or v_lon is None:
            continue
        d = distance_km(lat, lon, v_lat, v_lon)
        if d <= max_km and (best is None or d < best[0]):
            best = (d, pk)
    return Region.objects.get(pk=best[1]) if best is not None else None


def village_named(name: str, area: Region) -> Region | None:
    """The one village of ``area`` named exactly ``name``; None when none or several are."""
    name = name.strip()
    if not name:
        return None
    exact = list(_villages(area).filter(name=name)[:2])
    if len(exact) == 1:
        return exact[0]
    return None
