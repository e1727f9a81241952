"""Toilet ledgers: household, public and village-clinic toilets; pump-outs; retrofits."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renju.core.models import LedgerModel
from renju.core.models.base import scope_indexes
from renju.core.validators import not_in_future, year_not_in_future

from .choices import Condition, SludgeDestination, ToiletType

# Toilet codes: 10 characters of Crockford's base-32 alphabet (no I, L, O, U): 50 random bits,
# so a code cannot be guessed from another (one in 10^15) and is easy to read off a label.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TOILET_CODE_LENGTH = 10


def new_toilet_code() -> str:
    """Ten base-32 digits of one 50-bit random number (5 bits a character)."""
    number = secrets.randbits(5 * TOILET_CODE_LENGTH)
    return "".join(
        CODE_ALPHABET[(number >> (5 * i)) & 31] for i in range(TOILET_CODE_LENGTH - 1, -1, -1)
    )


class CodedToilet(LedgerModel):
    """A toilet with a QR code. Rule: ``qr_code`` is random, unique and never reused."""

    qr_code = models.CharField(
        verbose_name=_("toilet code"),
        max_length=16,
        unique=True,
        default=new_toilet_code,
        editable=False,
    )
    toilet_type = models.CharField(
        verbose_name=_("toilet type"), max_length=24, choices=ToiletType.choices
    )
    condition = models.CharField(
        verbose_name=_("condition"),
        max_length=16,
        choices=Condition.choices,
        default=Condition.USABLE,
    )
    year_built = models.PositiveSmallIntegerField(
        verbose_name=_("year built"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1980), year_not_in_future],
    )
    is_simulated = models.BooleanField(default=False, editable=False)

    class Meta(LedgerModel.Meta):
        abstract = True


class HouseholdToilet(CodedToilet):
    """A household's toilet (户厕).

    Rule: belongs to one household of the same village; its ledger code is the household code
    plus two digits; ``last_pumpout`` is kept by pump-out records, never typed.
    """

    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="toilets",
    )
    tank_volume = models.DecimalField(
        verbose_name=_("tank volume (m³)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    problem_cause = models.CharField(verbose_name=_("problem cause"), max_length=200, blank=True)
    retrofit_project = models.CharField(
        verbose_name=_("retrofit project"), max_length=100, blank=True
    )
    subsidy = models.DecimalField(
        verbose_name=_("subsidy (yuan)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    last_pumpout = models.DateField(
        verbose_name=_("last pump-out"), null=True, blank=True, editable=False
    )

    class Meta(LedgerModel.Meta):
        verbose_name = _("household toilet")
        verbose_name_plural = _("household toilets")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="householdtoilet_code_unique",
                violation_error_message=_("A toilet with this code already exists."),
            )
        ]
        indexes = scope_indexes("householdtoilet")

    def __str__(self) -> str:
        return self.code


class PublicToilet(CodedToilet):
    """A village public toilet (公厕). Rule: checked against its daily maintenance standard."""

    name = models.CharField(verbose_name=_("name"), max_length=100)
    maintenance_standard = models.TextField(
        verbose_name=_("daily maintenance standard"), blank=True
    )
    cleanings_per_day = models.PositiveSmallIntegerField(
        verbose_name=_("cleanings per day"), default=2, validators=[MaxValueValidator(24)]
    )
    caretaker = models.CharField(verbose_name=_("caretaker"), max_length=50, blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = _("public toilet")
        verbose_name_plural = _("public toilets")
        constraints = [models.UniqueConstraint(fields=["code"], name="publictoilet_code_unique")]
        indexes = scope_indexes("publictoilet")

    def __str__(self) -> str:
        return self.name


class ClinicToilet(CodedToilet):
    """The toilet of a village clinic (卫生室). Rule: one per clinic, in the clinic's village."""

    clinic_name = models.CharField(verbose_name=_("clinic"), max_length=100)

    class Meta(LedgerModel.Meta):
        verbose_name = _("clinic toilet")
        verbose_name_plural = _("clinic toilets")
        constraints = [models.UniqueConstraint(fields=["code"], name="clinictoilet_code_unique")]
        indexes = scope_indexes("clinictoilet")

    def __str__(self) -> str:
        return self.clinic_name


