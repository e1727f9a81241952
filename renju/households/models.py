"""Households (农户): the unit most other ledgers hang from (toilets, fees, points...)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from renju.core.models import LedgerModel
from renju.core.models.base import scope_indexes

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
        indexes = scope_indexes("household")

    def __str__(self) -> str:
        return self.code
