"""Organisations, users, role grants and service areas."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from renju.core.models import LedgerModel
from renju.core.models.base import scope_indexes
from renju.core.scoping import RestrictedQuerySet

from .choices import Department, OrganisationKind, Role


class OrganisationQuerySet(RestrictedQuerySet["Organisation"]):
    def scope_q(self, regions: list) -> models.Q:
        from renju.core.scoping import region_filter

        return region_filter(regions, prefix="region__") | region_filter(regions)


class Organisation(models.Model):
    """A body whose people use renju: a government or department, a village committee, a company.

    Rule: an organisation sits in one region (its seat); government bodies act for that region,
    companies and cooperatives for their service areas. Ancestor columns make it scoped like a
    ledger: a county administrator manages the organisations seated in her county only.
    """

    code = models.CharField(
        verbose_name=_("organisation code"),
        max_length=32,
        unique=True,
        help_text=_("The unified social credit code, or a code given by the county."),
    )
    name = models.CharField(verbose_name=_("name"), max_length=200)
    kind = models.CharField(verbose_name=_("kind"), max_length=24, choices=OrganisationKind.choices)
    department = models.CharField(
        verbose_name=_("department"),
        max_length=24,
        choices=Department.choices,
        blank=True,
        help_text=_("For government departments."),
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    city = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    county = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    town = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    village = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    phone = models.CharField(verbose_name=_("service phone"), max_length=32, blank=True)
    is_active = models.BooleanField(verbose_name=_("active"), default=True)
    is_simulated = models.BooleanField(verbose_name=_("simulated"), default=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["region__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="organisation_unique_name_in_region",
                violation_error_message=_("An organisation with this name exists in the region."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.city_id = self.region.city_id
        self.county_id = self.region.county_id
        self.town_id = self.region.town_id
        self.village_id = self.region.village_id
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class User(AbstractUser):
    """A person who signs in. Rules: what she may do and where comes only from her grants; a
    new password (her own change or an administrator's reset) ends her API token along with
    her other sessions."""

    display_name = models.CharField(verbose_name=_("name"), max_length=100, blank=True)
    phone = models.CharField(verbose_name=_("phone"), max_length=32, blank=True)
    organisation = models.ForeignKey(
        "Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.username

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        self._password_replaced = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        if self.__dict__.pop("_password_replaced", False):
            from rest_framework.authtoken.models import Token

            # Sessions end by themselves (their hash is the password's); a token would not.
            Token.objects.filter(user=self).delete()


class RoleGrant(models.Model):
    """A role held by a user over a region (and everything under it).

    Rule: a user may hold several grants; her scope for an action is the union of the regions of
    the grants whose role allows it (narrowed to service areas for companies).
    """

    user = models.ForeignKey(
        "User", verbose_name=_("user"), on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(verbose_name=_("role"), max_length=16, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="grants",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                name="rolegrant_unique",
                violation_error_message=_("The user already holds this role in this region."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region}"


class ServiceArea(LedgerModel):
    """The region an organisation serves for one kind of service (a ledger).

    Rule: a company sees assets and work only inside its active service areas; the area is a
    village, town or county; one organisation serves a region once per service kind.
    """

    class Service(models.TextChoices):
        PUMP_OUT = "pump_out", _("toilet pump-out")
        TOILET_REPAIR = "toilet_repair", _("toilet repair")
        SEWAGE_OM = "sewage_om", _("sewage O&M")
        WASTE_COLLECTION = "waste_collection", _("waste collection and transport")
        CLEANING = "cleaning", _("village cleaning")
        MANURE = "manure", _("manure utilisation")
        SLUDGE_REUSE = "sludge_reuse", _("sludge reuse")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        ENDED = "ended", _("ended")

    allowed_levels: ClassVar[tuple[int, ...]] = (3, 4, 5)

    organisation = models.ForeignKey(
        "Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="service_areas",
    )
    service = models.CharField(verbose_name=_("service"), max_length=24, choices=Service.choices)
    status = models.CharField(
        verbose_name=_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    contract_no = models.CharField(verbose_name=_("contract number"), max_length=64, blank=True)
    start_date = models.DateField(verbose_name=_("start date"), null=True, blank=True)
    end_date = models.DateField(verbose_name=_("end date"), null=True, blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="servicearea_code_unique",
                violation_error_message=_("A service area with this code already exists."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "region", "service"],
                name="servicearea_unique_org_region_service",
                violation_error_message=_(
                    "This organisation already serves this region for this service."
                ),
            ),
        ]
        indexes = scope_indexes("servicearea")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_service_display()} · {self.region}"


__all__ = ["Department", "Organisation", "OrganisationKind", "Role", "RoleGrant", "User"]
