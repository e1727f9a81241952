"""Sewage ledgers and records: village treatment status, direct-discharge points, facilities,
inspections, water-quality tests, the limits and mode parameters the city edits, decisions on
the mode, O&M costs, sludge deliveries and toilet links (S10, S11, S14)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renju.core.models import LedgerModel
from renju.core.models.base import scope_indexes
from renju.core.validators import LATITUDE, LONGITUDE, not_in_future

from .choices import (
    DischargeLevel,
    FacilityKind,
    FaultKind,
    InspectionResult,
    Mode,
    Parameter,
    PointState,
    RunningState,
)

ZERO = Decimal("0")


def _unique_code(name: str, message: Any) -> list[models.BaseConstraint]:
    return [models.UniqueConstraint(fields=["code"], name=name, violation_error_message=message)]


class SewageFacility(LedgerModel):
    """A sewage treatment facility (a plant, a cluster or household units, a reuse facility).

    Rule: it sits in the village (or hamlet) where it stands, a town plant in its town's seat
    village; centralised facilities (town and village plants) carry their discharge
    registration number (排污登记) once running; tests are judged against the limits of its
    discharge level, TN and TP only where ``nutrient_limits`` says its permit requires them.
    """

    name = models.CharField(verbose_name=_("name"), max_length=100)
    kind = models.CharField(
        verbose_name=_("facility kind"), max_length=16, choices=FacilityKind.choices
    )
    design_capacity = models.DecimalField(
        verbose_name=_("design capacity (m³/d)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("1000000"))],
    )
    process = models.CharField(verbose_name=_("process"), max_length=100, blank=True)
    households_served = models.PositiveIntegerField(
        verbose_name=_("households served"), default=0, validators=[MaxValueValidator(1_000_000)]
    )
    operator = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="sewage_facilities",
        null=True,
        blank=True,
    )
    commissioned_on = models.DateField(
        verbose_name=_("commissioned"), null=True, blank=True, validators=[not_in_future]
    )
    discharge_level = models.CharField(
        verbose_name=_("discharge standard level"),
        max_length=8,
        choices=DischargeLevel.choices,
        default=DischargeLevel.LEVEL_2,
    )
    nutrient_limits = models.BooleanField(
        verbose_name=_("TN and TP limits apply"),
        default=False,
        help_text=_("Where the receiving water requires total nitrogen and phosphorus limits."),
    )
    discharge_registration = models.CharField(
        verbose_name=_("discharge registration number"), max_length=40, blank=True
    )
    running_state = models.CharField(
        verbose_name=_("running state"),
        max_length=10,
        choices=RunningState.choices,
        default=RunningState.NORMAL,
    )
    latitude = models.FloatField(
        verbose_name=_("latitude"),
        null=True,
        blank=True,
        validators=LATITUDE,
    )
    longitude = models.FloatField(
        verbose_name=_("longitude"),
        null=True,
        blank=True,
        validators=LONGITUDE,
    )
    is_simulated = models.BooleanField(verbose_name=_("simulated"), default=False, editable=False)

    class Meta(LedgerModel.Meta):
        verbose_name = _("sewage facility")
        verbose_name_plural = _("sewage facilities")
        constraints = _unique_code(
            "sewage_facility_code_unique", _("A facility with this code already exists.")
        )
        indexes = scope_indexes("sewagefacility")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TreatmentStatus(LedgerModel):
    """How a village (or one of its hamlets, or a part of it) has its sewage treated.

    Rule: a village counts as treated when it has at least one row and none of its rows is
    untreated; untreated rows serve no households and name no facility; a treated row's
    households served count towards the household treatment rate (capped at the village's
    households).
    """

    mode = models.CharField(verbose_name=_("treatment mode"), max_length=16, choices=Mode.choices)
    households_served = models.PositiveIntegerField(
        verbose_name=_("households served"), default=0, validators=[MaxValueValidator(100_000)]
    )
    completed_on = models.DateField(
        verbose_name=_("completed"), null=True, blank=True, validators=[not_in_future]
    )
    facility = models.ForeignKey(
        "SewageFacility",
        verbose_name=_("facility serving it"),
        on_delete=models.PROTECT,
        related_name="statuses",
        null=True,
        blank=True,
    )
    note = models.CharField(verbose_name=_("note"), max_length=200, blank=True)
    is_simulated = models.BooleanField(verbose_name=_("simulated"), default=False, editable=False)

    class Meta(LedgerModel.Meta):
        verbose_name = _("village treatment status")
        verbose_name_plural = _("village treatment statuses")
        constraints = _unique_code(
            "sewage_status_code_unique", _("A treatment status with this code already exists.")
        )
        indexes = scope_indexes("treatmentstatus")


class DischargePoint(LedgerModel):
    """A point where sewage is discharged directly (直排乱排), found and then closed.

    Rule: a closed point has its closing date, not before the day it was found.
    """

    location = models.CharField(verbose_name=_("location"), max_length=200)
    receiving_water = models.CharField(
        verbose_name=_("receiving water"), max_length=100, blank=True
    )
    found_on = models.DateField(verbose_name=_("found"), validators=[not_in_future])
    state = models.CharField(
        verbose_name=_("state"), max_length=8, choices=PointState.choices, default=PointState.OPEN
    )
    closed_on = models.DateField(
        verbose_name=_("closed"), null=True, blank=True, validators=[not_in_future]
    )
    measure = models.CharField(verbose_name=_("measure"), max_length=200, blank=True)
    is_simulated = models.BooleanField(verbose_name=_("simulated"), default=False, editable=False)

    class Meta(LedgerModel.Meta):
        verbose_name = _("direct-discharge point")
        verbose_name_plural = _("direct-discharge points")
        constraints = _unique_code(
            "sewage_point_code_unique", _("A discharge point with this code already exists.")
        )
        indexes = scope_indexes("dischargepoint")


class FacilityInspection(LedgerModel):
    """A routine O&M inspection of a facility.

    Rule: it sits where its facility is; a fault names its kind and opens a fault case routed
    to the facility's operator, and marks a normally running facility faulty.
    """

    facility = models.ForeignKey(
        "SewageFacility",
        verbose_name=_("facility"),
        on_delete=models.CASCADE,
        related_name="inspections",
    )
    inspected_on = models.DateField(verbose_name=_("date"), validators=[not_in_future])
    inspector = models.CharField(verbose_name=_("inspector"), max_length=50)
    result = models.CharField(
        verbose_name=_("result"),
        max_length=8,
        choices=InspectionResult.choices,
        default=InspectionResult.NORMAL,
    )
    # Nullable: an empty import cell arrives as NULL.
    fault_kind = models.CharField(
        verbose_name=_("fault kind"),
        max_length=12,
        choices=FaultKind.choices,
        blank=True,
        null=True,
    )
    findings = models.CharField(
        verbose_name=pgettext_lazy("what an inspection found", "findings"),
        max_length=300,
        blank=True,
    )
    is_simulated = models.BooleanField(verbose_name=_("simulated"), default=False, editable=False)

    class Meta(LedgerModel.Meta):
        verbose_name = _("facility inspection")
        verbose_name_plural = _("facility inspections")
        ordering = ["-inspected_on", "-pk"]
        constraints = _unique_code(
            "sewage_inspection_code_unique", _("An inspection with this code already exists.")
        )
        indexes = scope_indexes("facilityinspection")


def _reading(name: str, high: int = 100_000) -> Any:
    return models.DecimalField(
        verbose_name=name,
        max_digits=9,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal(high))],
    )


class WaterTest(LedgerModel):
    """A water-quality test of a facility's effluent (mg/L; pH unitless).

    Rule: it sits where its facility is; it complies when pH lies within the limits and each of
    COD, SS and NH₃-N (and TN, TP where the facility's permit requires them) is at or below its
    limit for the facility's discharge level (a value equal to the limit complies); a required
    value left empty does not comply; a test that does not comply opens a case for the operator.
    """

    facility = models.ForeignKey(
        "SewageFacility", verbose_name=_("facility"), on_delete=models.CASCADE, related_name="tests"
    )
    sampled_on = models.DateField(verbose_name=_("sampled"), validators=[not_in_future])
    lab = models.CharField(verbose_name=_("laboratory"), max_length=100)
    ph = models.DecimalField(
        verbose_name="pH",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal(14))],
    )
    cod = _reading("COD")
    ss = _reading("SS")
    nh3n = _reading("NH₃-N")
    tn = _reading("TN")
    tp = _reading("TP")
    is_simulated = models.BooleanField(verbose_name=_("simulated"), default=False, editable=False)

    class Meta(LedgerModel.Meta):
        verbose_name = _("water-quality test")
        verbose_name_plural = _("water-quality tests")
        ordering = ["-sampled_on", "-pk"]
        constraints = _unique_code(
            "sewage_test_code_unique", _("A test with this code already exists.")
        )
        indexes = [
            *scope_indexes("watertest"),
            models.Index(fields=["facility", "sampled_on"], name="watertest_facility_date"),
        ]


class DischargeLimit(models.Model):
    """One limit of the discharge standard for one level and parameter, editable by the city.

    Rule: a test complies with a parameter when ``minimum <= value <= maximum`` (both
    inclusive; an empty bound does not apply); a figure not checked against the published text
    keeps ``verified`` off and is shown as 待核实.
    """

    level = models.CharField(verbose_name=_("level"), max_length=8, choices=DischargeLevel.choices)
    parameter = models.CharField(
        verbose_name=_("parameter"), max_length=8, choices=Parameter.choices
    )
    minimum = models.DecimalField(
        verbose_name=_("minimum"), max_digits=9, decimal_places=3, null=True, blank=True
    )
    maximum = models.DecimalField(
        verbose_name=_("maximum"), max_digits=9, decimal_places=3, null=True, blank=True
    )
    source = models.CharField(verbose_name=_("source"), max_length=300)
    verified = models.BooleanField(
        verbose_name=_("verified against the published text"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("discharge limit")
        verbose_name_plural = _("discharge limits")
        ordering = ["level", "parameter"]
        constraints = [
            models.UniqueConstraint(fields=["level", "parameter"], name="sewage_limit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.parameter}"


class ModeParameters(models.Model):
    """The parameters of the mode-recommendation rules for the city (default) or one county.

    Rule: a county's row overrides the city's; without either, the code defaults (marked
    待核实) apply; every row says where its figures come from.
    """

    region = models.OneToOneField(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sewer_distance_km = models.DecimalField(
        verbose_name=_("max distance to a sewer for connection (km)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
    )
    plant_min_households = models.PositiveIntegerField(
        verbose_name=_("min households for a village plant")
    )
    dispersed_households = models.PositiveIntegerField(
        verbose_name=_("households per settlement below which a village is dispersed")
    )
    small_population = models.PositiveIntegerField(
        verbose_name=_("resident population below which a village is small")
    )
    reuse_available = models.BooleanField(
        verbose_name=_("reuse options available (farmland, wetland, ponds)"), default=True
    )
    source = models.CharField(verbose_name=_("source"), max_length=300)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mode parameters")
        verbose_name_plural = _("mode parameters")

    def __str__(self) -> str:
        return str(self.region)


class ModeCost(models.Model):
    """A rough cost range of one mode, per household: construction and annual O&M (yuan).

    Rule: low ≤ high; belongs to one parameter row (city or county) and says its source.
    """

    parameters = models.ForeignKey("ModeParameters", on_delete=models.CASCADE, related_name="costs")
    mode = models.CharField(verbose_name=_("treatment mode"), max_length=16, choices=Mode.choices)
    construction_low = models.PositiveIntegerField(verbose_name=_("construction, low"))
    construction_high = models.PositiveIntegerField(verbose_name=_("construction, high"))
    om_low = models.PositiveIntegerField(verbose_name=_("annual O&M, low"))
    om_high = models.PositiveIntegerField(verbose_name=_("annual O&M, high"))

    class Meta:
        verbose_name = _("mode cost")
        verbose_name_plural = _("mode costs")
        constraints = [
            models.UniqueConstraint(fields=["parameters", "mode"], name="sewage_modecost_unique")
        ]

    def __str__(self) -> str:
        return f"{self.parameters_id} {self.mode}"


class ModeDecision(LedgerModel):
    """An official's decision on an untreated village's mode: the recommendation accepted, or
    overridden with a reason.

    Rule: an override (a mode other than the recommended one) needs a reason; decisions are
    never edited, a new one supersedes the last; the rules' inputs and reasons are kept.
    """

    recommended_mode = models.CharField(
        verbose_name=_("recommended mode"), max_length=16, choices=Mode.choices
    )
    chosen_mode = models.CharField(
        verbose_name=_("chosen mode"), max_length=16, choices=Mode.choices
    )
    reason = models.CharField(verbose_name=_("reason"), max_length=300, blank=True)
    trace = models.JSONField(verbose_name=_("rules applied"), default=dict)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta(LedgerModel.Meta):
        verbose_name = _("mode decision")
        verbose_name_plural = _("mode decisions")
        indexes = scope_indexes("modedecision")

    @property
    def accepted(self) -> bool:
        return self.chosen_mode == self.recommended_mode


class OMCost(models.Model):
    """A facility's O&M cost for one year (yuan). Rule: one row per facility and year."""

    facility = models.ForeignKey("SewageFacility", on_delete=models.CASCADE, related_name="costs")
    year = models.PositiveSmallIntegerField(
        verbose_name=_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(
        verbose_name=_("O&M cost (yuan)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
    )
    note = models.CharField(verbose_name=_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("O&M cost")
        verbose_name_plural = _("O&M costs")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "year"], name="sewage_omcost_unique")
        ]

    def __str__(self) -> str:
        return f"{self.facility_id} {self.year}"


class SludgeDelivery(LedgerModel):
    """Toilet pump-out sludge delivered to a sewage plant (joint toilet-sewage governance, S14).

    Rule: one delivery per pump-out (deleted with it); the pump-out's sludge went to a
    treatment site and the plant lies in the same county; the row sits where the plant is.
    """

    pumpout = models.OneToOneField(
        "toilets.PumpOut", verbose_name=_("pump-out"), on_delete=models.CASCADE, related_name="+"
    )
    facility = models.ForeignKey(
        "SewageFacility",
        verbose_name=_("facility"),
        on_delete=models.PROTECT,
        related_name="sludge",
    )
    delivered_on = models.DateField(verbose_name=_("delivered"), validators=[not_in_future])
    volume = models.DecimalField(
        verbose_name=_("volume (m³)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta(LedgerModel.Meta):
        verbose_name = _("sludge delivery")
        verbose_name_plural = _("sludge deliveries")
        indexes = scope_indexes("sludgedelivery")


class ToiletLink(LedgerModel):
    """An explicit link of a household toilet to the facility that treats its sewage.

    Rule: one link per toilet; it overrides the link implied by the village's treatment status
    (the facility named on the village's treated rows); the row sits where the toilet is.
    """

    toilet = models.OneToOneField(
        "toilets.HouseholdToilet",
        verbose_name=_("toilet"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    facility = models.ForeignKey(
        "SewageFacility",
        verbose_name=_("facility"),
        on_delete=models.CASCADE,
        related_name="toilet_links",
    )

    class Meta(LedgerModel.Meta):
        verbose_name = _("toilet link")
        verbose_name_plural = _("toilet links")
        indexes = scope_indexes("toiletlink")
