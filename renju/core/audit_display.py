"""Audit events as people read them: the changed fields under their names, values as the
pages show them (choice labels, yes/no, names instead of ids, local times), for the history
tabs, the audit log and its export."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NOTHING = "∅"

# Figures an event records in place of field changes: an import's outcome.
SUMMARY_LABELS = {
    "created": gettext_lazy("rows created"),
    "updated": gettext_lazy("rows updated"),
    "unchanged": gettext_lazy("rows unchanged"),
    "error_count": gettext_lazy("rows with errors"),
}


def _grants(value: Any) -> str:
    """A user's grants as ``save_user`` records them, ``[[role, unit code], ...]``."""
    from renju.accounts.choices import Role

    if not value:
        return NOTHING
    roles = dict(Role.choices)
    return ", ".join(f"{roles.get(role, role)} {code}" for role, code in value)


# Changes an event records under a name that is no field of its model: the label and how the
# values read (a user's grants, kept with the user's own changes).
RECORDED_LABELS: dict[str, tuple[Any, Any]] = {
    "grants": (gettext_lazy("role grants"), _grants),
}


@dataclass(frozen=True)
class Change:
    """A field's old and new value as read; ``old`` is None for a figure (an import's count),
    which has no before."""

    label: str
    old: str | None
    new: str

    def __str__(self) -> str:
        if self.old is None:
            return f"{self.label}: {self.new}"
        return f"{self.label}: {self.old} → {self.new}"


def pair_of(change: Any) -> tuple[Any, Any] | None:
    """A recorded change as (old, new), or None for a figure recorded on its own."""
    if isinstance(change, list | tuple):
        old, new = [*change, None, None][:2]
        return old, new
    return None


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    """The model field a change names (by name or by column attribute, ``region_id``)."""
    if model is None:
        return None
    try:
        field = model._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _names(events: list[Any]) -> dict[tuple[Any, Any], str]:
    """The names of every related row the events' changes point at: one query per model."""
    wanted: dict[Any, set[Any]] = defaultdict(set)
    for event in events:
        model = _model(event.object_type)
        for name, pair in event.changes.items():
            field = _field(model, name)
            values = pair_of(pair)
            if not isinstance(field, models.ForeignKey) or not values:
                continue
            target = field.target_field
            for value in values:
                if value in (None, ""):
                    continue
                # A value that is not a key (a case recorded by its number) reads as it is.
                try:
                    wanted[field.related_model].add(target.to_python(value))
                except (ValidationError, TypeError, ValueError):
                    continue
    names: dict[tuple[Any, Any], str] = {}
    for related, ids in wanted.items():
        manager = related._default_manager
        for row in manager.filter(pk__in=ids):
            names[(related, row.pk)] = str(row)
    return names


def _value(field: models.Field[Any, Any] | None, value: Any, names: dict[Any, str]) -> str:
    if value is None or value == "" or value == []:
        return NOTHING
    if isinstance(value, list):  # a many-valued change: a region change's sources, targets
        return ", ".join(_value(field, item, names) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(None, v, names)}" for k, v in value.items())
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is None:
        return str(value)
    if field.is_relation:
        return names.get((field.related_model, value), str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def describe(events: Iterable[Any]) -> list[tuple[Any, list[Change]]]:
    """Each event with its changes, readable."""
    events = list(events)
    names = _names(events)
    described = []
    for event in events:
        model = _model(event.object_type)
        changes = []
        for name, pair in event.changes.items():
            field = _field(model, name)
            values = pair_of(pair)
            if values is None:  # a figure: an import's count of rows
                changes.append(Change(str(SUMMARY_LABELS.get(name, name)), None, str(pair)))
                continue
            recorded = RECORDED_LABELS.get(name) if field is None else None
            if recorded is not None:
                label, read = str(recorded[0]), recorded[1]
                old, new = (read(v) for v in values)
            else:
                label = str(field.verbose_name) if field is not None else name
                old, new = (_value(field, v, names) for v in values)
            if old == new == NOTHING:  # an empty field of a row created or deleted
                continue
            changes.append(Change(label, old, new))
        described.append((event, changes))
    return described


def local_time(moment: datetime.datetime) -> str:
    """An event's time as the pages show it: the city's time zone, to the second."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")
