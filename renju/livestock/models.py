"""Livestock ledgers (S3): farms, household livestock, manure utilisation, dead-animal disposal;
and the city's table of manure coefficients."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from renju.core.models import LedgerModel
from renju.core.models.base import scope_indexes
from renju.core.validators import not_in_future

from .choices import DisposalMethod, FarmStatus, Species, UtilisationMethod


class ManureCoefficient(models.Model):
    """The manure one head of a species produces per day, as the city sets it.

    Rule: one row per species; a row overrides the built-in default of
    :data:`renju.livestock.coefficients.DEFAULTS`; manure produced in a year is head count ×
    (faeces + urine) × 365 ÷ 1000 tonnes; every change is audited and must cite its source
    (``verified`` is off, shown as 待核实, until someone has checked the figure against it).
    """

    species = models.CharField(
        verbose_name=_("species"), max_length=16, choices=Species.choices, unique=True
    )
    faeces_kg = models.DecimalField(
        verbose_name=_("faeces (kg per head per day)"),
        max_digits=7,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0"))],
    )
    urine_kg = models.DecimalField(
        verbose_name=_("urine (kg per head per day)"),
        max_digits=7,
        decimal_places=3,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    source = models.CharField(verbose_name=_("source"), max_length=300)
    verified = models.BooleanField(verbose_name=_("checked against the source"), default=False)
    updated_at = models.DateTimeField(verbose_name=_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("manure coefficient")
        verbose_name_plural = _("manure coefficients")
        ordering = ["species"]

    def __str__(self) -> str:
        return self.get_species_display()


class Farm(LedgerModel):
    """A scale livestock farm (规模养殖场).

    Rule: ``head_count`` is the stock on hand (存栏) of the farm's one species; manure produced is
    computed from it with the species' coefficient while the farm is in production (a suspended
    or closed farm produces none); its utilisation is the utilisation records naming the farm.
    """

    name = models.CharField(verbose_name=_("farm name"), max_length=100)
    operator = models.CharField(
        verbose_name=_("operator"),
        max_length=100,
        help_text=_("The company, cooperative or person running the farm."),
    )
    species = models.CharField(verbose_name=_("species"), max_length=16, choices=Species.choices)
    head_count = models.PositiveIntegerField(
        verbose_name=_("head count"),
        validators=[MaxValueValidator(10_000_000)],
        help_text=_("Stock on hand (存栏)."),
    )
    capacity = models.PositiveIntegerField(
        verbose_name=_("capacity (head)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10_000_000)],
    )
    storage_m3 = models.DecimalField(
        verbose_name=_("manure storage (m³)"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    facilities = models.CharField(
        verbose_name=_("manure facilities"),
        max_length=300,
        blank=True,
        help_text=_("e.g. dry-manure shed, sewage tank, biogas digester, composting plant."),
    )
    status = models.CharField(
        verbose_name=_("status"),
        max_length=12,
        choices=FarmStatus.choices,
        default=FarmStatus.ACTIVE,
    )
    is_simulated = models.BooleanField(verbose_name=_("simulated"), default=False, editable=False)

    class Meta(LedgerModel.Meta):
        verbose_name = _("livestock farm")
        verbose_name_plural = _("livestock farms")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="livestock_farm_code_unique",
                violation_error_message=_("A farm with this code already exists."),
            )
        ]
        indexes = scope_indexes("farm")

    def __str__(self) -> str:
        return self.name


class HouseholdLivestock(LedgerModel):
    """Livestock kept by households of a village (散养): a species and its head count.

    Rule: ``head_count`` is the stock on hand of the households the row covers (usually the whole
    village, or a hamlet); a village's rows add up; manure produced is computed from them with
    the species' coefficient, like a farm's.
    """

    species = models.CharField(verbose_name=_("species"), max_length=16, choices=Species.choices)
    head_count = models.PositiveIntegerField(
        verbose_name=_("head count"), validators=[MaxValueValidator(10_000_000)]
    )
    households = models.PositiveIntegerField(
        verbose_name=_("households keeping them"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000)],
    )
    counted_on = models.DateField(
        verbose_name=_("counted on"), null=True, blank=True, validators=[not_in_future]
    )
    is_simulated = models.BooleanField(verbose_name=_("simulated"), default=False, editable=False)

    class Meta(LedgerModel.Meta):
        verbose_name = _("household livestock")
        verbose_name_plural = _("household livestock")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="livestock_household_code_unique",
                violation_error_message=_("A row with this code already exists."),
            ),
        ]
        indexes = scope_indexes("householdlivestock")

    def __str__(self) -> str:
        return f"{self.code} {self.get_species_display()}"


class ManureUtilisation(LedgerModel):
    """A quantity of manure put to use (composting, biogas, field application...).

    Rule: ``quantity_t`` is fresh manure (faeces and urine) in tonnes, the same basis as the
    production computed from the coefficients; a record naming a farm sits in the farm's village
    and is of the farm's species; records without a farm are the village's household livestock.
    """

    farm = models.ForeignKey(
        Farm,
        verbose_name=_("farm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="utilisations",
    )
    species = models.CharField(verbose_name=_("species"), max_length=16, choices=Species.choices)
    utilised_on = models.DateField(verbose_name=_("date"), validators=[not_in_future])
    method = models.CharField(
        verbose_name=_("method"), max_length=20, choices=UtilisationMethod.choices
    )
    quantity_t = models.DecimalField(
        verbose_name=_("quantity (t)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1000000"))],
    )
    receiver = models.CharField(
        verbose_name=_("received by"),
        max_length=100,
        blank=True,
        help_text=_("The organisation that took the manure, e.g. a cooperative."),
    )
    note = models.CharField(verbose_name=_("note"), max_length=300, blank=True)
    is_simulated = models.BooleanField(verbose_name=_("simulated"), default=False, editable=False)

    class Meta(LedgerModel.Meta):
        verbose_name = _("manure utilisation")
        verbose_name_plural = _("manure utilisation records")
        ordering = ["-utilised_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="livestock_utilisation_code_unique",
                violation_error_message=_("A record with this code already exists."),
            )
        ]
        indexes = [
            *scope_indexes("manureutilisation"),
            models.Index(fields=["village", "utilised_on"], name="lsutil_village_date"),
        ]

    def __str__(self) -> str:
        return self.code


class DeadAnimalDisposal(LedgerModel):
    """A harmless disposal of dead animals (病死畜禽无害化处理).

    Rule: records what was disposed of, when, how (a method of the technical specification) and
    by whom; a record naming a farm sits in the farm's village.
    """

    farm = models.ForeignKey(
        Farm,
        verbose_name=_("farm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disposals",
    )
    disposed_on = models.DateField(verbose_name=_("date"), validators=[not_in_future])
    species = models.CharField(verbose_name=_("species"), max_length=16, choices=Species.choices)
    count = models.PositiveIntegerField(
        verbose_name=_("number of animals"),
        validators=[MinValueValidator(1), MaxValueValidator(1_000_000)],
    )
    method = models.CharField(
        verbose_name=_("method"), max_length=20, choices=DisposalMethod.choices
    )
    disposer = models.CharField(
        verbose_name=_("disposed of by"),
        max_length=100,
        help_text=_("e.g. the county's harmless disposal centre."),
    )
    note = models.CharField(verbose_name=_("note"), max_length=300, blank=True)
    is_simulated = models.BooleanField(verbose_name=_("simulated"), default=False, editable=False)

    class Meta(LedgerModel.Meta):
        verbose_name = _("dead-animal disposal")
        verbose_name_plural = _("dead-animal disposals")
        ordering = ["-disposed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="livestock_disposal_code_unique",
                violation_error_message=_("A record with this code already exists."),
            )
        ]
        indexes = scope_indexes("deadanimaldisposal")

    def __str__(self) -> str:
        return self.code
