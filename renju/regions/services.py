"""Region look-ups used by pages: the user's home region, a region in scope by code."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings

from renju.core import generations

from .models import REGIONS, Region, RegionQuerySet

_CODE_SHAPE = re.compile(r"[0-9]{1,20}")  # what may be a unit's code: only those are kept


def first_version(code: str) -> Region | None:
    """The unit with ``code``: its current version, else its latest retired one (no scope).
    Kept in the cache (under the regions generation), so a page's look-up by code costs no
    query."""
    if not _CODE_SHAPE.fullmatch(code):
        return Region.objects.filter(code=code).current_first().first()
    return generations.cached(
        REGIONS,
        f"region:{code}",
        lambda: Region.objects.filter(code=code).current_first().first(),
    )


def region_for_user(user: Any, code: str | None, version: str | None = None) -> Region | None:
    """The region with ``code`` if the user may see it (current unit first, then history).
    ``version``: one version of the code by its id (a unit renamed, or merged into one that
    kept its code, is the current unit's earlier version: its records stay under it)."""
    if not code:
        return None
    if version:
        wanted = Region.objects.filter(code=code, pk=version).first() if version.isdigit() else None
        # Seen where she may see it or the code's current unit (her unit's own past).
        return wanted if wanted is not None and shown_version(user, wanted) else None
    return shown_version(user, first_version(code))


def shown_version(user: Any, found: Region | None) -> Region | None:
    """What ``region_for_user`` gives for the code of ``found``, the first version of its code
    (current first), looked up without scope.

    When the user may see ``found`` (a unit in or above her grants: the row and her scope say so,
    no query) that is the answer; otherwise the restricted look-up decides (a retired unit merged
    into a granted one, or nothing). Same answer as the restricted look-up alone, whose scope
    filter costs more to build than the query costs to run."""
    from renju.core.scoping import VIEW, scope_regions

    if found is None:
        return None
    scope = scope_regions(user, VIEW)
    if scope is None or found.seen_from(scope):
        return found
    return Region.objects.restrict(user).filter(code=found.code).current_first().first()


def region_of_figures(user: Any, code: str | None, version: str | None = None) -> Region | None:
    """The region whose own figures a page shows (indicator values, scores kept per unit): the
    one with ``code`` (or, without a code, her home region, else her first grant) only where it
    lies inside her scope, at or under a grant. A unit above her grants (the city, for a town's
    official) has figures of places she may not see: not found, like a unit beside them.
    ``region_for_user`` also gives the units above, for pages that cut every figure to her
    scope (lists, the region home)."""
    from renju.core.scoping import VIEW, region_in_scope_of, scope_regions

    region = region_for_user(user, code, version) if code else home_region(user)
    if region is None:
        return None
    scope = scope_regions(user, VIEW)
    if scope is None or region_in_scope_of(region, scope):
        return region
    if any(region.pk in granted.ancestor_ids() for granted in scope):
        # Above her grants: by code, not found; as her home (grants in several places), the
        # first of them.
        return None if code else min(scope, key=lambda r: r.code)
    return region  # a retired unit merged into a granted one (``region_for_user`` checked it)


def children_for_user(user: Any, region: Region) -> RegionQuerySet:
    """The current units under ``region`` that the user may see. Under a region inside her
    scope that is all of them, without building the scope filter."""
    from renju.core.scoping import VIEW, region_in_scope_of, scope_regions

    children = Region.objects.filter(parent=region, valid_to__isnull=True)
    scope = scope_regions(user, VIEW)
    if scope is None or region_in_scope_of(region, scope):
        return children
    return children.restrict(user)


def home_region(user: Any) -> Region | None:
    """Where a user lands: the common root of her grants, or the configured city."""
    from renju.core.scoping import scope_regions

    scope = scope_regions(user, "view")
    if scope is None:
        return Region.objects.current().filter(code=settings.RENJU_ROOT_REGION).first()
    if not scope:
        return None
    if len(scope) == 1:
        return scope[0]
    top = min(scope, key=lambda r: r.level)
    # Several grants: the lowest common ancestor every grant sits under.
    for candidate in reversed([*top.ancestors(), top]):
        if all(candidate.pk == r.pk or candidate.pk in r.ancestor_ids() for r in scope):
            return candidate
    return top
