"""Households (农户): the unit most other ledgers hang from (toilets, fees, points...)."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from renju.core.models import LedgerModel
from renju.core.models.base import scope_indexes
from renju.core.scoping import RestrictedQuerySet

from .choices import Residence


class Household(LedgerModel):
    """A rural household in a village or hamlet.

    Rule: ``code`` is the village (or hamlet) code it was registered under followed by a four-digit
    number, unique city-wide; the head's name and phone are personal data, masked in every list
    and shown in full only on the detail page to those who may change the household.
    """

    code = models.CharField(
        verbose_name=_("household code"),
        max_length=20,
        validators=[RegexValidator(r"^\d{16}(\d{3})?$", _("16 or 19 digits"))],
        help_text=_("Village code (12 digits) + 4-digit number."),
    )
    head_name = models.CharField(verbose_name=_("head of household"), max_length=50)
    phone = models.CharField(
        verbose_name=_("phone"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[0-9+\-]{5,20}$", _("digits only"))],
    )
    members = models.PositiveSmallIntegerField(
        verbose_name=_("members"),
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    status = models.CharField(
        verbose_name=_("residence"),
        max_length=16,
        choices=Residence.choices,
        default=Residence.RESIDENT,
    )
    low_income = models.BooleanField(verbose_name=_("low-income household"), default=False)
    is_simulated = models.BooleanField(verbose_name=_("simulated"), default=False, editable=False)

    class Meta(LedgerModel.Meta):
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="household_code_unique",
                violation_error_message=_("A household with this code already exists."),
            )
        ]
        indexes = [
            *scope_indexes("household"),
            # The county list sorted by size (``?sort=-members``) walks this index, no sort.
            models.Index(fields=["county", "members", "id"], name="household_county_members"),
        ]

    def __str__(self) -> str:
        return self.code


def _ancestor() -> models.ForeignKey[Any, Any]:
    """An ancestor column of a tally row, as the triggers copy it (no constraint, no index)."""
    return models.ForeignKey(
        "regions.Region",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )


class HouseholdTally(models.Model):
    """Per village: its households, people, away and low-income households, kept current.

    Rule: written only by the database's triggers on ``households_household`` (migration 0002),
    so every write path (forms, API, imports by executemany or COPY, region changes, bulk
    updates, the demo) keeps it exact; the application never writes it. Home pages of a town,
    county or city sum these rows (a few thousand at most) instead of scanning households.
    """

    village = models.OneToOneField(
        "regions.Region",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    city = _ancestor()
    county = _ancestor()
    town = _ancestor()
    households = models.BigIntegerField(default=0)
    people = models.BigIntegerField(default=0)
    away = models.BigIntegerField(default=0)
    low_income = models.BigIntegerField(default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("household tally")
        verbose_name_plural = _("household tallies")
        indexes = [
            models.Index(fields=["county"], name="household_tally_county"),
            models.Index(fields=["town"], name="household_tally_town"),
        ]

    def __str__(self) -> str:
        return f"{self.village_id}: {self.households}"
