"""Waste chain ledgers (S8), sorting and resource-use ledgers (S9) and the daily records.

Every model here is a :class:`LedgerModel` (list, forms, import, export, API for free). The
daily records (:class:`Collection`, :class:`Transfer`) are about 900,000 rows a year for the
whole city: integer keys, a date, a small time, whole kilograms, the ancestor columns the chain
view and the indicators group by, and the indexes those queries need (beside the ledger's code
and scope indexes); the phone forms write through :mod:`renju.waste.records` (scoped, audited,
idempotent), the demo and the benchmark in bulk, column by column.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renju.core.models import LedgerModel
from renju.core.models.base import ancestor_field, scope_indexes
from renju.core.validators import LATITUDE, LONGITUDE, not_in_future
from renju.regions.choices import Level

from .choices import (
    FacilityStatus,
    Material,
    OrganicKind,
    PlantKind,
    SiteState,
    VehicleKind,
)
from .parameters import WASTE_DENSITY_T_PER_M3


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
    recorded_on = models.DateField(verbose_name=_("date"), validators=[not_in_future])
    material = models.CharField(verbose_name=_("material"), max_length=24, choices=Material.choices)
    weight_kg = models.DecimalField(
        verbose_name=_("weight (kg)"),
        max_digits=9,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"))],
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
    latitude = models.FloatField(
        verbose_name=_("latitude"), null=True, blank=True, validators=LATITUDE
    )
    longitude = models.FloatField(
        verbose_name=_("longitude"), null=True, blank=True, validators=LONGITUDE
    )
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


def _optional_fk(model: str, name: Any, db_index: bool = False) -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        model,
        verbose_name=name,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_index=db_index,
    )


def _submission_key() -> models.CharField[Any, Any]:
    return models.CharField(
        verbose_name=_("submission key"),
        max_length=40,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The phone form's one-time key: a second tap of the same form adds nothing."),
    )


def weight_from_volume(volume_l: int) -> int:
    """Kilograms for a volume reading at the configured bulk density (t/m³ = kg/l)."""
    kg = Decimal(volume_l) * WASTE_DENSITY_T_PER_M3
    return int(kg.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# The most one collection record may hold: a plausibility bound, not a standard. A compression
# truck carries about 10 t; one village's collection of a day beyond five such loads is a typing
# error (99,999,999,999,999 kg was once accepted and made the village's totals absurd).
COLLECTION_MAX_KG = 50_000
# The most one weighbridge ticket of a transfer may hold: no load is heavier than the heaviest
# lorry allowed on the road, 49 t gross (GB 1589-2016, six-axle articulated vehicle; the net
# load is less). A ticket of 9,223,372,036,854,775,807 kg was once accepted and every page
# summing the county's transfers answered 500 (integer overflow).
TRANSFER_MAX_KG = 49_000


class Collection(LedgerModel):
    """One collection at a village (村收): when, how much, by which vehicle, taken where.

    Rule: ``code`` is the collection slip number (收运单号), unique; left blank on the phone
    form it is the village code + the day (YYMMDD) + a two-digit sequence of the day, e.g.
    ``371502001001`` ``260315`` ``01`` (20 characters). ``region`` is the village (the row sits at
    village level, so ``village`` = ``region``); ``weight_kg`` is whole kilograms, weighed or
    estimated from ``volume_l`` at the configured density (``estimated``); the waste goes to a
    transfer station of the village's county or straight to a plant; with neither, its arrival
    is unrecorded (a gap of the chain view). ``town``/``county`` stay NOT NULL: the chain's
    GROUP BYs and indexes are on them.
    """

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.VILLAGE,)

    code = models.CharField(
        verbose_name=_("collection slip"),
        max_length=32,
        help_text=_("Left blank, it is made from the village code, the date and a sequence."),
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # Ancestors kept NOT NULL, as the chain's GROUP BYs have always had them.
    village = ancestor_field(_("village"), null=False)
    town = ancestor_field(_("town"), null=False)
    county = ancestor_field(_("county"), null=False)
    collected_on = models.DateField(verbose_name=_("date"), validators=[not_in_future])
    time = models.TimeField(verbose_name=_("time"), null=True, blank=True)
    weight_kg = models.PositiveIntegerField(
        verbose_name=_("weight (kg)"),
        blank=True,  # may be left out when the volume is given: estimated from it
        validators=[MinValueValidator(1), MaxValueValidator(COLLECTION_MAX_KG)],
        help_text=_("Leave blank to estimate it from the volume."),
    )
    volume_l = models.PositiveIntegerField(
        verbose_name=_("volume (l)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(COLLECTION_MAX_KG * 10)],
    )
    estimated = models.BooleanField(verbose_name=_("weight estimated"), default=False)
    vehicle = _optional_fk("WasteVehicle", _("vehicle"))
    station = _optional_fk("TransferStation", _("transfer station"))
    plant = _optional_fk("TreatmentPlant", _("treatment plant"))
    submission_key = _submission_key()
    is_simulated = _simulated()

    class Meta(LedgerModel.Meta):
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        constraints = [
            *_unique_code("wastecollection"),
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=Q(submission_key__isnull=False),
                name="wastecollection_submission_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["county", "collected_on"], name="wastecoll_county_day"),
            models.Index(fields=["town", "collected_on"], name="wastecoll_town_day"),
            models.Index(fields=["village", "collected_on"], name="wastecoll_village_day"),
            models.Index(fields=["collected_on"], name="wastecoll_day"),
            *scope_indexes("wastecoll"),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.weight_kg is None and self.volume_l is not None:  # every path: form, API...
            self.weight_kg, self.estimated = weight_from_volume(self.volume_l), True
        super().save(*args, **kwargs)


class Transfer(LedgerModel):
    """One load from a transfer station to a plant (镇运 → 县处理), weighed at the plant.

    Rule: ``code`` is the weighbridge ticket number (磅单号), unique; ``net_kg`` is the
    weighbridge's net weight in kilograms; ``region`` is the station's (town or village), so
    ``town``/``county`` are the station's.
    """

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.TOWN, Level.VILLAGE)

    code = models.CharField(
        verbose_name=_("weighbridge ticket"),
        max_length=32,
        help_text=_("Left blank, it is made from the station, the date and a sequence."),
    )
    station = models.ForeignKey(
        "TransferStation",
        verbose_name=_("transfer station"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    plant = models.ForeignKey(
        "TreatmentPlant",
        verbose_name=_("treatment plant"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        help_text=_("The station's region (town or village code)."),
    )
    # Ancestors kept NOT NULL, as in Collection.
    town = ancestor_field(_("town"), null=False)
    county = ancestor_field(_("county"), null=False)
    transferred_on = models.DateField(verbose_name=_("date"), validators=[not_in_future])
    time = models.TimeField(verbose_name=_("time"), null=True, blank=True)
    net_kg = models.PositiveIntegerField(
        verbose_name=_("net weight (kg)"),
        validators=[MinValueValidator(1), MaxValueValidator(TRANSFER_MAX_KG)],
    )
    vehicle = _optional_fk("WasteVehicle", _("vehicle"))
    submission_key = _submission_key()
    is_simulated = _simulated()

    class Meta(LedgerModel.Meta):
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            *_unique_code("wastetransfer"),
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=Q(submission_key__isnull=False),
                name="wastetransfer_submission_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["county", "transferred_on"], name="wastetransfer_county_day"),
            models.Index(fields=["town", "transferred_on"], name="wastetransfer_town_day"),
            models.Index(fields=["transferred_on"], name="wastetransfer_day"),
            *scope_indexes("wastetransfer"),
        ]

    def __str__(self) -> str:
        return self.code


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
