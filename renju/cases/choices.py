"""States, sources and event kinds of cases."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    NEW = "new", _("new")
    ASSIGNED = "assigned", _("assigned")
    ACCEPTED = "accepted", _("accepted")
    IN_PROGRESS = "in_progress", _("in progress")
    RESOLVED = "resolved", _("resolved")
    CONFIRMED = "confirmed", _("confirmed")
    CLOSED = "closed", _("closed")
    REJECTED = "rejected", _("rejected")
    REOPENED = "reopened", _("reopened")


# States in which the responsible organisation still owes work (the deadline runs).
OPEN_STATES = frozenset(
    {State.NEW, State.ASSIGNED, State.ACCEPTED, State.IN_PROGRESS, State.REOPENED}
)
# Badge colours for the lists.
STATE_COLOURS = {
    State.NEW: "secondary",
    State.ASSIGNED: "info",
    State.ACCEPTED: "primary",
    State.IN_PROGRESS: "primary",
    State.RESOLVED: "warning",
    State.CONFIRMED: "success",
    State.CLOSED: "dark",
    State.REJECTED: "light",
    State.REOPENED: "danger",
}


class Source(models.TextChoices):
    QR = "qr", _("QR code scan")
    GRID = "grid", _("grid member")
    INSPECTION = "inspection", _("inspection")
    HOTLINE = "hotline", _("hotline")
    STAFF = "staff", _("staff")
    OPEN311 = "open311", _("Open311")
    SURVEY = "survey", _("survey")


class EventKind(models.TextChoices):
    CREATED = "created", _("reported")
    ASSIGNED = "assigned", _("assigned to an organisation")
    ACCEPTED = "accepted", _("accepted")
    DISPATCHED = "dispatched", _("dispatched to a crew member")
    STARTED = "started", _("work started")
    RESOLVED = "resolved", _("resolved")
    CONFIRMED = "confirmed", _("confirmed by the reporter")
    CLOSED = "closed", _("closed")
    REJECTED = "rejected", _("rejected")
    REOPENED = "reopened", _("reopened")
    REPORT_ATTACHED = "report_attached", _("another report attached")
    ESCALATED = "escalated", _("overdue, escalated")
    COMMENT = "comment", _("comment")


# Steps an anonymous actor takes as the reporter (others without an actor are the system's).
REPORTER_EVENTS = frozenset(
    {EventKind.CREATED, EventKind.REPORT_ATTACHED, EventKind.CONFIRMED, EventKind.REOPENED}
)