class PublicToiletCheck(models.Model):
    """One check of a public toilet against its standard. Rule: failed checks open a case."""

    toilet = models.ForeignKey("PublicToilet", on_delete=models.CASCADE, related_name="checks")
    checked_on = models.DateField(verbose_name=_("date"), validators=[not_in_future])
    checked_by = models.CharField(verbose_name=_("checked by"), max_length=50)
    passed = models.BooleanField(verbose_name=_("passed"))
    notes = models.CharField(verbose_name=_("notes"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("public toilet check")
        verbose_name_plural = _("public toilet checks")
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.toilet} {self.checked_on}"


class PumpOut(models.Model):
    """One pump-out of a household toilet: how much, by whom, where the sludge went.

    Rule: recorded when a pump-out case is resolved; it sets the toilet's ``last_pumpout``; sludge
    goes to a treatment site or is reused by a cooperative or family farm (资源化利用).
    """

    toilet = models.ForeignKey("HouseholdToilet", on_delete=models.PROTECT, related_name="pumpouts")
    case = models.OneToOneField(
        "cases.Case", on_delete=models.SET_NULL, related_name="pumpout", null=True, blank=True
    )
    company = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="pumpouts"
    )
    pumped_on = models.DateField(verbose_name=_("date"), validators=[not_in_future])
    volume = models.DecimalField(
        verbose_name=_("volume (m³)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )
    destination = models.CharField(
        verbose_name=_("sludge went to"), max_length=16, choices=SludgeDestination.choices
    )
    destination_org = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        related_name="sludge_received",
        null=True,
        blank=True,
    )
    destination_site = models.CharField(verbose_name=_("site"), max_length=100, blank=True)
    household_fee = models.DecimalField(
        verbose_name=_("household fee (yuan)"), max_digits=8, decimal_places=2, default=0
    )
    subsidy = models.DecimalField(
        verbose_name=_("subsidy (yuan)"), max_digits=8, decimal_places=2, default=0
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pump-out")
        verbose_name_plural = _("pump-outs")
        ordering = ["-pumped_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.toilet} {self.pumped_on} {self.volume} m³"


class RetrofitApplication(models.Model):
    """A household's request for a new sanitary toilet (愿改尽改), and its subsidy (群众改、政府补).

    Rule: steps in order — applied, approved, built, accepted (quality-checked), paid; each step's
    date is set once by the action that takes it.
    """

    class Status(models.TextChoices):
        APPLIED = "applied", pgettext_lazy("retrofit", "applied")
        APPROVED = "approved", pgettext_lazy("retrofit", "approved")
        BUILT = "built", pgettext_lazy("retrofit", "built")
        ACCEPTED = "accepted", pgettext_lazy("retrofit", "accepted")
        PAID = "paid", pgettext_lazy("retrofit", "paid")
        REFUSED = "refused", pgettext_lazy("retrofit", "refused")

    household = models.ForeignKey(
        "households.Household", on_delete=models.PROTECT, related_name="retrofits"
    )
    toilet_type = models.CharField(
        verbose_name=_("toilet type"), max_length=24, choices=ToiletType.choices
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=12, choices=Status.choices, default=Status.APPLIED
    )
    applied_on = models.DateField(
        verbose_name=pgettext_lazy("retrofit", "applied"), validators=[not_in_future]
    )
    approved_on = models.DateField(
        verbose_name=pgettext_lazy("retrofit", "approved"),
        null=True,
        blank=True,
        validators=[not_in_future],
    )
    built_on = models.DateField(
        verbose_name=pgettext_lazy("retrofit", "built"),
        null=True,
        blank=True,
        validators=[not_in_future],
    )
    accepted_on = models.DateField(
        verbose_name=pgettext_lazy("retrofit", "accepted"),
        null=True,
        blank=True,
        validators=[not_in_future],
    )
    paid_on = models.DateField(
        verbose_name=pgettext_lazy("retrofit", "paid"), null=True, blank=True
    )
    subsidy = models.DecimalField(
        verbose_name=_("subsidy (yuan)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(verbose_name=_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("retrofit application")
        verbose_name_plural = _("retrofit applications")
        ordering = ["-applied_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.household} {self.get_status_display()}"


def _report_token() -> str:
    return secrets.token_urlsafe(18)


def report_photo_path(instance: ToiletReport, filename: str) -> str:
    """Beside the cases' photos: the case's photo row points at the same file once routed."""
    from renju.cases.models import photo_path

    return photo_path(None, filename)  # type: ignore[arg-type]


class ToiletReport(models.Model):
    """A villager's report by a toilet's code, as received: the durable intake row.

    Rule: written once, in the request and before the answer (an acknowledged report is never
    lost); one row per submission (the token is derived from the submission's ``key`` and is
    unique: a double tap or a retry finds its row and gets the same token); routed afterwards
    (``intake.drain``) to a new case or to the toilet's active case of that kind, which sets
    ``case``, ``outcome`` and ``routed_at`` once. ``token`` is this reporter's own key to the
    status page: every reporter follows the case; only the token of the report that opened the
    case (the case's ``reporter_token``) confirms, rates or reopens.
    """

    class Outcome(models.TextChoices):
        CREATED = "created", _("opened the case")
        ATTACHED = "attached", _("added to the open case")

    token = models.CharField(max_length=32, default=_report_token, unique=True, editable=False)
    # Not indexed: the token is derived from it (``intake.report_token``) and unique.
    key = models.CharField(max_length=64, editable=False)
    toilet_type = models.CharField(verbose_name=_("toilet type"), max_length=64)
    toilet_id = models.BigIntegerField(verbose_name=_("toilet"))
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    category = models.CharField(verbose_name=_("category"), max_length=48)
    description = models.TextField(verbose_name=_("description"), blank=True)
    phone = models.CharField(verbose_name=_("reporter phone"), max_length=20, blank=True)
    photo = models.ImageField(upload_to=report_photo_path, blank=True)
    received_at = models.DateTimeField(verbose_name=_("received"), default=timezone.now)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,  # indexed once routed only: see Meta
    )
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    routed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("villager's report")
        verbose_name_plural = _("villagers' reports")
        ordering = ["pk"]
        indexes = [
            # The drain's queue: only the rows still waiting are in this index.
            models.Index(
                fields=["id"], condition=models.Q(routed_at__isnull=True), name="toiletreport_wait"
            ),
            # A report's case is set when it is routed: the intake's INSERT writes no entry here
            # (one index page less per report under a burst).
            models.Index(
                fields=["case"], condition=models.Q(case__isnull=False), name="toiletreport_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.toilet_type}#{self.toilet_id}"

    @property
    def is_routed(self) -> bool:
        return self.case_id is not None
