"""Black-odorous water bodies (S12): the ledger, monitoring samples, public surveys, threshold
sets, remediation measures."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from renju.core.models import LedgerModel
from renju.core.models.base import scope_indexes
from renju.core.validators import not_in_future
from renju.regions.choices import Level

from .choices import BodyKind, BodyState, Comparison, Grade, Measure, Parameter, SetKind


class ThresholdSet(models.Model):
    """A set of limits that classifies samples as black-odorous (and, if graded, how badly).

    Rule: kept by the city with its source; a sample is classified by the set its water body
    names, else by the default set (exactly one set is the default); the set's rules are
    :class:`ThresholdRule` rows. ``survey_share`` is the share of respondents judging a body
    black-odorous at or above which the public survey counts as "black-odorous";
    ``point_share`` the share of a body's monitoring points graded heavy at or above which the
    whole body is heavy (below it the body is light), empty for "the worst point decides".
    """

    key = models.SlugField(verbose_name=_("key"), max_length=32, unique=True)
    name = models.CharField(verbose_name=_("name"), max_length=100)
    kind = models.CharField(verbose_name=_("kind"), max_length=8, choices=SetKind.choices)
    source = models.CharField(verbose_name=_("source"), max_length=300)
    survey_share = models.DecimalField(
        verbose_name=_("survey share threshold (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    survey_source = models.CharField(verbose_name=_("survey threshold source"), max_length=300)
    point_share = models.DecimalField(
        verbose_name=_("share of points for a heavy body (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "A body is heavily black-odorous only when at least this share of its monitoring "
            "points is; otherwise lightly. Empty: the worst point decides."
        ),
    )
    point_share_source = models.CharField(
        verbose_name=_("point share source"), max_length=300, blank=True
    )
    is_default = models.BooleanField(verbose_name=_("default set"), default=False)

    class Meta:
        verbose_name = _("threshold set")
        verbose_name_plural = _("threshold sets")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="water_thresholdset_one_default",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ThresholdRule(models.Model):
    """One limit of a threshold set: ``parameter`` below (or above) ``limit`` gives ``grade``.

    Rule: both comparisons are strict (a value equal to the limit does not trigger the rule);
    where ``shallow_depth_cm`` is set and the sample's water depth is below it, the limit is
    the depth × ``shallow_fraction`` instead (transparency in shallow water). Several rules of
    a parameter may apply; the worst grade wins.
    """

    threshold_set = models.ForeignKey(
        ThresholdSet,
        verbose_name=_("threshold set"),
        on_delete=models.CASCADE,
        related_name="rules",
    )
    parameter = models.CharField(
        verbose_name=_("parameter"), max_length=16, choices=Parameter.choices
    )
    comparison = models.CharField(
        verbose_name=_("comparison"), max_length=2, choices=Comparison.choices
    )
    limit = models.DecimalField(verbose_name=_("limit"), max_digits=8, decimal_places=2)
    grade = models.CharField(verbose_name=_("grade"), max_length=16, choices=Grade.choices)
    shallow_depth_cm = models.DecimalField(
        verbose_name=_("shallow below depth (cm)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
    )
    shallow_fraction = models.DecimalField(
        verbose_name=_("fraction of depth in shallow water"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
    )
    source = models.CharField(verbose_name=_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("threshold rule")
        verbose_name_plural = _("threshold rules")
        ordering = ["threshold_set", "parameter", "pk"]

    def __str__(self) -> str:
        return f"{self.get_parameter_display()} {self.comparison} {self.limit}: {self.grade}"

    def effective_limit(self, depth_cm: Decimal | None) -> Decimal:
        """The limit for a sample of water ``depth_cm`` deep (the shallow-water rule)."""
        if (
            self.shallow_depth_cm is not None
            and self.shallow_fraction is not None
            and depth_cm is not None
            and depth_cm < self.shallow_depth_cm
        ):
            return depth_cm * self.shallow_fraction
        return self.limit

    def triggered(self, value: Decimal | None, depth_cm: Decimal | None) -> bool:
        if value is None:
            return False
        limit = self.effective_limit(depth_cm)
        return value < limit if self.comparison == Comparison.BELOW else value > limit


class WaterBody(LedgerModel):
    """A rural water body on the black-odorous list: a river section, a ditch or a pond.

    Rule: ``code`` is unique city-wide; the body sits in the village (or town, for one that
    crosses villages) answerable for it; ``state`` changes only through the actions of
    ``water.workflow`` (each audited) and never through the ledger's forms or import;
    ``grade`` is the classification of its latest sampling day, kept by the samples.
    """

    code = models.CharField(
        verbose_name=_("water body code"),
        max_length=32,
        help_text=_("For example HC-371502001201-01."),
    )
    name = models.CharField(verbose_name=_("name"), max_length=100)
    kind = models.CharField(verbose_name=_("kind"), max_length=8, choices=BodyKind.choices)
    location = models.CharField(verbose_name=_("location"), max_length=200, blank=True)
    length_m = models.DecimalField(
        verbose_name=_("length (m)"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    area_m2 = models.DecimalField(
        verbose_name=_("area (m²)"),
        max_digits=11,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    villages_around = models.CharField(
        verbose_name=_("villages around"), max_length=300, blank=True
    )
    suspected_sources = models.CharField(
        verbose_name=_("suspected sources"), max_length=300, blank=True
    )
    threshold_set = models.ForeignKey(
        ThresholdSet,
        verbose_name=_("threshold set"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty: the city's default set."),
    )
    identified_on = models.DateField(
        verbose_name=_("identified on"), null=True, blank=True, validators=[not_in_future]
    )
    batch = models.CharField(
        verbose_name=_("remediation batch"), max_length=50, blank=True, default="", editable=False
    )
    state = models.CharField(
        verbose_name=_("state"),
        max_length=16,
        choices=BodyState.choices,
        default=BodyState.IDENTIFIED,
        editable=False,
    )
    state_since = models.DateField(verbose_name=_("state since"), null=True, editable=False)
    grade = models.CharField(
        verbose_name=_("classification"),
        max_length=16,
        choices=Grade.choices,
        blank=True,
        default="",
        editable=False,
    )
    graded_on = models.DateField(verbose_name=_("classified on"), null=True, editable=False)
    relapse_count = models.PositiveSmallIntegerField(
        verbose_name=_("relapses"), default=0, editable=False
    )
    remediated_on = models.DateField(verbose_name=_("remediated on"), null=True, editable=False)
    remediated_at = models.DateTimeField(null=True, editable=False)
    is_simulated = models.BooleanField(verbose_name=_("simulated"), default=False, editable=False)

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.TOWN, Level.VILLAGE, Level.HAMLET)

    class Meta(LedgerModel.Meta):
        verbose_name = _("black-odorous water body")
        verbose_name_plural = _("black-odorous water bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="waterbody_code_unique",
                violation_error_message=_("A water body with this code already exists."),
            )
        ]
        indexes = [
            *scope_indexes("waterbody"),
            models.Index(fields=["county", "state"], name="waterbody_county_state"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class WaterSample(LedgerModel):
    """One monitoring sample of a water body at one point on one day.

    Rule: sits in its water body's region; ``grade`` is computed from the threshold set of the
    body when the sample is written (never typed); a black-odorous sample of a body that was
    remediated, under observation or accepted makes it relapse (返黑返臭).
    """

    code = models.CharField(verbose_name=_("sample code"), max_length=32)
    water_body = models.ForeignKey(
        WaterBody, verbose_name=_("water body"), on_delete=models.CASCADE, related_name="samples"
    )
    sampled_on = models.DateField(verbose_name=_("sampling date"), validators=[not_in_future])
    point = models.CharField(verbose_name=_("sampling point"), max_length=50)
    transparency_cm = models.DecimalField(
        verbose_name=_("transparency (cm)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
    )
    depth_cm = models.DecimalField(
        verbose_name=_("water depth (cm)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(5000)],
    )
    do_mg_l = models.DecimalField(
        verbose_name=_("dissolved oxygen (mg/L)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
    )
    nh3n_mg_l = models.DecimalField(
        verbose_name=_("ammonia nitrogen (mg/L)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(500)],
    )
    orp_mv = models.DecimalField(
        verbose_name=_("oxidation-reduction potential (mV)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(-1000), MaxValueValidator(1000)],
    )
    sampled_by = models.CharField(verbose_name=_("sampled by"), max_length=100, blank=True)
    grade = models.CharField(
        verbose_name=_("classification"),
        max_length=16,
        choices=Grade.choices,
        blank=True,
        default="",
        editable=False,
    )
    reasons = models.JSONField(verbose_name=_("reasons"), default=list, blank=True, editable=False)
    is_simulated = models.BooleanField(verbose_name=_("simulated"), default=False, editable=False)

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.TOWN, Level.VILLAGE, Level.HAMLET)

    class Meta(LedgerModel.Meta):
        verbose_name = _("water sample")
        verbose_name_plural = _("water samples")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="watersample_code_unique",
                violation_error_message=_("A sample with this code already exists."),
            )
        ]
        indexes = [
            *scope_indexes("watersample"),
            models.Index(fields=["water_body", "sampled_on"], name="watersample_body_day"),
        ]


class PublicSurvey(LedgerModel):
    """A public survey about a water body: how many were asked, how many judged it black-odorous.

    Rule: sits in its water body's region; ``judged_black_odorous`` ≤ ``respondents``; entered
    on the body's page (``water.workflow``) or through the ledger (form, import, API), each
    write audited; the share is compared with the threshold set's ``survey_share`` (at or above).
    """

    code = models.CharField(verbose_name=_("survey code"), max_length=32)
    water_body = models.ForeignKey(
        WaterBody, verbose_name=_("water body"), on_delete=models.CASCADE, related_name="surveys"
    )
    surveyed_on = models.DateField(verbose_name=_("survey date"), validators=[not_in_future])
    respondents = models.PositiveIntegerField(
        verbose_name=_("respondents"),
        validators=[MinValueValidator(1), MaxValueValidator(1_000_000)],
    )
    judged_black_odorous = models.PositiveIntegerField(
        verbose_name=_("judged black-odorous"), validators=[MaxValueValidator(1_000_000)]
    )
    note = models.CharField(verbose_name=_("note"), max_length=300, blank=True)

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.TOWN, Level.VILLAGE, Level.HAMLET)

    class Meta(LedgerModel.Meta):
        verbose_name = _("public survey")
        verbose_name_plural = _("public surveys")
        ordering = ["-surveyed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(judged_black_odorous__lte=models.F("respondents")),
                name="publicsurvey_judged_lte_respondents",
                violation_error_message=_(
                    "Those judging it black-odorous cannot outnumber the respondents."
                ),
            ),
            models.UniqueConstraint(
                fields=["code"],
                name="publicsurvey_code_unique",
                violation_error_message=_("A survey with this code already exists."),
            ),
        ]
        indexes = scope_indexes("publicsurvey")

    def __str__(self) -> str:
        return f"{self.code} {self.water_body.code} {self.surveyed_on}"

    @property
    def share(self) -> Decimal:
        """Share of respondents judging the body black-odorous, in percent."""
        return Decimal(self.judged_black_odorous * 100) / Decimal(self.respondents)


class RemediationMeasure(models.Model):
    """One remediation measure of a water body, carried out by a project of the project library.

    Rule: every measure names its project (a ``plans.Project`` in the user's scope); added
    through ``water.workflow`` (audited); a body enters remediation only with at least one.
    """

    water_body = models.ForeignKey(
        WaterBody, verbose_name=_("water body"), on_delete=models.CASCADE, related_name="measures"
    )
    measure = models.CharField(verbose_name=_("measure"), max_length=24, choices=Measure.choices)
    project = models.ForeignKey(
        "plans.Project", verbose_name=_("project"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(verbose_name=_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("remediation measure")
        verbose_name_plural = _("remediation measures")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.water_body.code} {self.get_measure_display()}"
