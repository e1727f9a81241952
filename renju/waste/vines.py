"""The crop-vine rule (S9): a storage point at 80% or more is cleared within 24 hours.

A fill report at or above :data:`VINE_FULL_PERCENT` (80, inclusive: 80 opens, 79 does not) opens
one ``waste.crop_vine_full`` case for the point (the case engine keeps one active case per
point, so repeated reports attach to it), routed and with the category's 24-hour deadline; the
case engine's escalation marks it overdue when the deadline passes uncleared. Clearing resets
the level to 0 and, when the one who clears is the responsible organisation, resolves the case.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renju.cases import actions as case_actions
from renju.cases.choices import OPEN_STATES, EventKind, Source, State
from renju.cases.models import Case
from renju.core import audit
from renju.core.models.audit import AuditAction
from renju.core.scoping import CHANGE

from .cases import CROP_VINE_FULL
from .models import CropVinePoint, VineFillReport
from .parameters import VINE_FULL_PERCENT


def is_full(level: int | None) -> bool:
    """True at 80% and above (the edge is inclusive)."""
    return level is not None and level >= VINE_FULL_PERCENT


def active_case(point: CropVinePoint) -> Case | None:
    return Case.objects.filter(
        category=CROP_VINE_FULL.key,
        subject_type=point._meta.label_lower,
        subject_id=point.pk,
        state__in=OPEN_STATES,
    ).first()


def _open(point: CropVinePoint, user: Any) -> Case:
    case, _created = case_actions.open_case(
        category=CROP_VINE_FULL.key,
        region=point.region,
        source=Source.STAFF,
        description=_("%(name)s is %(level)s%% full")
        % {"name": point.name, "level": point.fill_level},
        subject=point,
        reporter_name=str(user or "")[:50],
        reporter_user=user,
        data={"fill_level": point.fill_level},
    )
    return case


def open_full_cases(user: Any, queryset: Any) -> list[Case]:
    """Open (or find) the clearing case of every point of ``queryset`` at 80% or more."""
    full = queryset.filter(fill_level__gte=VINE_FULL_PERCENT).select_related("region")
    return [_open(point, user) for point in full]


def _locked(user: Any, point: CropVinePoint) -> CropVinePoint:
    locked = (
        CropVinePoint.objects.restrict(user, CHANGE)
        .select_for_update()
        .select_related("region")
        .filter(pk=point.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied("out of scope")
    return locked


def report_fill(user: Any, point: CropVinePoint, level: int) -> tuple[CropVinePoint, Case | None]:
    """Record a fill level; at 80% or more the point's clearing case is opened (or found)."""
    if not 0 <= int(level) <= 100:
        raise ValidationError(_("A fill level is from 0 to 100%."))
    with transaction.atomic():
        point = _locked(user, point)
        before = audit.snapshot(point)
        now = timezone.now()
        point.fill_level, point.reported_at = int(level), now
        point.save(update_fields=["fill_level", "reported_at", "updated_at"])
        VineFillReport.objects.create(
            point=point, reported_at=now, level=int(level), reporter=str(user)[:150]
        )
        changes = audit.diff(before, audit.snapshot(point))
        audit.record(AuditAction.UPDATE, point, changes=changes, note="fill report", actor=user)
        case = _open(point, user) if is_full(point.fill_level) else None
    return point, case


def clear_point(
    user: Any, point: CropVinePoint, note: str = ""
) -> tuple[CropVinePoint, Case | None]:
    """The point was emptied: level 0; the responsible organisation's clearing resolves the case.

    An official of another body records the clearance on the case's timeline; the case stays
    with the responsible organisation to resolve (and goes overdue if it does not).
    """
    with transaction.atomic():
        point = _locked(user, point)
        before = audit.snapshot(point)
        now = timezone.now()
        point.fill_level, point.cleared_at, point.reported_at = 0, now, now
        point.save(update_fields=["fill_level", "cleared_at", "reported_at", "updated_at"])
        VineFillReport.objects.create(
            point=point, reported_at=now, level=0, cleared=True, reporter=str(user)[:150]
        )
        changes = audit.diff(before, audit.snapshot(point))
        audit.record(AuditAction.UPDATE, point, changes=changes, note="cleared", actor=user)
        case = active_case(point)
        text = note or _("Crop vines cleared")
        if case is not None:
            if case_actions.is_of_assigned_org(user, case, case_actions.CREW_ROLES):
                if case.state in {State.ASSIGNED, State.REOPENED}:
                    case = case_actions.accept(case, user)
                if case.state == State.ACCEPTED or case.state == State.IN_PROGRESS:
                    case = case_actions.resolve(case, user, text, data={"cleared": True})
            elif case_actions.is_official(user, case):
                case_actions.comment(case, user, text)
    return point, case


def cleared_by_case(case: Case, event: Any, user: Any) -> None:
    """A clearing case resolved or confirmed through the case pages: the point is emptied.

    Registered as the ``waste.crop_vine_full`` category's transition hook (runs inside the
    case step's transaction). The case step has been authorised by the case engine, so no scope
    is re-checked here; a point already at 0 (cleared through :func:`clear_point`, which resolves
    the case itself) is left alone, so the reset happens once, and a confirmation does not undo
    a level reported after the fix.
    """
    if case.subject_type != CropVinePoint._meta.label_lower:
        return
    points = CropVinePoint.objects.select_for_update()  # scope: the case step was authorised
    point = points.filter(pk=case.subject_id).first()
    if point is None or point.fill_level == 0:
        return
    resolved = case.resolved_at
    if (
        event.kind == EventKind.CONFIRMED
        and resolved
        and (point.reported_at or resolved) > resolved
    ):
        return  # reported again after the fix: that newer level stands
    before = audit.snapshot(point)
    now = timezone.now()
    point.fill_level, point.cleared_at, point.reported_at = 0, now, now
    point.save(update_fields=["fill_level", "cleared_at", "reported_at", "updated_at"])
    VineFillReport.objects.create(
        point=point, reported_at=now, level=0, cleared=True, reporter=str(user or "")[:150]
    )
    audit.record(
        AuditAction.UPDATE,
        point,
        changes=audit.diff(before, audit.snapshot(point)),
        note=f"cleared: case {case.code} {event.kind}",
        actor=user,
    )


def register_case_hooks() -> None:
    from renju.cases.hooks import on_transition

    on_transition(
        CROP_VINE_FULL.key, cleared_by_case, kinds={EventKind.RESOLVED, EventKind.CONFIRMED}
    )
