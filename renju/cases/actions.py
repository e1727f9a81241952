"""The case state machine: every change of a case happens here, checked, timed and audited.

new → assigned → accepted → in progress → resolved → confirmed → closed; rejected (duplicate or
invalid, with a reason) from any state before resolution; reopened by the reporter within the
window. Views and the API call these; a refused step raises ``CaseActionError`` (wrong state:
shown to the user) or ``PermissionDenied`` (wrong role or scope: answered as "not found").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from renju.accounts.choices import SERVICE_AREA_KINDS, Role
from renju.accounts.scope import grants_of
from renju.core import audit
from renju.core.models.audit import AuditAction
from renju.core.scoping import CHANGE, region_in_scope
from renju.regions.models import Region

from . import hooks, notify, routing
from .choices import OPEN_STATES, REPORTER_EVENTS, EventKind, State
from .models import Case, CaseCounter, CaseEvent, CasePhoto
from .photos import saved_in_transaction
from .photos import track as track_photo
from .registry import get_category

DISPATCH_ROLES = frozenset({Role.ADMIN, Role.OFFICER, Role.DISPATCHER})
CREW_ROLES = frozenset({Role.ADMIN, Role.OFFICER, Role.DISPATCHER, Role.FIELD_WORKER})
OFFICIAL_ROLES = frozenset({Role.ADMIN, Role.OFFICER, Role.DISPATCHER})
# The same comment by the same user on the same case within this time is a double tap or a
# resubmitted form, not a second comment: it is not written again.
COMMENT_REPEAT_WINDOW = datetime.timedelta(seconds=60)


class CaseActionError(ValueError):
    """A step that cannot be taken now (wrong state, missing reason...); the message says why."""


# --- who may act -------------------------------------------------------------------------


def _roles(user: Any) -> set[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return {g.role for g in grants_of(user)}


def is_of_assigned_org(user: Any, case: Case, roles: frozenset[str]) -> bool:
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and case.assigned_org_id is not None
        and user.organisation_id == case.assigned_org_id
        and bool(_roles(user) & roles)
    )


def is_official(user: Any, case: Case) -> bool:
    """A government user whose grants cover the case's region with a change role."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    org = user.organisation
    if org is not None and org.kind in SERVICE_AREA_KINDS:
        return False  # a company's dispatcher acts for its organisation, not as an official
    return bool(_roles(user) & OFFICIAL_ROLES) and region_in_scope(user, case.region, CHANGE)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("not allowed for this case")


def _require_state(case: Case, states: Iterable[str]) -> None:
    if case.state not in states:
        raise CaseActionError(
            _("This case is %(state)s; that step is not possible now.")
            % {"state": case.get_state_display()}
        )


# --- bookkeeping ---------------------------------------------------------------------------


def _event(case: Case, kind: str, actor: Any = None, note: str = "", **data: Any) -> CaseEvent:
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    # A person's name as kept; the reporter without a name and the system (routing's assignment,
    # escalation, automatic closing) are named when read, in the reader's language.
    if authenticated:
        label = str(actor)
    elif kind in REPORTER_EVENTS:
        label = case.reporter_name
    else:
        label = ""
    event = CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor if authenticated else None,
        actor_label=label[:150],
        note=note,
        data=data,
    )
    hooks.run(case, event, actor if authenticated else None)  # the category's own reactions
    return event


def _save(case: Case, before: dict[str, Any], fields: Sequence[str], actor: Any = None) -> None:
    case.save(update_fields=[*fields, "updated_at"])
    changes = audit.diff(before, audit.snapshot(case))
    audit.record(AuditAction.UPDATE, case, changes=changes, actor=actor)


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _attach_photos(case: Case, event: CaseEvent | None, photos: Iterable[Any]) -> None:
    """Save the photos (their files are deleted again if the step's block rolls back)."""
    for photo in photos:
        saved = CasePhoto.objects.create(case=case, event=event, image=photo)
        track_photo(saved.image.name)


def next_number(prefix: str) -> str:
    """T20261129 00042: prefix, day, five-digit sequence of that day (row-locked counter)."""
    today = timezone.localdate()
    counter, _created = CaseCounter.objects.select_for_update().get_or_create(
        prefix=prefix, day=today
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}{today:%Y%m%d}{counter.last:05d}"


