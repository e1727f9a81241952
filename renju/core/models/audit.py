"""The append-only audit trail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renju.core.scoping import RestrictedQuerySet, region_filter

from .base import ancestor_field
from .fields import JSONTextField


class Channel(models.TextChoices):
    PAGE = "page", _("web page")
    API = "api", _("API")
    IMPORT = "import", _("import")
    COMMAND = "command", _("command")
    SYSTEM = "system", _("system")


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    DELETE = "delete", _("deleted")
    MOVE = "move", _("moved (region change)")
    LOGIN = "login", _("signed in")
    LOGIN_FAILED = "login_failed", _("failed sign-in")
    LOGOUT = "logout", _("signed out")
    PASSWORD = "password", _("changed password")
    EXPORT = "export", _("exported")
    IMPORT = "import", _("imported")


class AuditQuerySet(RestrictedQuerySet["AuditEvent"]):
    def scope_q(self, regions: list[Any]) -> models.Q:
        return region_filter(regions)

    def update(self, **kwargs: Any) -> int:
        raise TypeError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("audit events are append-only")


class AuditEvent(models.Model):
    """One write, by whom, when, through which channel, on what, with old → new values.

    Rule: append-only. Events are written in the same transaction as the change they record,
    by the action that makes the change (never by signals alone, which miss bulk paths); the
    database refuses UPDATE and DELETE on this table (see the migration's triggers).
    """

    time = models.DateTimeField(verbose_name=_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        null=True,
        blank=True,
    )
    actor_label = models.CharField(verbose_name=_("actor"), max_length=150, blank=True)
    channel = models.CharField(verbose_name=_("channel"), max_length=8, choices=Channel.choices)
    request_id = models.CharField(verbose_name=_("request"), max_length=32, blank=True)
    action = models.CharField(verbose_name=_("action"), max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(verbose_name=_("object type"), max_length=64)
    object_id = models.CharField(verbose_name=_("object ID"), max_length=64, blank=True)
    object_repr = models.CharField(verbose_name=_("object"), max_length=200, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        null=True,
        blank=True,
    )
    city = ancestor_field(on_delete=models.DO_NOTHING)
    county = ancestor_field(on_delete=models.DO_NOTHING)
    town = ancestor_field(on_delete=models.DO_NOTHING)
    village = ancestor_field(on_delete=models.DO_NOTHING)
    changes = JSONTextField(verbose_name=_("changes"), default=dict, blank=True)
    note = models.CharField(verbose_name=_("note"), max_length=300, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-time", "-pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "time"], name="audit_object"),
            models.Index(fields=["county", "time"], name="audit_county_time"),
            models.Index(fields=["town", "time"], name="audit_town_time"),
            models.Index(fields=["village", "time"], name="audit_village_time"),
        ]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("audit events are append-only")
