"""Cases: every problem from report to confirmed fix, with its timeline."""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renju.core.models import LedgerModel
from renju.core.models.base import LedgerQuerySet, scope_indexes

from .choices import OPEN_STATES, STATE_COLOURS, EventKind, Source, State


def _token() -> str:
    return secrets.token_urlsafe(18)


class CaseQuerySet(LedgerQuerySet):
    def restrict(self, user: Any, action: str = "view") -> Any:
        """Government users see cases in their regions; a company sees the work given to it."""
        from renju.accounts.choices import ROLE_ACTIONS, SERVICE_AREA_KINDS
        from renju.accounts.scope import grants_of

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        org = user.organisation
        if org is not None and org.kind in SERVICE_AREA_KINDS:
            roles = {g.role for g in grants_of(user)}
            if not any(action in ROLE_ACTIONS.get(r, frozenset()) for r in roles):
                return self.none()
            return self.filter(assigned_org=org)
        return super().restrict(user, action)

    def active(self) -> CaseQuerySet:
        return self.filter(state__in=OPEN_STATES)

    def overdue(self) -> CaseQuerySet:
        return self.active().filter(deadline__lt=timezone.now())


class Case(LedgerModel):
    """One problem, from report to confirmed fix.

    Rule: a case has a category, a village, a responsible organisation chosen by routing rules
    and a deadline from the category's SLA; it moves only through ``cases.actions`` (the state
    machine), each step leaving an event on its timeline and an audit event. One subject has at
    most one *active* case per category: a second report is attached to it, never a new case.
    """

    code = models.CharField(verbose_name=_("case number"), max_length=24)
    category = models.CharField(verbose_name=_("category"), max_length=48)
    source = models.CharField(verbose_name=_("source"), max_length=16, choices=Source.choices)
    state = models.CharField(
        verbose_name=_("state"), max_length=16, choices=State.choices, default=State.NEW
    )
    subject_type = models.CharField(verbose_name=_("subject type"), max_length=64, blank=True)
    subject_id = models.BigIntegerField(verbose_name=_("subject"), null=True, blank=True)
    subject_label = models.CharField(verbose_name=_("subject"), max_length=100, blank=True)
    description = models.TextField(verbose_name=_("description"), blank=True)
    reporter_name = models.CharField(verbose_name=_("reporter"), max_length=50, blank=True)
    reporter_phone = models.CharField(verbose_name=_("reporter phone"), max_length=20, blank=True)
    reporter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    # The villager's key to the status page (confirm, rate, reopen); never shown to staff lists.
    reporter_token = models.CharField(max_length=32, default=_token, unique=True, editable=False)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    assigned_org = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("crew member"),
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
        null=True,
        blank=True,
    )
    deadline = models.DateTimeField(verbose_name=_("deadline"), null=True, blank=True)
    escalated_at = models.DateTimeField(verbose_name=_("escalated"), null=True, blank=True)
    accepted_at = models.DateTimeField(verbose_name=_("accepted"), null=True, blank=True)
    resolved_at = models.DateTimeField(verbose_name=_("resolved"), null=True, blank=True)
    confirmed_at = models.DateTimeField(verbose_name=_("confirmed"), null=True, blank=True)
    closed_at = models.DateTimeField(verbose_name=_("closed"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(verbose_name=_("rating"), null=True, blank=True)
    rating_comment = models.CharField(verbose_name=_("comment"), max_length=300, blank=True)
    reopen_count = models.PositiveSmallIntegerField(verbose_name=_("reopened"), default=0)
    report_count = models.PositiveIntegerField(verbose_name=_("reports"), default=1)
    reject_reason = models.CharField(verbose_name=_("reason"), max_length=300, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.SET_NULL,
        related_name="duplicates",
        null=True,
        blank=True,
    )
    data = models.JSONField(verbose_name=_("details"), default=dict, blank=True)

    objects = CaseQuerySet.as_manager()  # type: ignore[misc]
    allowed_levels: ClassVar[tuple[int, ...]] = (3, 4, 5, 6)

    class Meta(LedgerModel.Meta):
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="case_code_unique",
                violation_error_message=_("A case with this number already exists."),
            ),
            models.UniqueConstraint(
                fields=["category", "subject_type", "subject_id"],
                condition=Q(state__in=sorted(OPEN_STATES)) & Q(subject_id__isnull=False),
                name="case_one_active_per_subject",
                violation_error_message=_("This subject already has an open case of this kind."),
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="case_rating_1_5",
                violation_error_message=_("A rating is from 1 to 5."),
            ),
        ]
        indexes = [
            *scope_indexes("case"),
            models.Index(fields=["assigned_org", "state", "deadline"], name="case_org_state"),
            # Covers the overdue counts of every page's badge: state + deadline + scope columns.
            models.Index(
                fields=["state", "deadline", "city", "county", "town", "village"],
                name="case_open_scope",
            ),
            models.Index(fields=["subject_type", "subject_id"], name="case_subject"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_active(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_overdue(self) -> bool:
        return self.is_active and self.deadline is not None and self.deadline < timezone.now()

    @property
    def state_colour(self) -> str:
        return STATE_COLOURS.get(State(self.state), "secondary")

    @property
    def category_name(self) -> str:
        from .registry import get_category

        try:
            return str(get_category(self.category).name)
        except KeyError:
            return self.category


class CaseEvent(models.Model):
    """One step on a case's timeline. Rule: append-only, written by the action that acts."""

    case = models.ForeignKey("Case", on_delete=models.CASCADE, related_name="events")
    time = models.DateTimeField(verbose_name=_("time"), default=timezone.now)
    kind = models.CharField(verbose_name=_("event"), max_length=16, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    # The person's name as kept; empty for the reporter without a name and for the system,
    # named when read (``by``) in the reader's language.
    actor_label = models.CharField(verbose_name=_("by"), max_length=150, blank=True)
    note = models.TextField(verbose_name=_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["time", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.kind}"

    @property
    def by(self) -> str:
        """Who took the step, in the reader's language."""
        from .choices import REPORTER_EVENTS

        if self.actor_label:
            return self.actor_label
        return str(_("reporter") if self.kind in REPORTER_EVENTS else _("system"))


def photo_path(instance: CasePhoto, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower()
    return f"cases/{timezone.now():%Y/%m}/{secrets.token_hex(8)}.{ext}"


class CasePhoto(models.Model):
    """A photo of a problem or of its fix. Rule: only images of accepted types and sizes."""

    case = models.ForeignKey("Case", on_delete=models.CASCADE, related_name="photos")
    event = models.ForeignKey(
        "CaseEvent", on_delete=models.SET_NULL, related_name="photos", null=True, blank=True
    )
    image = models.ImageField(verbose_name=_("photo"), upload_to=photo_path)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.image.name


class CategorySLA(models.Model):
    """A county's own time-to-fix for a category. Rule: overrides the category's default."""

    category = models.CharField(verbose_name=_("category"), max_length=48)
    county = models.ForeignKey(
        "regions.Region", verbose_name=_("county"), on_delete=models.CASCADE, related_name="+"
    )
    hours = models.PositiveIntegerField(verbose_name=_("hours to fix"))
    reopen_days = models.PositiveSmallIntegerField(verbose_name=_("days to reopen"), default=7)
    source = models.CharField(verbose_name=_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        constraints = [
            models.UniqueConstraint(fields=["category", "county"], name="categorysla_unique")
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.county}: {self.hours} h"


class RoutingRule(models.Model):
    """Category × region → responsible organisation, kept by county administrators.

    Rule: the most specific region wins (village over town over county); without a rule a case
    goes to the company serving the village for the category's service, else to the town.
    """

    category = models.CharField(verbose_name=_("category"), max_length=48)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible organisation"),
        on_delete=models.CASCADE,
        related_name="routing_rules",
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(fields=["category", "region"], name="routingrule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.region} → {self.organisation}"


class Notification(models.Model):
    """A message to a user (the database inbox backend). Rule: only its user reads it, in her
    own language: ``template`` and ``params`` are the message's English msgid and parameters
    (``notify.Message``), ``message`` the text as sent (the language of that moment), shown
    where there is no template (messages kept from before templates)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    case = models.ForeignKey(
        "Case", on_delete=models.CASCADE, related_name="notifications", null=True, blank=True
    )
    message = models.CharField(verbose_name=_("message"), max_length=300)
    template = models.CharField(max_length=200, blank=True, default="")
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The message in the active language (as sent, for a message kept without template)."""
        from .notify import render

        if not self.template:
            return self.message
        try:
            return render(self.template, self.params)
        except (KeyError, TypeError, ValueError):  # parameters that no longer fit the text
            return self.message


class CaseCounter(models.Model):
    """The last case number used per prefix and day. Rule: incremented under a row lock."""

    prefix = models.CharField(max_length=4)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "day"], name="casecounter_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}{self.day:%Y%m%d}:{self.last}"
