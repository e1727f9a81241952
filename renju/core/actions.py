"""The write actions every ledger shares: create, update, delete, each audited and re-checked.

Views, the API, the admin and imports call these; none writes a ledger row any other way.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from . import audit
from .models.audit import AuditAction
from .scoping import ADD, CHANGE, DELETE, region_in_scope


def _check_region(user: Any, obj: Any, action: str) -> None:
    region = getattr(obj, "region", None)
    if region is None or not region_in_scope(user, region, action, type(obj)):
        # Same answer as "not found": the caller turns it into a 404 or a form error.
        raise PermissionDenied("region out of scope")


def _after_write(user: Any, obj: models.Model) -> None:
    from .ledgers.registry import ledger_for_model

    ledger = ledger_for_model(type(obj))
    if ledger is not None and ledger.after_write is not None:
        ledger.after_write(user, type(obj)._default_manager.filter(pk=obj.pk))


def save_object(user: Any, obj: models.Model, *, note: str = "") -> audit.AuditEvent | None:
    """Create or update ``obj`` for ``user``: scope re-checked in the transaction, audited.

    Returns the audit event, or None when nothing changed.
    """
    model = type(obj)
    with transaction.atomic():
        if obj.pk is None:
            _check_region(user, obj, ADD)
            obj.save()
            event = audit.record(
                AuditAction.CREATE, obj, changes=audit.diff({}, audit.snapshot(obj)), note=note
            )
            _after_write(user, obj)
            return event
        manager: Any = model._default_manager
        old = manager.restrict(user, CHANGE).select_for_update().filter(pk=obj.pk).first()
        if old is None:
            raise PermissionDenied("object out of scope")
        _check_region(user, obj, CHANGE)  # a move must land inside the scope too
        changes = audit.diff(audit.snapshot(old), audit.snapshot(obj))
        if not changes:
            return None
        obj.save()
        event = audit.record(AuditAction.UPDATE, obj, changes=changes, note=note)
        _after_write(user, obj)
        return event


class StillReferencedError(Exception):
    """A row other rows still point to (a household's toilets, a farm's manure records): not
    deleted; the message names what points to it, for the page or the API to show."""


def delete_object(user: Any, obj: models.Model, *, note: str = "") -> audit.AuditEvent:
    """Delete ``obj`` for ``user`` (scope re-checked in the transaction), audited. A row that
    other rows still point to stays, with ``StillReferencedError`` saying which."""
    model = type(obj)
    manager: Any = model._default_manager
    with transaction.atomic():
        current = manager.restrict(user, DELETE).select_for_update().filter(pk=obj.pk).first()
        if current is None:
            raise PermissionDenied("object out of scope")
        event = audit.build(
            AuditAction.DELETE, current, changes=audit.diff(audit.snapshot(current), {})
        )
        try:
            current.delete()
        except (ProtectedError, RestrictedError) as exc:
            raise StillReferencedError(_referenced_message(exc)) from exc
        event.save()
        return event


def _referenced_message(exc: ProtectedError | RestrictedError) -> str:
    rows = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
    counts = Counter(str(row._meta.verbose_name_plural) for row in rows)
    kinds = _("; ").join(
        _("%(kind)s: %(count)s") % {"kind": kind, "count": count} for kind, count in counts.items()
    )
    return _(
        "Not deleted: other rows still refer to it (%(rows)s). Delete those first, or point "
        "them elsewhere."
    ) % {"rows": kinds}
