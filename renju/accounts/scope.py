"""How grants and service areas become a user's scope (called only by core.scoping)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.functional import LazyObject, empty

from .choices import ROLE_ACTIONS, SERVICE_AREA_KINDS, Role

if TYPE_CHECKING:
    from renju.regions.models import Region

    from .models import RoleGrant, User


def grants_of(user: User) -> list[RoleGrant]:
    """The user's grants with their regions, read once per user object (a request's user) and
    shared by every action and every role check, like the per-action scope cache in
    ``core.scoping``. Read roles through this, not ``user.grants``: one query per request."""
    from .models import RoleGrant

    kept = _kept(user)
    grants: list[RoleGrant] | None = kept.get("_renju_grants")
    if grants is None:
        grants = list(RoleGrant.objects.filter(user=user).select_related("region"))
        kept["_renju_grants"] = grants
    return grants


def _kept(user: Any) -> dict[str, Any]:
    """Where what is read once per user object is kept: the user's own ``__dict__``, through a
    request's lazy user (so that it goes with her into the principal cache)."""
    if isinstance(user, LazyObject):
        lazy: Any = user
        if lazy._wrapped is empty:
            lazy._setup()
        user = lazy._wrapped
    kept: dict[str, Any] = user.__dict__
    return kept


def regions_for(user: User, action: str) -> list[Region]:
    """The regions where ``user`` may do ``action``.

    ``manage_users`` is the administrators' own action; the ledger actions come from
    ROLE_ACTIONS. For a company the regions are its active service areas inside the grant.
    """
    grants = grants_of(user)
    if action == "manage_users":
        regions = [g.region for g in grants if g.role == Role.ADMIN]
    else:
        regions = [g.region for g in grants if action in ROLE_ACTIONS.get(g.role, frozenset())]
    regions = [r for r in regions if r.valid_to is None]
    if regions and action != "manage_users" and is_company_user(user):
        from renju.core.scoping import region_in_scope_of

        regions = [
            region for region, _s in service_areas(user) if region_in_scope_of(region, regions)
        ]
    return regions


def is_company_user(user: Any) -> bool:
    """A service company's (or cleaning company's, cooperative's) person."""
    if user is None or not user.is_authenticated or user.organisation_id is None:
        return False
    org = user.organisation
    return org is not None and org.kind in SERVICE_AREA_KINDS


def service_areas(user: User) -> list[tuple[Region, str]]:
    """Her company's active service areas as (region, service), read once per user object."""
    from .models import ServiceArea

    kept = _kept(user)
    areas: list[tuple[Region, str]] | None = kept.get("_renju_areas")
    if areas is None:
        rows = ServiceArea.objects.filter(
            organisation=user.organisation_id, status=ServiceArea.Status.ACTIVE
        ).select_related("region")
        areas = [(a.region, a.service) for a in rows]
        kept["_renju_areas"] = areas
    return areas


def company_cut(user: User, services: frozenset[str], regions: list[Region]) -> list[Region]:
    """A company's ``regions`` for a ledger used by companies of ``services``: those of its
    areas of those services (none when it offers none of them)."""
    served = {region.pk for region, service in service_areas(user) if service in services}
    return [region for region in regions if region.pk in served]
