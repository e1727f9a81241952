"""Cleaning ledgers (S3, S15): score sheets, inspections and findings, campaigns, town rules and
village standards, cleaners and their wages, cleaning contracts and the staffing norm."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renju.core.models import LedgerModel
from renju.core.models.base import scope_indexes
from renju.core.validators import not_in_future
from renju.regions.choices import Level

from .choices import (
    CampaignKind,
    CampaignResult,
    ContractModel,
    DocumentKind,
    Employer,
    FindingStatus,
    ItemKind,
)

# The score an inspection starts from; each finding deducts its item's points (floored at 0).
FULL_SCORE = Decimal("100")


def _unique_code(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.UniqueConstraint(
            fields=["code"],
            name=f"cl{prefix}_code_unique",
            violation_error_message=_("A row with this code already exists."),
        )
    ]


class StaffingNorm(LedgerModel):
    """How many cleaners a village needs per 1,000 residents, set by the city, a county, a town
    or (for a village with special conditions) the village itself.

    Rule: the most specific norm over a village applies (village, town, county, city); without
    one the constant :data:`renju.cleaning.staffing.DEFAULT_NORM` (待核实) does; ``source``
    cites where the figure comes from, "待核实" when it cannot be cited.
    """

    cleaners_per_thousand = models.DecimalField(
        verbose_name=_("cleaners per 1,000 residents"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("50"))],
    )
    source = models.CharField(
        verbose_name=_("source"),
        max_length=200,
        default="待核实",
        help_text=_("The document that sets the figure; 待核实 when it cannot be cited."),
    )
    is_simulated = models.BooleanField(default=False, editable=False)

    allowed_levels: ClassVar[tuple[int, ...]] = (
        Level.CITY,
        Level.COUNTY,
        Level.TOWN,
        Level.VILLAGE,
    )

    class Meta(LedgerModel.Meta):
        verbose_name = _("cleaner staffing norm")
        verbose_name_plural = _("cleaner staffing norms")
        constraints = _unique_code("staffingnorm")
        indexes = scope_indexes("clstaffingnorm")


class CleaningDocument(LedgerModel):
    """A town's cleaning rules (一镇一制度) or a village's cleaning standard (一村一标准).

    Rule: town rules sit at a town, a village standard at a village; the file is uploaded on the
    documents page (type and size checked); its checklist items are score-sheet items that point
    to it, so they are scored in the inspections of the villages below.
    """

    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(verbose_name=_("title"), max_length=200)
    adopted_on = models.DateField(verbose_name=_("adopted on"), validators=[not_in_future])
    summary = models.TextField(verbose_name=_("summary"), blank=True)
    is_active = models.BooleanField(verbose_name=_("in force"), default=True)
    file = models.FileField(
        verbose_name=_("file"),
        upload_to="cleaning/documents/%Y/",
        blank=True,
        default="",
        editable=False,
    )
    is_simulated = models.BooleanField(default=False, editable=False)

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.TOWN, Level.VILLAGE)

    class Meta(LedgerModel.Meta):
        verbose_name = _("cleaning rules or standard")
        verbose_name_plural = _("cleaning rules and standards")
        constraints = _unique_code("cleaningdocument")
        indexes = scope_indexes("clcleaningdocument")

    def __str__(self) -> str:
        return self.title


class ScoreItem(LedgerModel):
    """One item of the cleanliness score sheet and the points a finding of it deducts.

    Rule: an active item applies to every inspection of the villages under its region (the
    city's items everywhere, a town's rules and a village's standard only there); an inspection
    starts at 100 and each finding deducts its item's ``points``, the score never below 0.
    """

    name = models.CharField(verbose_name=_("name"), max_length=100)
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=ItemKind.choices)
    points = models.DecimalField(
        verbose_name=_("points deducted"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(FULL_SCORE)],
    )
    document = models.ForeignKey(
        CleaningDocument,
        verbose_name=_("from rules or standard"),
        on_delete=models.PROTECT,
        related_name="items",
        null=True,
        blank=True,
    )
    position = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)
    is_active = models.BooleanField(verbose_name=_("in use"), default=True)
    source = models.CharField(verbose_name=_("source"), max_length=200, blank=True)
    is_simulated = models.BooleanField(default=False, editable=False)

    allowed_levels: ClassVar[tuple[int, ...]] = (
        Level.CITY,
        Level.COUNTY,
        Level.TOWN,
        Level.VILLAGE,
    )

    class Meta(LedgerModel.Meta):
        verbose_name = _("score-sheet item")
        verbose_name_plural = _("score-sheet items")
        constraints = _unique_code("scoreitem")
        indexes = scope_indexes("clscoreitem")

    def __str__(self) -> str:
        return self.name


class Campaign(LedgerModel):
    """A clean-up campaign (三清一改, seasonal) of the city, a county, a town or a village.

    Rule: covers villages under its region only (one coverage row per village); its results are
    those rows' results and the inspections recorded under it.
    """

    name = models.CharField(verbose_name=_("name"), max_length=100)
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=CampaignKind.choices)
    starts_on = models.DateField(verbose_name=_("starts on"))
    ends_on = models.DateField(verbose_name=_("ends on"))
    goal = models.TextField(verbose_name=_("goal"), blank=True)
    is_simulated = models.BooleanField(default=False, editable=False)

    allowed_levels: ClassVar[tuple[int, ...]] = (
        Level.CITY,
        Level.COUNTY,
        Level.TOWN,
        Level.VILLAGE,
    )

    class Meta(LedgerModel.Meta):
        verbose_name = _("clean-up campaign")
        verbose_name_plural = _("clean-up campaigns")
        constraints = _unique_code("campaign")
        indexes = scope_indexes("clcampaign")

    def __str__(self) -> str:
        return self.name


class CampaignVillage(LedgerModel):
    """A village covered by a campaign and what it achieved there.

    Rule: the village lies under the campaign's region; one row per campaign and village.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="villages"
    )
    result = models.CharField(
        verbose_name=_("result"),
        max_length=12,
        choices=CampaignResult.choices,
        default=CampaignResult.PLANNED,
    )
    heaps_cleared = models.PositiveIntegerField(verbose_name=_("heaps cleared"), default=0)
    garbage_tonnes = models.DecimalField(
        verbose_name=_("garbage removed (t)"),
        max_digits=8,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    participants = models.PositiveIntegerField(verbose_name=_("participants"), default=0)
    note = models.CharField(verbose_name=_("note"), max_length=300, blank=True)
    is_simulated = models.BooleanField(default=False, editable=False)

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.VILLAGE,)

    class Meta(LedgerModel.Meta):
        verbose_name = _("campaign village")
        verbose_name_plural = _("campaign villages")
        constraints = [
            *_unique_code("campaignvillage"),
            models.UniqueConstraint(
                fields=["campaign", "region"],
                name="clcampaignvillage_once",
                violation_error_message=_("This village is already in the campaign."),
            ),
        ]
        indexes = scope_indexes("clcampaignvillage")


