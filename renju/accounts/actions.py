"""Administrators' actions on users and organisations: scoped, re-checked and audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet

from renju.core import audit
from renju.core.models.audit import AuditAction
from renju.core.scoping import region_filter, region_in_scope, scope_regions

from .choices import MANAGE_USERS
from .models import Organisation, RoleGrant, User


def manageable_users(admin: Any) -> QuerySet[User]:
    """Users whose organisation is seated inside the administrator's grants."""
    regions = scope_regions(admin, MANAGE_USERS)
    users = User.objects.filter(is_superuser=False)
    if regions is None:
        return User.objects.all()
    if not regions:
        return users.none()
    return users.filter(region_filter(regions, prefix="organisation__"))


class UserScope:
    """Adapter so ``get_scoped_or_404`` works on users."""

    model = User

    def restrict(self, admin: Any, action: str) -> QuerySet[User]:
        return manageable_users(admin)


# What the audit log shows for a password an administrator set: that it changed, never the hash.
PASSWORD_SHOWN = "******"


def _check(admin: Any, region: Any) -> None:
    if region is None or not region_in_scope(admin, region, MANAGE_USERS):
        raise PermissionDenied


def save_user(admin: Any, form: Any) -> User:
    """Create or update a user and her one grant, inside the administrator's area only."""
    user: User = form.instance
    with transaction.atomic():
        _check(admin, form.cleaned_data["region"])
        _check(admin, form.cleaned_data["organisation"].region)
        before = audit.snapshot(User.objects.get(pk=user.pk)) if user.pk else {}
        if user.pk and not manageable_users(admin).filter(pk=user.pk).exists():
            raise PermissionDenied
        created = user.pk is None
        if form.cleaned_data.get("password"):
            user.set_password(form.cleaned_data["password"])
        user.save()
        # Only the grants inside this administrator's area are replaced; grants the user holds
        # elsewhere (another county's administrator gave them) are not hers to remove.
        managed = [
            g
            for g in user.grants.select_related("region")
            if region_in_scope(admin, g.region, MANAGE_USERS)
        ]
        grant_before = [(g.role, g.region.code) for g in managed]
        RoleGrant.objects.filter(pk__in=[g.pk for g in managed]).delete()
        grant = RoleGrant.objects.create(
            user=user, role=form.cleaned_data["role"], region=form.cleaned_data["region"]
        )
        changes = audit.diff(before, audit.snapshot(user))
        if changes.pop("password", None) and not created:
            changes["password"] = [PASSWORD_SHOWN, PASSWORD_SHOWN]  # a reset, not the hashes
        if grant_before != [(grant.role, grant.region.code)]:
            changes["grants"] = [grant_before, [(grant.role, grant.region.code)]]
        if created or changes:  # a form saved as it came: nothing to record
            audit.record(
                AuditAction.CREATE if created else AuditAction.UPDATE,
                user,
                changes=changes,
                region=user.organisation.region if user.organisation else None,
            )
    return user


def save_organisation(admin: Any, organisation: Organisation) -> Organisation:
    with transaction.atomic():
        _check(admin, organisation.region)
        before: dict[str, Any] = {}
        if organisation.pk:
            old = (
                Organisation.objects.restrict(admin, MANAGE_USERS)
                .filter(pk=organisation.pk)
                .first()
            )
            if old is None:
                raise PermissionDenied
            before = audit.snapshot(old)
        created = organisation.pk is None
        organisation.save()
        audit.record(
            AuditAction.CREATE if created else AuditAction.UPDATE,
            organisation,
            changes=audit.diff(before, audit.snapshot(organisation)),
        )
    return organisation


__all__ = ["Q", "manageable_users", "save_organisation", "save_user"]
