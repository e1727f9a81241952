"""How grants and service areas become a user's scope (called only by core.scoping)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .choices import ROLE_ACTIONS, SERVICE_AREA_KINDS, Role

if TYPE_CHECKING:
    from renju.regions.models import Region

    from .models import RoleGrant, User


def grants_of(user: User) -> list[RoleGrant]:
    """The user's grants with their regions, read once per user object (a request's user) and
    shared by every action and every role check, like the per-action scope cache in
    ``core.scoping``. Read roles through this, not ``user.grants``: one query per request."""
    from .models import RoleGrant

    grants: list[RoleGrant] | None = user.__dict__.get("_renju_grants")
    if grants is None:
        grants = list(RoleGrant.objects.filter(user=user).select_related("region"))
        user.__dict__["_renju_grants"] = grants
    return grants


def regions_for(user: User, action: str) -> list[Region]:
    """The regions where ``user`` may do ``action``.

    ``manage_users`` is the administrators' own action; the ledger actions come from
    ROLE_ACTIONS. For a company the regions are its active service areas inside the grant.
    """
    from .models import ServiceArea

    grants = grants_of(user)
    if action == "manage_users":
        regions = [g.region for g in grants if g.role == Role.ADMIN]
    else:
        regions = [g.region for g in grants if action in ROLE_ACTIONS.get(g.role, frozenset())]
    regions = [r for r in regions if r.valid_to is None]
    org = user.organisation
    if regions and org is not None and org.kind in SERVICE_AREA_KINDS and action != "manage_users":
        areas = ServiceArea.objects.filter(
            organisation=org, status=ServiceArea.Status.ACTIVE
        ).select_related("region")
        from renju.core.scoping import region_in_scope_of

        regions = [a.region for a in areas if region_in_scope_of(a.region, regions)]
    return regions
