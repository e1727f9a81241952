"""Writing audit events: the context (who, through what) and the event builders.

Each action that changes data calls :func:`record` (or :func:`record_many` on bulk paths) in
the same transaction as the change. The context is set once per request by the middleware, per
import job by the job runner and per command by :func:`audit_context` in the command.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import decimal
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db import models

from . import generations
from .models.audit import AuditAction, AuditEvent, Channel


@dataclass(frozen=True)
class AuditContext:  # frozen: safe as a ContextVar default
    actor: Any = None
    channel: str = Channel.SYSTEM
    request_id: str = ""


_context: contextvars.ContextVar[AuditContext] = contextvars.ContextVar(
    "renju_audit_context",
    default=AuditContext(),  # noqa: B039  (immutable dataclass)
)


def current() -> AuditContext:
    return _context.get()


@contextlib.contextmanager
def audit_context(
    actor: Any = None, channel: str | None = None, request_id: str = ""
) -> Iterator[AuditContext]:
    """Run a block with the given actor/channel (a fresh request id when none is given)."""
    base = _context.get()
    ctx = replace(
        base,
        actor=actor if actor is not None else base.actor,
        channel=channel or base.channel,
        request_id=request_id or uuid.uuid4().hex[:16],
    )
    token = _context.set(ctx)
    try:
        yield ctx
    finally:
        _context.reset(token)


_PLAIN = (str, int, float, bool, type(None))
_json_string: Any = json.encoder.encode_basestring_ascii  # C: a str as JSON text, as dumps has it


def to_json(value: Any) -> Any:
    """A JSON-safe rendering of a field value for the change record."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if hasattr(value, "name"):  # files
        return str(value.name)
    return str(value)


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The audited field values of ``obj`` (concrete, editable, non-automatic)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or getattr(field, "auto_now", False):
            continue
        if getattr(field, "auto_now_add", False) or not field.editable:
            continue
        data[field.attname] = to_json(getattr(obj, field.attname))
    return data


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as ``{field: [old, new]}``."""
    keys = old.keys() | new.keys()
    return {k: [old.get(k), new.get(k)] for k in sorted(keys) if old.get(k) != new.get(k)}


_REGION_COLUMNS = ("region_id", "city_id", "county_id", "town_id", "village_id")


def _region_columns(obj: Any, region: Any = None) -> dict[str, Any]:
    if region is None:
        region = getattr(obj, "region", None) if obj is not None else None
    if region is None:
        return {}
    return {
        "region_id": region.pk,
        "city_id": region.city_id,
        "county_id": region.county_id,
        "town_id": region.town_id,
        "village_id": region.village_id,
    }


def workplace(user: Any) -> Any:
    """The region of the organisation ``user`` works for (None without one): where an event
    with no place of its own is filed (a sign-in, an export, a password change), so that the
    administrators above her see it in their audit log."""
    organisation = getattr(user, "organisation", None) if user is not None else None
    return organisation.region if organisation is not None else None


def _region_row(region: Any) -> tuple[Any, ...]:
    """The region columns of an event about a row in ``region`` (or None), in _REGION_COLUMNS
    order."""
    if region is None:
        return (None,) * len(_REGION_COLUMNS)
    columns = _region_columns(None, region)
    return tuple(columns[name] for name in _REGION_COLUMNS)


def build(
    action: str,
    obj: Any = None,
    *,
    changes: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    region: Any = None,
    note: str = "",
    actor: Any = None,
) -> AuditEvent:
    """An unsaved event for ``obj`` in the current context."""
    ctx = current()
    who = actor if actor is not None else ctx.actor
    authenticated = who is not None and getattr(who, "is_authenticated", False)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    place = _region_columns(obj, region)
    if not place and authenticated:
        place = _region_columns(None, workplace(who))
    return AuditEvent(
        actor=who if authenticated else None,
        actor_label=(str(getattr(who, "username", who)) if authenticated else "")[:150],
        channel=ctx.channel,
        request_id=ctx.request_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        changes=changes or {},
        note=note[:300],
        **place,
    )


def record(action: str, obj: Any = None, **kwargs: Any) -> AuditEvent:
    """Write one event now (call inside the transaction that makes the change)."""
    event = build(action, obj, **kwargs)
    event.save()
    _written(action, (event.object_type,))
    return event


def record_export(object_type: str, label: str, count: int, params: Any = None) -> AuditEvent:
    """An export of ``count`` rows of ``label``, with its filters (a dict or a QueryDict)."""
    filters = dict(params.items()) if params is not None else {}
    return record(
        AuditAction.EXPORT,
        object_type=object_type,
        object_repr=f"{label} × {count}"[:200],
        # "region=371502, status=away" (empty: everything in scope), not a Python dict's repr.
        note=", ".join(f"{k}={v}" for k, v in filters.items())[:300],
    )


def created_changes(columns: Mapping[str, Sequence[Any]]) -> list[str]:
    """The changes of created rows, ``{name: [None, value]}`` per row, as JSON text.

    ``columns`` holds the new values column by column (``{attname: values}``). The same text as
    ``json.dumps`` of the dict with :func:`to_json` values, built a column at a time.
    """
    names = list(columns)
    if not names:
        return []
    template = "{%s}" % ", ".join(  # noqa: UP031  (the pieces are filled per row below)
        json.dumps(name).replace("%", "%%") + ": [null, %s]" for name in names
    )
    pieces = [_json_pieces(columns[name]) for name in names]
    return list(map(template.__mod__, zip(*pieces, strict=True)))


def _json_pieces(values: Sequence[Any]) -> list[str]:
    """Each value of a column as JSON text; whole-column fast paths for the usual types."""
    kinds = set(map(type, values))
    if kinds == {str}:
        return list(map(_json_string, values))
    if kinds == {int}:
        return list(map(str, values))
    if kinds <= {bool}:
        return ["true" if value else "false" for value in values]
    return [json.dumps(to_json(value)) for value in values]


def record_rows(
    action: str,
    object_type: str,
    object_ids: Sequence[Any],
    object_reprs: Sequence[str],
    regions: Sequence[Any],
    changes: Sequence[str | dict[str, Any]],
) -> int:
    """Write one event per row on the fast bulk path, given column by column.

    For imports of many rows: the rows' ids, reprs, regions (or None) and changes (dicts, or
    JSON text from :func:`created_changes`), all of one length; no model instance per event.
    """
    from .bulk import insert_columns, per_object

    count = len(object_ids)
    if not count:
        return 0
    ctx = current()
    who = (
        ctx.actor
        if ctx.actor is not None and getattr(ctx.actor, "is_authenticated", False)
        else None
    )
    region_columns = zip(*per_object(regions, _region_row), strict=True)
    _written(action, (object_type,))
    return insert_columns(
        AuditEvent,
        {
            "actor_id": [who.pk if who else None] * count,
            "actor_label": [str(who.username)[:150] if who else ""] * count,
            "channel": [ctx.channel] * count,
            "request_id": [ctx.request_id] * count,
            "action": [action] * count,
            "object_type": [object_type] * count,
            "object_id": list(map(str, object_ids)),
            "object_repr": [r if len(r) <= 200 else r[:200] for r in object_reprs],
            "changes": [c if isinstance(c, str) else json.dumps(c) for c in changes],
            "note": [""] * count,
            **dict(zip(_REGION_COLUMNS, map(list, region_columns), strict=True)),
        },
    )


def record_many(events: Iterable[AuditEvent], batch_size: int = 2000) -> int:
    """Write many events at once (bulk paths)."""
    items = list(events)
    AuditEvent.objects.bulk_create(items, batch_size=batch_size)
    for action in {event.action for event in items}:
        _written(action, {event.object_type for event in items if event.action == action})
    return len(items)


_WRITES = frozenset({AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE, AuditAction.MOVE})


def _written(action: str, object_types: Iterable[str]) -> None:
    """Caches of the written models' rows start again (``core.generations``); sign-ins and
    exports write no rows of theirs."""
    if action in _WRITES:
        generations.written(object_types)


__all__ = [
    "AuditAction",
    "AuditContext",
    "Channel",
    "audit_context",
    "build",
    "created_changes",
    "current",
    "diff",
    "record",
    "record_export",
    "record_many",
    "record_rows",
    "snapshot",
]
