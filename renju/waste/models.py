"""Waste chain ledgers (S8), sorting and resource-use ledgers (S9) and the daily records.

The ledgers are ordinary :class:`LedgerModel` rows (list, forms, import, export, API for free).
The daily records (:class:`Collection`, :class:`Transfer`) are about 900,000 rows a year for the
whole city, so they are plain, compact tables: integer keys, a date, a small time, whole
kilograms, the ancestor columns the chain view and the indicators group by, and the indexes
those queries need; their writes go through :mod:`renju.waste.records` (scoped, audited).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renju.core.models import LedgerModel
from renju.core.models.base import scope_indexes
from renju.core.scoping import RestrictedQuerySet
from renju.regions.choices import Level

from .choices import (
    FacilityStatus,
    Material,
    OrganicKind,
    PlantKind,
    SiteState,
    VehicleKind,
)


def _unique_code(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.UniqueConstraint(
            fields=["code"],
            name=f"{prefix}_code_unique",
            violation_error_message=_("A row with this code already exists."),
        )
    ]


def _status() -> models.CharField[Any, Any]:
    return models.CharField(
        verbose_name=_("status"),
        max_length=16,
        choices=FacilityStatus.choices,
        default=FacilityStatus.IN_SERVICE,
    )


def _simulated() -> models.BooleanField[Any, Any]:
    return models.BooleanField(verbose_name=_("simulated"), default=False, editable=False)


# --- the chain ---------------------------------------------------------------------------------


class CollectionPoint(LedgerModel):
    """A village collection point (村收): bins where households bring their waste.

    Rule: sits in a village or hamlet; ``capacity_m3`` is the bins' total volume; a point with
    bins for at least two fractions (recyclable, kitchen, hazardous, other) is a sorting point,
    and a village with one sorting point counts as a village with sorted collection.
    """

    name = models.CharField(verbose_name=_("name"), max_length=100)
    bins = models.PositiveSmallIntegerField(
        verbose_name=_("bins"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    capacity_m3 = models.DecimalField(
        verbose_name=_("capacity (m³)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    sorting = models.BooleanField(
        verbose_name=_("sorted collection"),
        default=False,
        help_text=_("Bins for at least two fractions (recyclable, kitchen, hazardous, other)."),
    )
    status = _status()
    is_simulated = _simulated()

    class Meta(LedgerModel.Meta):
        verbose_name = _("collection point")
        verbose_name_plural = _("collection points")
        constraints = _unique_code("wastecollectionpoint")
        indexes = scope_indexes("collectionpoint")

    def __str__(self) -> str:
        return self.name


class TransferStation(LedgerModel):
    """A town transfer station (镇运).

    Rule: serves the town it lies in (its ``town`` column); it may be entered at the town or at
    the village where it physically stands. Waste it receives is the collections delivered to
    it; what it sends on is its transfers to plants, weighed on the weighbridge.
    """

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.TOWN, Level.VILLAGE)

    name = models.CharField(verbose_name=_("name"), max_length=100)
    capacity_t_day = models.DecimalField(
        verbose_name=_("capacity (t/day)"),
        max_digits=7,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    compactor = models.BooleanField(verbose_name=_("compaction equipment"), default=True)
    status = _status()
    is_simulated = _simulated()

    class Meta(LedgerModel.Meta):
        verbose_name = _("transfer station")
        verbose_name_plural = _("transfer stations")
        constraints = _unique_code("wastetransferstation")
        indexes = scope_indexes("transferstation")

    def __str__(self) -> str:
        return self.name


class TreatmentPlant(LedgerModel):
    """A county treatment plant (县处理): incineration, sanitary landfill, composting...

    Rule: serves the county it lies in; ``harmless`` says whether what it treats counts as
    harmlessly treated — never for a simple (non-compliant) landfill.
    """

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.COUNTY, Level.TOWN, Level.VILLAGE)

    name = models.CharField(verbose_name=_("name"), max_length=100)
    kind = models.CharField(verbose_name=_("treatment"), max_length=24, choices=PlantKind.choices)
    harmless = models.BooleanField(
        verbose_name=_("harmless treatment"),
        default=True,
        help_text=_("Meets the pollution-control standard of its kind (e.g. GB 18485, GB 16889)."),
    )
    capacity_t_day = models.DecimalField(
        verbose_name=_("capacity (t/day)"),
        max_digits=8,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    permit_no = models.CharField(verbose_name=_("permit number"), max_length=64, blank=True)
    status = _status()
    is_simulated = _simulated()

    class Meta(LedgerModel.Meta):
        verbose_name = _("treatment plant")
        verbose_name_plural = _("treatment plants")
        constraints = _unique_code("wastetreatmentplant")
        indexes = scope_indexes("treatmentplant")

    def __str__(self) -> str:
        return self.name


class WasteVehicle(LedgerModel):
    """A waste collection or transfer vehicle. Rule: ``code`` is the plate number."""

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.COUNTY, Level.TOWN, Level.VILLAGE)

    kind = models.CharField(
        verbose_name=_("vehicle type"), max_length=16, choices=VehicleKind.choices
    )
    capacity_t = models.DecimalField(
        verbose_name=_("load (t)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    operator = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    status = _status()
    is_simulated = _simulated()

    class Meta(LedgerModel.Meta):
        verbose_name = _("waste vehicle")
        verbose_name_plural = _("waste vehicles")
        constraints = _unique_code("wastevehicle")
        indexes = scope_indexes("wastevehicle")


class OperatorContract(LedgerModel):
    """A market operator's contract for collecting and transporting waste (市场化运作).

    Rule: covers its region (county, town or village) from ``start_date`` to ``end_date``; its
    ``interval_days`` is the service standard's collection interval, which the chain view and the
    timeliness indicator hold each village to (the most specific contract in force wins).
    """

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.COUNTY, Level.TOWN, Level.VILLAGE)

    operator = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_date = models.DateField(verbose_name=_("start date"))
    end_date = models.DateField(verbose_name=_("end date"))
    price = models.DecimalField(
        verbose_name=_("price (yuan/year)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    interval_days = models.PositiveSmallIntegerField(
        verbose_name=_("collection interval (days)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    service_standard = models.TextField(verbose_name=_("service standard"), blank=True)
    is_simulated = _simulated()

    class Meta(LedgerModel.Meta):
        verbose_name = _("operator contract")
        verbose_name_plural = _("operator contracts")
        constraints = _unique_code("wasteoperatorcontract")
        indexes = scope_indexes("operatorcontract")


# --- sorting and resource use ----------------------------------------------------------------


class CropVinePoint(LedgerModel):
    """A crop-vine (瓜菜秧) storage point with its fill level.

    Rule: a fill level of 80% or more (inclusive) opens a clearing case (one active case per
    point) with a 24-hour deadline, whichever way the level is written (report page, ledger
    form, import, API); clearing sets the level to 0.
    """

    name = models.CharField(verbose_name=_("name"), max_length=100)
    capacity_t = models.DecimalField(
        verbose_name=_("capacity (t)"),
        max_digits=7,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    fill_level = models.PositiveSmallIntegerField(
        verbose_name=_("fill level (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
    )
    reported_at = models.DateTimeField(
        verbose_name=_("last report"), null=True, blank=True, editable=False
    )
    cleared_at = models.DateTimeField(
        verbose_name=_("last cleared"), null=True, blank=True, editable=False
    )
    is_simulated = _simulated()

    class Meta(LedgerModel.Meta):
        verbose_name = _("crop-vine storage point")
        verbose_name_plural = _("crop-vine storage points")
        constraints = _unique_code("wastecropvinepoint")
        indexes = scope_indexes("cropvinepoint")

    def __str__(self) -> str:
        return self.name


class RecyclingPoint(LedgerModel):
    """An agricultural-waste recycling point (pesticide/fertiliser packaging, film).

    Rule: sits in a village; its records are weighed deliveries of the materials it takes.
    """

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.TOWN, Level.VILLAGE, Level.HAMLET)

    name = models.CharField(verbose_name=_("name"), max_length=100)
    takes_packaging = models.BooleanField(verbose_name=_("takes packaging"), default=True)
    takes_film = models.BooleanField(verbose_name=_("takes film"), default=True)
    collector = models.CharField(verbose_name=_("collector"), max_length=100, blank=True)
    status = _status()
    is_simulated = _simulated()

    class Meta(LedgerModel.Meta):
        verbose_name = _("recycling point")
        verbose_name_plural = _("recycling points")
        constraints = _unique_code("wasterecyclingpoint")
        indexes = scope_indexes("recyclingpoint")

    def __str__(self) -> str:
        return self.name


class RecyclingRecord(LedgerModel):
    """One weighed delivery of agricultural waste to a recycling point.

    Rule: recorded in the point's region; the weight is in kilograms.
    """

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.TOWN, Level.VILLAGE, Level.HAMLET)

    point = models.ForeignKey(
        "RecyclingPoint",
        verbose_name=_("recycling point"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    recorded_on = models.DateField(verbose_name=_("date"))
    material = models.CharField(verbose_name=_("material"), max_length=24, choices=Material.choices)
    weight_kg = models.DecimalField(
        verbose_name=_("weight (kg)"),
        max_digits=9,
        decimal_places=1,
        validators=[MinValueValidator(0.1)],
    )
    collector = models.CharField(verbose_name=_("collector"), max_length=100, blank=True)
    is_simulated = _simulated()

    class Meta(LedgerModel.Meta):
        verbose_name = _("recycling record")
        verbose_name_plural = _("recycling records")
        constraints = _unique_code("wasterecyclingrecord")
        indexes = [
            *scope_indexes("recyclingrecord"),
            models.Index(fields=["recorded_on", "village"], name="wasterecyclingrecord_day"),
        ]


class ConstructionSite(LedgerModel):
    """A construction-waste storage site (建筑垃圾存放点).

    Rule: the policy wants one per administrative village; a village counts as covered when it
    has a site in use (or full, awaiting clearance).
    """

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.VILLAGE, Level.HAMLET)

    name = models.CharField(verbose_name=_("name"), max_length=100)
    location = models.CharField(verbose_name=_("location"), max_length=200)
    latitude = models.FloatField(verbose_name=_("latitude"), null=True, blank=True)
    longitude = models.FloatField(verbose_name=_("longitude"), null=True, blank=True)
    capacity_m3 = models.DecimalField(
        verbose_name=_("capacity (m³)"),
        max_digits=8,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    state = models.CharField(
        verbose_name=_("state"), max_length=12, choices=SiteState.choices, default=SiteState.IN_USE
    )
    is_simulated = _simulated()

    class Meta(LedgerModel.Meta):
        verbose_name = _("construction-waste site")
        verbose_name_plural = _("construction-waste sites")
        constraints = _unique_code("wasteconstructionsite")
        indexes = scope_indexes("constructionsite")

    def __str__(self) -> str:
        return self.name


class OrganicFacility(LedgerModel):
    """An organic-waste treatment facility of a town or village (有机废弃物综合处置利用设施).

    Rule: sits at the town or village that built it; capacity in tonnes a day.
    """

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.TOWN, Level.VILLAGE)

    name = models.CharField(verbose_name=_("name"), max_length=100)
    kind = models.CharField(verbose_name=_("process"), max_length=16, choices=OrganicKind.choices)
    capacity_t_day = models.DecimalField(
        verbose_name=_("capacity (t/day)"),
        max_digits=7,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    feedstock = models.CharField(verbose_name=_("feedstock"), max_length=200, blank=True)
    status = _status()
    is_simulated = _simulated()

    class Meta(LedgerModel.Meta):
        verbose_name = _("organic-waste facility")
        verbose_name_plural = _("organic-waste facilities")
        constraints = _unique_code("wasteorganicfacility")
        indexes = scope_indexes("organicfacility")

    def __str__(self) -> str:
        return self.name


# --- daily records -----------------------------------------------------------------------------


class RecordQuerySet(RestrictedQuerySet[Any]):
    """Scoped by the ``county``/``town``/``village`` columns; a city grant covers its counties."""

    def scope_q(self, regions: list[Any]) -> Q:
        q = Q(pk__in=[])
        fields = {f.name for f in self.model._meta.fields}
        for region in regions:
            if region.level <= Level.CITY:
                q |= Q(county__code__startswith=region.code)
            elif region.level == Level.COUNTY:
                q |= Q(county_id=region.pk)
            elif region.level == Level.TOWN:
                q |= Q(town_id=region.pk)
            elif "village" in fields:
                q |= Q(village_id=region.village_id)
        return q


def _region_fk(name: Any, null: bool = False) -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        "regions.Region",
        verbose_name=name,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        null=null,
    )


class Collection(models.Model):
    """One collection at a village (村收): when, how much, by which vehicle, taken where.

    Rule: ``weight_kg`` is whole kilograms, weighed or estimated from ``volume_l`` at the
    configured density (``estimated``); the waste goes to a transfer station of the town or
    straight to a plant; with neither, its arrival is unrecorded (a gap of the chain view).
    ``town``/``county`` are the village's, set by the writer.
    """

    village = _region_fk(_("village"))
    town = _region_fk(_("town"))
    county = _region_fk(_("county"))
    collected_on = models.DateField(verbose_name=_("date"))
    time = models.TimeField(verbose_name=_("time"), null=True, blank=True)
    weight_kg = models.PositiveIntegerField(verbose_name=_("weight (kg)"))
    volume_l = models.PositiveIntegerField(verbose_name=_("volume (l)"), null=True, blank=True)
    estimated = models.BooleanField(verbose_name=_("weight estimated"), default=False)
    vehicle = models.ForeignKey(
        "WasteVehicle", on_delete=models.PROTECT, related_name="+", null=True, db_index=False
    )
    station = models.ForeignKey(
        "TransferStation", on_delete=models.PROTECT, related_name="+", null=True, db_index=False
    )
    plant = models.ForeignKey(
        "TreatmentPlant", on_delete=models.PROTECT, related_name="+", null=True, db_index=False
    )
    is_simulated = models.BooleanField(default=False)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        indexes = [
            models.Index(fields=["county", "collected_on"], name="wastecoll_county_day"),
            models.Index(fields=["town", "collected_on"], name="wastecoll_town_day"),
            models.Index(fields=["village", "collected_on"], name="wastecoll_village_day"),
            models.Index(fields=["collected_on"], name="wastecoll_day"),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.collected_on} {self.weight_kg} kg"


class Transfer(models.Model):
    """One load from a transfer station to a plant (镇运 → 县处理), weighed at the plant.

    Rule: ``net_kg`` is the weighbridge's net weight in kilograms; ``town``/``county`` are the
    station's; ``ticket_no`` is the weighbridge ticket.
    """

    station = models.ForeignKey("TransferStation", on_delete=models.PROTECT, related_name="+")
    plant = models.ForeignKey(
        "TreatmentPlant", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    town = _region_fk(_("town"))
    county = _region_fk(_("county"))
    transferred_on = models.DateField(verbose_name=_("date"))
    time = models.TimeField(verbose_name=_("time"), null=True, blank=True)
    net_kg = models.PositiveIntegerField(verbose_name=_("net weight (kg)"))
    ticket_no = models.CharField(verbose_name=_("weighbridge ticket"), max_length=32, blank=True)
    vehicle = models.ForeignKey(
        "WasteVehicle", on_delete=models.PROTECT, related_name="+", null=True, db_index=False
    )
    is_simulated = models.BooleanField(default=False)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        indexes = [
            models.Index(fields=["county", "transferred_on"], name="wastetransfer_county_day"),
            models.Index(fields=["town", "transferred_on"], name="wastetransfer_town_day"),
            models.Index(fields=["transferred_on"], name="wastetransfer_day"),
        ]

    def __str__(self) -> str:
        return f"{self.station_id}→{self.plant_id} {self.transferred_on} {self.net_kg} kg"


class VineFillReport(models.Model):
    """A fill-level report (or a clearance, level 0) of a crop-vine point, kept for its history.

    Rule: written only by :mod:`renju.waste.vines` together with the point's new level.
    """

    point = models.ForeignKey("CropVinePoint", on_delete=models.CASCADE, related_name="reports")
    reported_at = models.DateTimeField(verbose_name=_("time"))
    level = models.PositiveSmallIntegerField(verbose_name=_("fill level (%)"))
    cleared = models.BooleanField(verbose_name=_("cleared"), default=False)
    reporter = models.CharField(verbose_name=_("reported by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("crop-vine fill report")
        verbose_name_plural = _("crop-vine fill reports")
        ordering = ["-reported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.point_id} {self.level}%"