# --- opening -------------------------------------------------------------------------------


def _active_for_subject(category: str, subject: Any) -> Case | None:
    if subject is None:
        return None
    return (
        Case.objects.select_for_update()
        .filter(
            category=category,
            subject_type=subject._meta.label_lower,
            subject_id=subject.pk,
            state__in=OPEN_STATES,
        )
        .first()
    )


def open_case(
    *,
    category: str,
    region: Region,
    source: str,
    description: str = "",
    subject: Any = None,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_user: Any = None,
    photos: Iterable[Any] = (),
    idempotency_key: str | None = None,
    data: dict[str, Any] | None = None,
    reporter_token: str | None = None,
    plan_cache: dict[tuple[str, int], tuple[Any, int, list[Any]]] | None = None,
) -> tuple[Case, bool]:
    """Open a case, or return the one this report belongs to: ``(case, created)``.

    The same ``idempotency_key`` (a retried or double-tapped submission) returns the first case;
    a report about a subject that already has an active case of the category is attached to it.
    ``reporter_token`` gives a new case the token its reporter already holds (the intake row's).
    ``plan_cache`` (a dict kept by a caller opening many cases at once, e.g. the intake drain)
    reuses the routing answer (organisation, SLA hours, dispatchers) per category and region.
    """
    kind = get_category(category)
    if idempotency_key:  # a retry: answered without taking the write lock
        existing = Case.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    # Read-only look-ups happen before the transaction: on SQLite the write lock is held from
    # its first statement, so the less work inside it, the more reports per second.
    plan = _plan(kind, region, plan_cache)
    for _attempt in range(3):
        try:
            with saved_in_transaction():
                return _open(
                    kind,
                    region,
                    source,
                    description,
                    subject,
                    reporter_name,
                    reporter_phone,
                    reporter_user,
                    list(photos),
                    idempotency_key,
                    data,
                    plan,
                    reporter_token,
                )
        except IntegrityError:
            continue  # a concurrent submission won the race: the next attempt finds its case
    raise CaseActionError(_("The report could not be saved; please try again."))


@dataclass
class _Routing:
    organisation: Any
    deadline: Any
    staff: list[Any] = field(default_factory=list)


def _plan(
    kind: Any,
    region: Region,
    cache: dict[tuple[str, int], tuple[Any, int, list[Any]]] | None,
) -> _Routing:
    """Who gets the case, its deadline and whom to tell (read-only: outside the transaction)."""
    key = (kind.key, region.pk)
    if cache is not None and key in cache:
        organisation, hours, staff = cache[key]
    else:
        organisation = routing.route(kind, region)
        hours, _days = routing.sla(kind, region)
        staff = (
            notify.organisation_staff(organisation, DISPATCH_ROLES)
            if organisation is not None
            else []
        )
        if cache is not None:
            cache[key] = (organisation, hours, staff)
    deadline = timezone.now() + datetime.timedelta(hours=hours)
    return _Routing(organisation, deadline, staff)


