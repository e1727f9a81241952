"""The villager's report by QR code: find the toilet, throttle, open (or join) the case.

Kept lean for the load it takes (a whole county scanning at once): the toilet is found by its
unique ``qr_code`` index (one query per toilet kind at most), the throttle lives in the cache,
and the case is opened by ``cases.actions.open_case`` in one short transaction.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

from renju.cases.actions import open_case
from renju.cases.choices import OPEN_STATES, Source, State
from renju.cases.models import Case

from .cases import TOILET_BROKEN, TOILET_FULL, TOILET_OTHER
from .models import ClinicToilet, CodedToilet, HouseholdToilet, PublicToilet

# The three buttons of the page, in order.
REPORT_CATEGORIES = (TOILET_FULL.key, TOILET_BROKEN.key, TOILET_OTHER.key)
TOILET_MODELS: tuple[type[CodedToilet], ...] = (HouseholdToilet, PublicToilet, ClinicToilet)
# Cases shown on the toilet's page: still being worked on, or fixed and awaiting confirmation.
SHOWN_STATES = sorted({*OPEN_STATES, State.RESOLVED})
# Crockford's base 32 reads O as 0 and I, L as 1: a code typed off a worn label still matches.
_CROCKFORD = str.maketrans({"O": "0", "I": "1", "L": "1"})
_CODE_SHAPE = re.compile(r"^[0-9A-Z]{4,16}$")
WINDOW_SECONDS = 3600


def normalise_code(raw: str) -> str:
    """Upper case, without spaces or dashes (as printed in groups on a label)."""
    return re.sub(r"[\s\-]+", "", raw or "").upper()


def find_toilet(raw_code: str, *, for_page: bool = True) -> CodedToilet | None:
    """The household, public or clinic toilet with this QR code, or ``None``.

    Case-insensitive and blind to spaces; a malformed code costs no query. ``for_page`` also
    fetches the town and village the page names (the report needs only the region).
    """
    code = normalise_code(raw_code)
    if not _CODE_SHAPE.match(code):
        return None
    candidates = sorted({code, code.translate(_CROCKFORD)})
    related = ("region__town", "region__village") if for_page else ("region",)
    for model in TOILET_MODELS:
        rows = model._default_manager.select_related(*related).filter(qr_code__in=candidates)
        toilet = next(iter(rows.order_by()[:1]), None)  # unique: no ORDER BY needed
        if toilet is not None:
            return toilet
    return None


def toilet_kind(toilet: CodedToilet) -> str:
    """What the page calls the toilet: its model's name, and its type for a household toilet."""
    kind = str(toilet._meta.verbose_name)
    if isinstance(toilet, HouseholdToilet):
        return f"{kind} · {toilet.get_toilet_type_display()}"
    return f"{kind} · {toilet}"


def village_name(toilet: CodedToilet) -> str:
    """Town and village (or whatever the region is) for the page's heading."""
    region = toilet.region
    parts = [region.town.name if region.town_id and region.town else ""]
    village = region.village if region.village_id else None
    parts.append(village.name if village is not None else region.name)
    if village is not None and region.pk != village.pk:
        parts.append(region.name)  # a hamlet
    return " ".join(p for p in parts if p)


def shown_cases(toilet: CodedToilet) -> list[Case]:
    """The toilet's cases in progress (or fixed, awaiting the reporter's confirmation)."""
    return list(
        Case.objects.filter(
            subject_type=toilet._meta.label_lower, subject_id=toilet.pk, state__in=SHOWN_STATES
        ).order_by("-pk")[:5]
    )


# --- throttle ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    key: str
    limit: int


def _limits(code: str, address: str) -> list[Limit]:
    return [
        Limit(f"renju:report:code:{code}", int(settings.RENJU_REPORT_LIMIT_PER_CODE)),
        Limit(f"renju:report:addr:{address}", int(settings.RENJU_REPORT_LIMIT_PER_CLIENT)),
    ]


def take_report_slot(code: str, address: str) -> bool:
    """Count one report against the toilet code and the client address; ``False`` if over.

    Fixed one-hour windows in the cache; a limit of 0 switches that limit off.
    """
    allowed = True
    for item in _limits(normalise_code(code), address):
        if item.limit <= 0:
            continue
        if cache.add(item.key, 1, timeout=WINDOW_SECONDS):
            count = 1
        else:
            try:
                count = cache.incr(item.key)
            except ValueError:  # expired between add and incr
                cache.set(item.key, 1, timeout=WINDOW_SECONDS)
                count = 1
        if count > item.limit:
            allowed = False
    return allowed


# --- the report ---------------------------------------------------------------------------


def case_key(form_key: str, toilet: CodedToilet, category: str) -> str:
    """The case's idempotency key: the form's key for this toilet and this problem.

    A double tap re-sends the same button and gets the same case; going back to the same page
    (same form key) and tapping another problem is another report, not a repeat.
    """
    raw = f"{form_key}|{toilet._meta.label_lower}|{toilet.pk}|{category}"
    return hashlib.sha256(raw.encode()).hexdigest()


def report(
    toilet: CodedToilet,
    *,
    category: str,
    idempotency_key: str,
    description: str = "",
    phone: str = "",
    photos: Iterable[Any] = (),
) -> tuple[Case, str]:
    """Open the case, join the active one, or find the one this key opened already.

    Returns the case and what happened: ``"created"``, ``"repeat"`` (the same submission
    again) or ``"attached"`` (added to the toilet's active case of that kind).
    """
    if category not in REPORT_CATEGORIES:
        raise ValueError(f"not a villager's category: {category}")
    key = case_key(idempotency_key, toilet, category)
    case, created = open_case(
        category=category,
        region=toilet.region,
        source=Source.QR,
        description=description,
        subject=toilet,
        reporter_phone=phone,
        photos=photos,
        idempotency_key=key,
    )
    if created:
        return case, "created"
    return case, "repeat" if case.idempotency_key == key else "attached"
