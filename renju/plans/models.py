"""County plans (一县一策, S1), the project library and its funds (S2, S17), and the
departments' responsibility matrix (S18)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renju.accounts.choices import Department
from renju.core.models import LedgerModel
from renju.core.models.base import scope_indexes
from renju.core.scoping import VIEW, RestrictedQuerySet, scope_regions
from renju.core.validators import not_in_future
from renju.regions.choices import Level

from .choices import (
    FundingSource,
    InnovationKind,
    PlanStatus,
    ProjectDomain,
    ProjectStatus,
    ResponsibilityRole,
)
from .fields import DepartmentListField, IndicatorKeyField, department_labels, indicator_name

YEARS = [MinValueValidator(2000), MaxValueValidator(2100)]


class PlanQuerySet(RestrictedQuerySet["CountyPlan"]):
    """County plans are seen by everyone whose grant covers the county, or lies inside it (a
    town sees its county's plan); they are written only from the county level or above."""

    def restrict(self, user: Any, action: str = VIEW) -> PlanQuerySet:
        from renju.accounts.scope import is_company_user

        regions = scope_regions(user, action)
        if regions is None:
            return self
        if is_company_user(user):  # the county's plan is the government's, not a company's
            return self.none()
        q = Q(pk__in=[])
        for region in regions:
            if region.level <= Level.COUNTY:
                q |= region.scope_filter()
            elif action == VIEW and region.county_id:
                q |= Q(county_id=region.county_id)
        return self.filter(q)


class CountyPlan(models.Model):
    """A county's remediation plan (一县一策) for a period of years.

    Rule: the county drafts it (baseline taken from the indicator engine when it is created,
    staged targets, each town's key points) and submits it; the city approves it or returns it.
    Only drafts and returned plans can be changed; approving writes the plan's targets as the
    county's indicator targets, so the dashboards judge the county against its own plan.
    """

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Level.COUNTY},
    )
    city = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    county = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    title = models.CharField(verbose_name=_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(verbose_name=_("first year"), validators=YEARS)
    end_year = models.PositiveSmallIntegerField(verbose_name=_("last year"), validators=YEARS)
    status = models.CharField(
        verbose_name=_("status"),
        max_length=12,
        choices=PlanStatus.choices,
        default=PlanStatus.DRAFT,
    )
    measures = models.TextField(
        verbose_name=_("measures"),
        blank=True,
        help_text=_("The county's main measures, in a few paragraphs."),
    )
    document = models.FileField(
        verbose_name=_("plan document"),
        upload_to="plans/documents/%Y/",
        blank=True,
        help_text=_("The plan as issued (PDF or DOCX)."),
    )
    baseline = models.JSONField(verbose_name=_("baseline"), default=dict, blank=True)
    baseline_date = models.DateField(verbose_name=_("baseline date"), null=True, blank=True)
    review_note = models.CharField(verbose_name=_("review note"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(verbose_name=_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(verbose_name=_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_simulated = models.BooleanField(verbose_name=_("simulated"), default=False, editable=False)
    created_at = models.DateTimeField(verbose_name=_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated"), auto_now=True)

    objects = PlanQuerySet.as_manager()

    EDITABLE: ClassVar[frozenset[str]] = frozenset({PlanStatus.DRAFT, PlanStatus.RETURNED})

    class Meta:
        verbose_name = _("county plan")
        verbose_name_plural = _("county plans")
        ordering = ["region__code", "-start_year", "-pk"]
        indexes = [
            models.Index(fields=["county", "status"], name="countyplan_county_status"),
            models.Index(fields=["city", "status"], name="countyplan_city_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="countyplan_years_ordered",
                violation_error_message=_("The last year cannot come before the first year."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def source_label(self) -> str:
        """How a target written from this plan cites it."""
        return f"{self.region.name}一县一策 {self.title}"[:200]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.city_id = self.region.city_id
        self.county_id = self.region.county_id or self.region_id
        super().save(*args, **kwargs)


class PlanTarget(models.Model):
    """One staged target of a county plan: an indicator's value to reach by a year.

    Rule: at most one value per indicator and year in a plan; the value is in the indicator's
    unit (percent for rates); on approval it becomes the county's target for that year.
    """

    plan = models.ForeignKey(
        CountyPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets"
    )
    indicator = IndicatorKeyField(verbose_name=_("indicator"), max_length=48)
    year = models.PositiveSmallIntegerField(verbose_name=_("year"), validators=YEARS)
    value = models.FloatField(verbose_name=_("target value"), validators=[MinValueValidator(0)])
    note = models.CharField(verbose_name=_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator", "year"],
                name="plantarget_unique",
                violation_error_message=_("This indicator already has a target for that year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value:g}"

    @property
    def indicator_name(self) -> str:
        return indicator_name(self.indicator)


class TownKeyPoint(models.Model):
    """The key points of one town in its county's plan.

    Rule: one entry per town and plan; the town lies in the plan's county.
    """

    plan = models.ForeignKey(
        CountyPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="key_points"
    )
    town = models.ForeignKey(
        "regions.Region",
        verbose_name=_("town"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Level.TOWN},
    )
    text = models.TextField(verbose_name=_("key points"))

    class Meta:
        verbose_name = _("town key points")
        verbose_name_plural = _("town key points")
        ordering = ["town__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "town"],
                name="townkeypoint_unique",
                violation_error_message=_("This town already has key points in the plan."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.town}: {self.text[:40]}"


class Project(LedgerModel):
    """A project of the project library (项目化推进): what is built or run, where, by whom, for
    how much, how far it has come.

    Rule: ``code`` is unique city-wide; a project sits in the county, town or village that runs
    it (the villages it covers are listed separately); one lead department, any number of
    cooperating ones; progress is a percentage (0–100) and a completed project is at 100%;
    the end date does not come before the start date.
    """

    code = models.CharField(
        verbose_name=_("project code"),
        max_length=32,
        help_text=_("For example XM-371502-2025-001."),
    )
    name = models.CharField(verbose_name=_("project name"), max_length=200)
    domain = models.CharField(
        verbose_name=_("domain"), max_length=16, choices=ProjectDomain.choices
    )
    lead_department = models.CharField(
        verbose_name=_("lead department"), max_length=24, choices=Department.choices
    )
    cooperating_departments = DepartmentListField(
        verbose_name=_("cooperating departments"),
        max_length=200,
        blank=True,
        help_text=_("Several departments, separated by commas."),
    )
    budget = models.PositiveBigIntegerField(
        verbose_name=_("budget (yuan)"), validators=[MaxValueValidator(10**12)]
    )
    status = models.CharField(
        verbose_name=_("project status"),
        max_length=12,
        choices=ProjectStatus.choices,
        default=ProjectStatus.PLANNED,
    )
    start_date = models.DateField(verbose_name=_("start date"), null=True, blank=True)
    end_date = models.DateField(verbose_name=_("end date"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(
        verbose_name=_("progress (percent)"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    weak_indicator = IndicatorKeyField(
        verbose_name=_("weak-link indicator"),
        max_length=48,
        blank=True,
        help_text=_("The indicator whose weak link the project addresses."),
    )
    weak_link = models.CharField(verbose_name=_("weak link"), max_length=300, blank=True)
    innovation_kind = models.CharField(
        verbose_name=_("innovative model"),
        max_length=16,
        choices=InnovationKind.choices,
        blank=True,
        default="",
    )
    innovation_note = models.CharField(
        verbose_name=_("innovative model note"), max_length=300, blank=True
    )
    participation_note = models.CharField(
        verbose_name=_("social participation"), max_length=300, blank=True
    )
    villages = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("villages covered"),
        related_name="+",
        blank=True,
        limit_choices_to={"level": Level.VILLAGE},
    )
    is_simulated = models.BooleanField(verbose_name=_("simulated"), default=False, editable=False)

    allowed_levels: ClassVar[tuple[int, ...]] = (Level.COUNTY, Level.TOWN, Level.VILLAGE)

    class Meta(LedgerModel.Meta):
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="project_code_unique",
                violation_error_message=_("A project with this code already exists."),
            )
        ]
        indexes = scope_indexes("project")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_cooperating_departments_display(self) -> str:
        return department_labels(self.cooperating_departments)

    def get_weak_indicator_display(self) -> str:
        return indicator_name(self.weak_indicator) if self.weak_indicator else ""


class Funding(models.Model):
    """Money for a project from one channel in one year (S17).

    Rule: amounts are whole yuan; a project may have several rows per source (by year); the
    funds of a project are the sum of its rows, compared with, not forced to equal, its budget.
    """

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="fundings"
    )
    source = models.CharField(
        verbose_name=_("funding source"), max_length=12, choices=FundingSource.choices
    )
    amount = models.PositiveBigIntegerField(
        verbose_name=_("amount (yuan)"), validators=[MaxValueValidator(10**12)]
    )
    year = models.PositiveSmallIntegerField(verbose_name=_("year"), validators=YEARS)
    note = models.CharField(verbose_name=_("note"), max_length=200, blank=True)
    is_simulated = models.BooleanField(verbose_name=_("simulated"), default=False, editable=False)

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        ordering = ["year", "source", "pk"]
        indexes = [models.Index(fields=["source", "year"], name="funding_source_year")]

    def __str__(self) -> str:
        # Led by the project's code: the project's history finds its rows' events by it.
        return f"{self.project.code} · {self.get_source_display()} {self.year}: {self.amount}"


class Milestone(models.Model):
    """A step of a project with its due date, and when it was done.

    Rule: a milestone is done when it has a done date; it is late when it is not done and its
    due date has passed.
    """

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    name = models.CharField(verbose_name=_("milestone"), max_length=200)
    due_date = models.DateField(verbose_name=_("due date"))
    done_date = models.DateField(
        verbose_name=_("done date"), null=True, blank=True, validators=[not_in_future]
    )
    photo = models.ImageField(verbose_name=_("photo"), upload_to="plans/milestones/%Y/", blank=True)
    is_simulated = models.BooleanField(verbose_name=_("simulated"), default=False, editable=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.name}"

    def is_late(self, today: Any) -> bool:
        return self.done_date is None and self.due_date < today


class Responsibility(models.Model):
    """Which department leads or cooperates on an indicator (the responsibility matrix, S18).

    Rule: one role per indicator and department; an indicator has at most one lead department.
    """

    indicator = IndicatorKeyField(verbose_name=_("indicator"), max_length=48)
    department = models.CharField(
        verbose_name=_("department"), max_length=24, choices=Department.choices
    )
    role = models.CharField(
        verbose_name=_("responsibility"), max_length=12, choices=ResponsibilityRole.choices
    )

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["indicator", "department"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "department"],
                name="responsibility_unique",
                violation_error_message=_("This department already has a role for it."),
            ),
            models.UniqueConstraint(
                fields=["indicator"],
                condition=Q(role="lead"),
                name="responsibility_one_lead",
                violation_error_message=_("This indicator already has a lead department."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.department} {self.role}"
