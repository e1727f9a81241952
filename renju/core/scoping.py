"""Scoping in one place: what a user may see and change.

Every queryset a user sees goes through ``restrict(user, action)``. A user's scope is the set
of regions her role grants cover for that action (narrowed to its service areas for a company);
rows are selected by the ancestor column of each region's level, so the filter is indexed.
Out of scope and not found look the same: ``get_scoped_or_404``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db import models
from django.db.models import Q
from django.http import Http404

if TYPE_CHECKING:
    from renju.regions.models import Region

M = TypeVar("M", bound=models.Model)

# The actions a role can be granted; a ledger view or API endpoint asks for one of them.
VIEW, ADD, CHANGE, DELETE, IMPORT, EXPORT = "view", "add", "change", "delete", "import", "export"
ACTIONS = (VIEW, ADD, CHANGE, DELETE, IMPORT, EXPORT)


def scope_regions(user: Any, action: str) -> list[Region] | None:
    """The regions inside which ``user`` may do ``action``; None means everywhere."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    cache = user.__dict__.setdefault("_renju_scope_cache", {})
    if action not in cache:
        from renju.accounts.scope import regions_for

        cache[action] = regions_for(user, action)
    result: list[Region] = cache[action]
    return result


def region_filter(regions: list[Region], prefix: str = "") -> Q:
    """An OR of the ancestor-column filters of ``regions`` (empty list: matches nothing)."""
    if not regions:
        return Q(pk__in=[])
    q = Q()
    for region in regions:
        q |= region.scope_filter(prefix)
    return q


class RestrictedQuerySet(models.QuerySet[M], Generic[M]):
    """A queryset that knows how to cut itself down to a user's scope.

    Models with ancestor columns (``city``/``county``/``town``/``village``) get the default;
    others override :meth:`restrict` (or :meth:`scope_q`).
    """

    def scope_q(self, regions: list[Region]) -> Q:
        return region_filter(regions)

    def restrict(self, user: Any, action: str = VIEW) -> RestrictedQuerySet[M]:
        regions = scope_regions(user, action)
        if regions is None:
            return self
        if not regions:
            return self.none()
        return self.filter(self.scope_q(regions))


def get_scoped_or_404(queryset: Any, user: Any, action: str = VIEW, **lookup: Any) -> Any:
    """The one object matching ``lookup`` inside the user's scope, else 404 (never 403)."""
    try:
        return queryset.restrict(user, action).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def region_in_scope(user: Any, region: Region, action: str) -> bool:
    """True when ``region`` lies inside the user's scope for ``action``."""
    regions = scope_regions(user, action)
    if regions is None:
        return True
    ancestors = {region.pk, *region.ancestor_ids()}
    return any(r.pk in ancestors for r in regions)


def user_can(user: Any, action: str) -> bool:
    """True when the user holds ``action`` somewhere (for showing buttons)."""
    regions = scope_regions(user, action)
    return regions is None or bool(regions)


def region_in_scope_of(region: Region, regions: list[Region]) -> bool:
    """True when ``region`` is one of ``regions`` or lies under one of them: the rule of
    ``Region.scope_filter_for_regions``, answered from the row (``Region.lies_under``)."""
    return any(region.lies_under(r) for r in regions)