def _open(
    kind: Any,
    region: Region,
    source: str,
    description: str,
    subject: Any,
    reporter_name: str,
    reporter_phone: str,
    reporter_user: Any,
    photos: list[Any],
    idempotency_key: str | None,
    data: dict[str, Any] | None,
    plan: _Routing,
    reporter_token: str | None = None,
) -> tuple[Case, bool]:
    if idempotency_key:
        existing = Case.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    active = _active_for_subject(kind.key, subject)
    if active is not None:
        # The key of an attached report is kept on its event: a retry must not attach it twice.
        keyed = {"idempotency_key": idempotency_key} if idempotency_key else {}
        if (
            idempotency_key
            and active.events.filter(
                kind=EventKind.REPORT_ATTACHED, data__idempotency_key=idempotency_key
            ).exists()
        ):
            return active, False
        active.report_count += 1
        active.save(update_fields=["report_count", "updated_at"])
        event = _event(
            active,
            EventKind.REPORT_ATTACHED,
            reporter_user,
            description,
            source=source,
            phone=bool(reporter_phone),
            **keyed,
        )
        _attach_photos(active, event, photos)
        return active, False
    case = Case(
        code=next_number(kind.prefix),
        category=kind.key,
        source=source,
        region=region,
        description=description,
        reporter_name=reporter_name,
        reporter_phone=reporter_phone,
        reporter_user=reporter_user if getattr(reporter_user, "is_authenticated", False) else None,
        idempotency_key=idempotency_key or None,
        data=data or {},
        deadline=plan.deadline,
    )
    if reporter_token:
        case.reporter_token = reporter_token
    if subject is not None:
        case.subject_type = subject._meta.label_lower
        case.subject_id = subject.pk
        case.subject_label = str(subject)[:100]
    organisation = plan.organisation
    if organisation is not None:
        case.assigned_org = organisation
        case.state = State.ASSIGNED
    case.save()
    audit.record(AuditAction.CREATE, case, changes=audit.diff({}, audit.snapshot(case)))
    created = _event(case, EventKind.CREATED, reporter_user, description, source=source)
    _attach_photos(case, created, photos)
    if organisation is not None:
        _event(case, EventKind.ASSIGNED, None, str(organisation), organisation=organisation.pk)
        notify.notify(
            plan.staff,
            case,
            notify.Message(
                gettext_noop("New case %(code)s: %(category)s"),
                {"code": case.code, "category": kind.key},
            ),
        )
    return case, True


# --- the steps -------------------------------------------------------------------------------


@transaction.atomic
def assign(case: Case, user: Any, organisation: Any, note: str = "") -> Case:
    """An official (re)assigns the case to an organisation."""
    case = _locked(case)
    _require(is_official(user, case))
    _require_state(case, {State.NEW, State.ASSIGNED, State.ACCEPTED, State.REOPENED})
    before = audit.snapshot(case)
    case.assigned_org, case.assignee, case.state = organisation, None, State.ASSIGNED
    _save(case, before, ["assigned_org", "assignee", "state"], user)
    _event(case, EventKind.ASSIGNED, user, note or str(organisation), organisation=organisation.pk)
    notify.notify(
        notify.organisation_staff(organisation, DISPATCH_ROLES),
        case,
        notify.Message(gettext_noop("Case %(code)s assigned to you"), {"code": case.code}),
    )
    return case


@transaction.atomic
def accept(case: Case, user: Any, note: str = "") -> Case:
    """The responsible organisation's dispatcher takes the case on."""
    case = _locked(case)
    _require(is_of_assigned_org(user, case, DISPATCH_ROLES))
    _require_state(case, {State.ASSIGNED, State.REOPENED})
    before = audit.snapshot(case)
    case.state, case.accepted_at = State.ACCEPTED, timezone.now()
    _save(case, before, ["state", "accepted_at"], user)
    _event(case, EventKind.ACCEPTED, user, note)
    return case


@transaction.atomic
def dispatch_to(case: Case, user: Any, crew_member: Any, note: str = "") -> Case:
    """The dispatcher gives the job to one of the organisation's crew.

    Giving it again to the crew member who has it (a double-tapped button, a resubmitted form)
    changes nothing: no event, no notification.
    """
    case = _locked(case)
    _require(is_of_assigned_org(user, case, DISPATCH_ROLES))
    _require_state(case, {State.ACCEPTED, State.IN_PROGRESS})
    if crew_member is None or crew_member.organisation_id != case.assigned_org_id:
        raise CaseActionError(_("The crew member must belong to the responsible organisation."))
    if case.assignee_id == crew_member.pk:
        return case
    before = audit.snapshot(case)
    case.assignee = crew_member
    _save(case, before, ["assignee"], user)
    _event(case, EventKind.DISPATCHED, user, note or str(crew_member), assignee=crew_member.pk)
    notify.notify(
        [crew_member],
        case,
        notify.Message(gettext_noop("Job %(code)s for you"), {"code": case.code}),
    )
    return case


def _is_crew(user: Any, case: Case) -> bool:
    if not is_of_assigned_org(user, case, CREW_ROLES):
        return False
    # A field worker acts on her own jobs; dispatchers and officers on any of the organisation's.
    return bool(_roles(user) & DISPATCH_ROLES) or case.assignee_id == user.pk


