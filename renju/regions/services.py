"""Region look-ups used by pages: the user's home region, a region in scope by code."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from .models import Region


def region_for_user(user: Any, code: str | None) -> Region | None:
    """The region with ``code`` if the user may see it (current unit first, then history)."""
    if not code:
        return None
    return Region.objects.restrict(user).filter(code=code).current_first().first()


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
