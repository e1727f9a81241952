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
READ_ACTIONS = frozenset({VIEW, EXPORT})


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


def scope_for(user: Any, model: type[models.Model] | None, action: str) -> list[Region] | None:
    """The regions where ``user`` may do ``action`` on rows of ``model`` (none: any rows): her
    scope; for a company's people, on a ledger only if companies of one of its services use
    it, in the company's areas of those services (``Ledger.company_services``). A ledger of
    organisations' rows (``Ledger.company_own``: the service areas the county gives) is for a
    company to read, not to write: it would widen its own areas (and so its scope)."""
    from renju.accounts.scope import company_cut, is_company_user
    from renju.core.ledgers.registry import ledger_for_model

    regions = scope_regions(user, action)
    ledger = ledger_for_model(model) if regions else None
    if not regions or ledger is None or not is_company_user(user):
        return regions
    if ledger.company_own and action not in READ_ACTIONS:
        return []
    return company_cut(user, ledger.company_services, regions)


def company_own_filter(user: Any, model: type[models.Model]) -> Q | None:
    """For a company's people on a ledger of organisations' rows (``Ledger.company_own``):
    their own organisation's rows only."""
    from renju.accounts.scope import is_company_user
    from renju.core.ledgers.registry import ledger_for_model

    if user is None or not user.is_authenticated or user.is_superuser:
        return None
    ledger = ledger_for_model(model)
    if ledger is None or not ledger.company_own or not is_company_user(user):
        return None
    return Q(**{ledger.company_own: user.organisation_id})


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
        regions = scope_for(user, self.model, action)
        if regions is None:
            return self
        if not regions:
            return self.none()
        rows = self.filter(self.scope_q(regions))
        own = company_own_filter(user, self.model)
        return rows if own is None else rows.filter(own)

    def within_reach(self, user: Any) -> RestrictedQuerySet[M]:
        """The rows a row in the user's scope may point to (a form's choices, an import's
        look-ups): those in her scope, and those kept at a unit above her grants, which serve
        her area too: the county's pump-out company, plant or cleaning campaign for a town's
        rows. (With her scope alone a town's official could not re-import her own export.)"""
        regions = scope_regions(user, VIEW)
        mine = self.restrict(user, VIEW)
        if not regions:  # everywhere (None) or nowhere
            return mine
        above = {pk for region in regions for pk in region.ancestor_ids()}
        if not above or not any(f.name == "region" for f in self.model._meta.get_fields()):
            return mine
        return mine | self.filter(region_id__in=sorted(above))


def get_scoped_or_404(queryset: Any, user: Any, action: str = VIEW, **lookup: Any) -> Any:
    """The one object matching ``lookup`` inside the user's scope, else 404 (never 403)."""
    try:
        return queryset.restrict(user, action).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def region_in_scope(
    user: Any, region: Region, action: str, model: type[models.Model] | None = None
) -> bool:
    """True when ``region`` lies inside the user's scope for ``action`` (on rows of ``model``:
    ``scope_for``)."""
    regions = scope_for(user, model, action)
    if regions is None:
        return True
    ancestors = {region.pk, *region.ancestor_ids()}
    return any(r.pk in ancestors for r in regions)


def user_can(user: Any, action: str, model: type[models.Model] | None = None) -> bool:
    """True when the user holds ``action`` somewhere (on rows of ``model``: ``scope_for``), for
    showing buttons and menus."""
    regions = scope_for(user, model, action)
    return regions is None or bool(regions)


def region_in_scope_of(region: Region, regions: list[Region]) -> bool:
    """True when ``region`` is one of ``regions`` or lies under one of them: the rule of
    ``Region.scope_filter_for_regions``, answered from the row (``Region.lies_under``)."""
    return any(region.lies_under(r) for r in regions)