@transaction.atomic
def start(case: Case, user: Any, note: str = "") -> Case:
    case = _locked(case)
    _require(_is_crew(user, case))
    _require_state(case, {State.ACCEPTED})
    before = audit.snapshot(case)
    case.state = State.IN_PROGRESS
    _save(case, before, ["state"], user)
    _event(case, EventKind.STARTED, user, note)
    return case


@saved_in_transaction()
def resolve(
    case: Case,
    user: Any,
    note: str = "",
    photos: Iterable[Any] = (),
    data: dict[str, Any] | None = None,
) -> Case:
    """The crew reports the fix (with photos and the category's figures, e.g. m³ pumped)."""
    case = _locked(case)
    _require(_is_crew(user, case))
    _require_state(case, {State.ACCEPTED, State.IN_PROGRESS})
    before = audit.snapshot(case)
    case.state, case.resolved_at = State.RESOLVED, timezone.now()
    case.data = {**case.data, **(data or {})}
    _save(case, before, ["state", "resolved_at", "data"], user)
    event = _event(case, EventKind.RESOLVED, user, note, **(data or {}))
    _attach_photos(case, event, photos)
    if case.reporter_user is not None:
        notify.notify(
            [case.reporter_user],
            case,
            notify.Message(
                gettext_noop("Case %(code)s is fixed; please confirm."), {"code": case.code}
            ),
        )
    return case


def _reporter_or_official(case: Case, user: Any, token: str | None) -> bool:
    if token is not None:
        return token == case.reporter_token
    reporter = (
        getattr(user, "is_authenticated", False)
        and case.reporter_user_id is not None
        and case.reporter_user_id == user.pk
    )
    return bool(reporter) or is_official(user, case)


@transaction.atomic
def confirm(
    case: Case, rating: int, comment: str = "", *, token: str | None = None, user: Any = None
) -> Case:
    """The reporter (by the token of the status page) or an official on her behalf confirms."""
    case = _locked(case)
    _require(_reporter_or_official(case, user, token))
    _require_state(case, {State.RESOLVED})
    if not 1 <= int(rating) <= 5:
        raise CaseActionError(_("A rating is from 1 to 5."))
    before = audit.snapshot(case)
    case.state, case.confirmed_at = State.CONFIRMED, timezone.now()
    case.rating, case.rating_comment = int(rating), comment[:300]
    _save(case, before, ["state", "confirmed_at", "rating", "rating_comment"], user)
    _event(case, EventKind.CONFIRMED, user, comment, rating=int(rating))
    return case


@transaction.atomic
def close(case: Case, user: Any = None, note: str = "", *, automatic: bool = False) -> Case:
    """An official closes a resolved or confirmed case (or the system after the window)."""
    case = _locked(case)
    _require(automatic or is_official(user, case))
    _require_state(case, {State.RESOLVED, State.CONFIRMED})
    before = audit.snapshot(case)
    case.state, case.closed_at = State.CLOSED, timezone.now()
    _save(case, before, ["state", "closed_at"], user)
    _event(case, EventKind.CLOSED, user, note)
    return case


@transaction.atomic
def reject(case: Case, user: Any, reason: str, duplicate_of: Case | None = None) -> Case:
    """Rejected as a duplicate or invalid; a reason is required."""
    case = _locked(case)
    _require(is_official(user, case) or is_of_assigned_org(user, case, DISPATCH_ROLES))
    _require_state(case, {State.NEW, State.ASSIGNED, State.ACCEPTED, State.REOPENED})
    if not reason.strip():
        raise CaseActionError(_("Give the reason for rejecting the case."))
    if duplicate_of is not None and duplicate_of.pk == case.pk:
        raise CaseActionError(_("A case cannot duplicate itself."))
    before = audit.snapshot(case)
    case.state, case.reject_reason, case.duplicate_of = State.REJECTED, reason[:300], duplicate_of
    case.closed_at = timezone.now()
    _save(case, before, ["state", "reject_reason", "duplicate_of", "closed_at"], user)
    _event(
        case,
        EventKind.REJECTED,
        user,
        reason,
        duplicate_of=duplicate_of.code if duplicate_of else None,
    )
    return case