class CleaningContract(LedgerModel):
    """A third-party cleaning contract (管家式/物业式) over a county, a town or a village.

    Rule: covers every village under its region while ``starts_on`` ≤ day ≤ ``ends_on``
    (inclusive); inspections of a covered village are credited to the company.
    """

    company = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="cleaning_contracts",
    )
    model = models.CharField(
        verbose_name=_("operating model"),
        max_length=12,
        choices=ContractModel.choices,
        default=ContractModel.PROPERTY,
    )
    scope = models.CharField(
        verbose_name=_("scope of work"),
        max_length=200,
        help_text=_("e.g. clean, collect, transport, maintain (清、收、运、护)."),
    )
    price = models.DecimalField(
        verbose_name=_("price (yuan a year)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    standard = models.TextField(verbose_name=_("service standard"), blank=True)
    starts_on = models.DateField(verbose_name=_("starts on"))
    ends_on = models.DateField(verbose_name=_("ends on"))
    is_simulated = models.BooleanField(default=False, editable=False)

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.COUNTY, Level.TOWN, Level.VILLAGE)

    class Meta(LedgerModel.Meta):
        verbose_name = _("cleaning contract")
        verbose_name_plural = _("cleaning contracts")
        constraints = _unique_code("cleaningcontract")
        indexes = scope_indexes("clcleaningcontract")

    def is_active_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class Cleaner(LedgerModel):
    """A village cleaner (保洁员), with the contract and the wage.

    Rule: an active cleaner counts toward the village's staffing; a company's cleaner names the
    company; the monthly wage is due on ``wage_due_day`` of the following month.
    """

    name = models.CharField(verbose_name=_("name"), max_length=50)
    phone = models.CharField(verbose_name=_("phone"), max_length=20, blank=True)
    employer = models.CharField(
        verbose_name=_("employer"),
        max_length=10,
        choices=Employer.choices,
        default=Employer.VILLAGE,
    )
    company = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="cleaners",
        null=True,
        blank=True,
    )
    contract_start = models.DateField(verbose_name=_("contract start"))
    contract_end = models.DateField(verbose_name=_("contract end"), null=True, blank=True)
    monthly_wage = models.DecimalField(
        verbose_name=_("monthly wage (yuan)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    wage_due_day = models.PositiveSmallIntegerField(
        verbose_name=_("wage due day"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Day of the following month by which the wage must be paid."),
    )
    is_active = models.BooleanField(verbose_name=_("in service"), default=True)
    is_simulated = models.BooleanField(default=False, editable=False)

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.VILLAGE,)

    class Meta(LedgerModel.Meta):
        verbose_name = _("cleaner")
        verbose_name_plural = _("cleaners")
        constraints = _unique_code("cleaner")
        indexes = scope_indexes("clcleaner")

    def __str__(self) -> str:
        return self.code  # the name is personal data: lists mask it, the detail shows it


class WagePayment(LedgerModel):
    """One month's wage of a cleaner: when it was due and when it was paid.

    Rule: paid on time when ``paid_on`` ≤ ``due_on`` (the due day itself is on time); late when
    paid after it, or still unpaid once the due day has passed; a payment not yet due is not
    counted. One row per cleaner and month, in the cleaner's village.
    """

    cleaner = models.ForeignKey(
        Cleaner, verbose_name=_("cleaner"), on_delete=models.PROTECT, related_name="payments"
    )
    month = models.DateField(verbose_name=_("month"), help_text=_("The first day of the month."))
    amount = models.DecimalField(
        verbose_name=_("amount (yuan)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    due_on = models.DateField(verbose_name=_("due on"))
    paid_on = models.DateField(
        verbose_name=_("paid on"), null=True, blank=True, validators=[not_in_future]
    )
    is_simulated = models.BooleanField(default=False, editable=False)

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.VILLAGE,)

    class Meta(LedgerModel.Meta):
        verbose_name = _("wage payment")
        verbose_name_plural = _("wage payments")
        constraints = [
            *_unique_code("wagepayment"),
            models.UniqueConstraint(
                fields=["cleaner", "month"],
                name="clwagepayment_once_a_month",
                violation_error_message=_("This cleaner's wage for the month is recorded."),
            ),
        ]
        indexes = [
            *scope_indexes("clwagepayment"),
            models.Index(fields=["due_on"], name="clwage_due"),
        ]

    @property
    def on_time(self) -> bool | None:
        """True paid on time, False late (paid late or overdue), None not yet due."""
        if self.paid_on is not None:
            return self.paid_on <= self.due_on
        return False if self.due_on < timezone.localdate() else None


class Inspection(LedgerModel):
    """A cleanliness inspection of a village, scored on the village's score sheet.

    Rule: recorded on the inspection page only; the score is 100 minus the points of its
    findings (never below 0); the company whose contract covers the village that day is
    credited with it; open findings of the village are re-checked on the next visit.
    """

    inspected_on = models.DateField(verbose_name=_("inspected on"), validators=[not_in_future])
    inspector = models.ForeignKey(
        "accounts.User",
        verbose_name=_("inspector"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    inspector_name = models.CharField(verbose_name=_("inspector"), max_length=50)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.SET_NULL,
        related_name="inspections",
        null=True,
        blank=True,
    )
    company = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("cleaning company"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    score = models.DecimalField(
        verbose_name=_("score"), max_digits=5, decimal_places=1, default=FULL_SCORE
    )
    finding_count = models.PositiveSmallIntegerField(verbose_name=_("findings"), default=0)
    rechecked_count = models.PositiveSmallIntegerField(
        verbose_name=_("findings re-checked"), default=0
    )
    note = models.CharField(verbose_name=_("note"), max_length=300, blank=True)
    is_simulated = models.BooleanField(default=False, editable=False)

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.VILLAGE,)

    class Meta(LedgerModel.Meta):
        verbose_name = _("cleanliness inspection")
        verbose_name_plural = _("cleanliness inspections")
        constraints = _unique_code("inspection")
        indexes = [
            *scope_indexes("clinspection"),
            models.Index(fields=["inspected_on"], name="clinspection_day"),
        ]


def finding_photo_path(instance: Any, filename: str) -> str:
    return f"cleaning/findings/{timezone.localdate():%Y/%m}/{filename}"


class Finding(LedgerModel):
    """A problem found by an inspection (a heap, a disorder, a weak spot, garbage moved out...).

    Rule: each finding deducts its item's points and opens one cleaning case routed to the
    village with a deadline; a later inspection re-checks it: rectified closes the finding and
    its case, not rectified keeps both open (a resolved case is reopened).
    """

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.PROTECT, related_name="findings"
    )
    item = models.ForeignKey(
        ScoreItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="findings"
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=ItemKind.choices)
    points = models.DecimalField(verbose_name=_("points deducted"), max_digits=5, decimal_places=1)
    description = models.CharField(verbose_name=_("description"), max_length=300, blank=True)
    photo = models.FileField(
        verbose_name=_("photo"),
        upload_to=finding_photo_path,
        blank=True,
        default="",
        editable=False,
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    deadline = models.DateTimeField(verbose_name=_("deadline"), null=True, blank=True)
    status = models.CharField(
        verbose_name=_("status"),
        max_length=12,
        choices=FindingStatus.choices,
        default=FindingStatus.OPEN,
    )
    recheck_count = models.PositiveSmallIntegerField(verbose_name=_("re-checks"), default=0)
    rechecked_in = models.ForeignKey(
        Inspection,
        verbose_name=_("rectified at re-check"),
        on_delete=models.SET_NULL,
        related_name="rectified_findings",
        null=True,
        blank=True,
        editable=False,
    )
    rectified_on = models.DateField(
        verbose_name=_("rectified on"), null=True, blank=True, validators=[not_in_future]
    )
    is_simulated = models.BooleanField(default=False, editable=False)

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.VILLAGE,)

    class Meta(LedgerModel.Meta):
        verbose_name = _("cleaning finding")
        verbose_name_plural = _("cleaning findings")
        constraints = _unique_code("finding")
        indexes = scope_indexes("clfinding")

    def __str__(self) -> str:
        return f"{self.code} {self.item}"