@transaction.atomic
def reopen(case: Case, reason: str, *, token: str | None = None, user: Any = None) -> Case:
    """Not fixed after all: the reporter reopens within the window (officials any time)."""
    case = _locked(case)
    _require(_reporter_or_official(case, user, token))
    _require_state(case, {State.RESOLVED, State.CONFIRMED, State.CLOSED})
    _hours, days = routing.sla(get_category(case.category), case.region)
    since = case.resolved_at or case.updated_at
    if (
        token is not None
        and since is not None
        and timezone.now() - since > datetime.timedelta(days=days)
    ):
        raise CaseActionError(
            _("The time to reopen this case (%(days)s days) has passed.") % {"days": days}
        )
    if not reason.strip():
        raise CaseActionError(_("Say what is still wrong."))
    before = audit.snapshot(case)
    case.state, case.reopen_count = State.REOPENED, case.reopen_count + 1
    case.deadline = routing.deadline(get_category(case.category), case.region)
    case.confirmed_at = case.closed_at = case.escalated_at = None  # a new deadline, watched anew
    _save(
        case,
        before,
        ["state", "reopen_count", "deadline", "confirmed_at", "closed_at", "escalated_at"],
        user,
    )
    _event(case, EventKind.REOPENED, user, reason)
    notify.notify(
        notify.organisation_staff(case.assigned_org, DISPATCH_ROLES),
        case,
        notify.Message(
            gettext_noop("Case %(code)s reopened: %(reason)s"),
            {"code": case.code, "reason": reason},
        ),
    )
    return case


@transaction.atomic
def comment(case: Case, user: Any, note: str) -> CaseEvent:
    """A note on the timeline; the same text by the same user on the case again within
    ``COMMENT_REPEAT_WINDOW`` is the first comment (returned), not a second one."""
    case = _locked(case)
    _require(is_official(user, case) or is_of_assigned_org(user, case, CREW_ROLES))
    if not note.strip():
        raise CaseActionError(_("The comment is empty."))
    repeated = (
        case.events.filter(
            kind=EventKind.COMMENT,
            actor=user,
            note=note,
            time__gte=timezone.now() - COMMENT_REPEAT_WINDOW,
        )
        .order_by("-time", "-pk")
        .first()
    )
    if repeated is not None:
        return repeated
    event = _event(case, EventKind.COMMENT, user, note)
    audit.record(
        AuditAction.CREATE,
        event,
        region=case.region,
        object_repr=f"{case.code} {event.get_kind_display()}",
        changes={"note": [None, note]},
        actor=user,
    )
    return event


def escalate_overdue(now: datetime.datetime | None = None) -> int:
    """Mark newly overdue cases and tell the town and county officials (run periodically)."""
    now = now or timezone.now()
    count = 0
    for case in Case.objects.filter(
        state__in=OPEN_STATES, deadline__lt=now, escalated_at__isnull=True
    ).select_related("region")[:5000]:
        with transaction.atomic(), audit.audit_context(channel="system"):
            locked = _locked(case)
            if locked.escalated_at is not None:
                continue
            before = audit.snapshot(locked)
            locked.escalated_at = now
            _save(locked, before, ["escalated_at"])
            _event(locked, EventKind.ESCALATED, None, _("Deadline passed"))
            officials = notify.region_officials(
                locked.town_id, OFFICIAL_ROLES
            ) + notify.region_officials(locked.county_id, OFFICIAL_ROLES)
            notify.notify(
                officials + notify.organisation_staff(locked.assigned_org, DISPATCH_ROLES),
                locked,
                notify.Message(gettext_noop("Case %(code)s is overdue"), {"code": locked.code}),
            )
            count += 1
    return count


def auto_close(now: datetime.datetime | None = None) -> int:
    """Close resolved cases the reporter left unconfirmed past the category's window."""
    now = now or timezone.now()
    count = 0
    for case in Case.objects.filter(state=State.RESOLVED).select_related("region")[:5000]:
        window = datetime.timedelta(days=get_category(case.category).confirm_days)
        if case.resolved_at and now - case.resolved_at > window:
            with audit.audit_context(channel="system"):
                close(case, None, _("Not confirmed within the window"), automatic=True)
            count += 1
    return count
