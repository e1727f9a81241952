"""Retrofit applications (愿改尽改, 群众改、政府补): apply, approve, build, accept, pay, refuse.

Every step is taken here, in order (applied → approved → built → accepted → paid; refused before
acceptance), inside the household's region for the user (out of scope: ``PermissionDenied``,
answered as "not found"), with an audit event in the same transaction. A step out of order raises
``RetrofitError`` with a message for the user.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from renju.core import audit
from renju.core.models.audit import AuditAction
from renju.core.scoping import ADD, CHANGE, VIEW, region_filter, scope_regions
from renju.households.models import Household

from .choices import ToiletType
from .models import RetrofitApplication
from .problems import is_government

Status = RetrofitApplication.Status

# Statuses in which an application is still under way (one per household at a time).
OPEN_STATUSES = frozenset({Status.APPLIED, Status.APPROVED, Status.BUILT, Status.ACCEPTED})

# step name -> (statuses it may follow, status it leads to, date field it sets)
STEPS: dict[str, tuple[frozenset[str], str, str]] = {
    "approve": (frozenset({Status.APPLIED}), Status.APPROVED, "approved_on"),
    "build": (frozenset({Status.APPROVED}), Status.BUILT, "built_on"),
    "accept": (frozenset({Status.BUILT}), Status.ACCEPTED, "accepted_on"),
    "pay": (frozenset({Status.ACCEPTED}), Status.PAID, "paid_on"),
    "refuse": (frozenset({Status.APPLIED, Status.APPROVED, Status.BUILT}), Status.REFUSED, ""),
}


class RetrofitError(ValueError):
    """A step that cannot be taken now (wrong order, missing amount...); the message says why."""


def scoped_retrofits(user: Any, action: str = VIEW) -> QuerySet[RetrofitApplication]:
    """The applications of the households in the user's scope for ``action``."""
    regions = scope_regions(user, action)
    queryset = RetrofitApplication.objects.select_related("household", "household__region")
    if regions is None:
        return queryset
    if not regions:
        return queryset.none()
    return queryset.filter(region_filter(regions, prefix="household__"))


def _household_in_scope(user: Any, household: Household, action: str) -> Household:
    found = Household.objects.restrict(user, action).filter(pk=household.pk).first()
    if found is None:
        raise PermissionDenied("household out of scope")
    return found


def _record(action: str, app: RetrofitApplication, before: dict[str, Any], note: str = "") -> None:
    audit.record(
        action,
        app,
        changes=audit.diff(before, audit.snapshot(app)),
        region=app.household.region,
        note=note,
    )


@transaction.atomic
def apply(
    user: Any,
    household: Household,
    toilet_type: str,
    applied_on: datetime.date | None = None,
    note: str = "",
) -> RetrofitApplication:
    """A household applies for a new sanitary toilet (entered by a village or town user)."""
    household = _household_in_scope(user, household, ADD)
    if toilet_type not in ToiletType.values or toilet_type == ToiletType.NON_SANITARY:
        raise RetrofitError(_("Choose a sanitary toilet type."))
    if RetrofitApplication.objects.filter(
        household=household, status__in=sorted(OPEN_STATUSES)
    ).exists():
        raise RetrofitError(_("This household already has an application under way."))
    app = RetrofitApplication(
        household=household,
        toilet_type=toilet_type,
        applied_on=applied_on or timezone.localdate(),
        note=note.strip()[:300],
    )
    app.save()
    _record(AuditAction.CREATE, app, {})
    return app


def _step(
    step: str,
    user: Any,
    app: RetrofitApplication,
    on: datetime.date | None,
    note: str,
    **values: Any,
) -> RetrofitApplication:
    follows, status, date_field = STEPS[step]
    if not is_government(user):
        raise PermissionDenied("only government officials take retrofit steps")
    locked = (
        scoped_retrofits(user, CHANGE).select_for_update(of=("self",)).filter(pk=app.pk).first()
    )
    if locked is None:
        raise PermissionDenied("application out of scope")
    if locked.status not in follows:
        raise RetrofitError(
            _("This application is %(status)s; that step is not possible now.")
            % {"status": locked.get_status_display()}
        )
    day = on or timezone.localdate()
    previous = [
        getattr(locked, f) for f in ("applied_on", "approved_on", "built_on", "accepted_on")
    ]
    if date_field and any(d is not None and day < d for d in previous):
        raise RetrofitError(_("The date cannot be before the previous step's date."))
    before = audit.snapshot(locked)
    locked.status = status
    if date_field:
        setattr(locked, date_field, day)
    for name, value in values.items():
        setattr(locked, name, value)
    if note.strip():
        locked.note = note.strip()[:300]
    locked.save()
    _record(AuditAction.UPDATE, locked, before, note=step)
    return locked


@transaction.atomic
def approve(
    user: Any, app: RetrofitApplication, on: datetime.date | None = None, note: str = ""
) -> RetrofitApplication:
    """The town approves the application."""
    return _step("approve", user, app, on, note)


@transaction.atomic
def mark_built(
    user: Any, app: RetrofitApplication, on: datetime.date | None = None, note: str = ""
) -> RetrofitApplication:
    """The household (or its builder) has built the toilet."""
    return _step("build", user, app, on, note)


@transaction.atomic
def accept(
    user: Any, app: RetrofitApplication, on: datetime.date | None = None, note: str = ""
) -> RetrofitApplication:
    """The quality check passed (验收)."""
    return _step("accept", user, app, on, note)


@transaction.atomic
def pay(
    user: Any,
    app: RetrofitApplication,
    amount: decimal.Decimal | int | str,
    on: datetime.date | None = None,
    note: str = "",
) -> RetrofitApplication:
    """The subsidy is paid to the household (政府补)."""
    try:
        value = decimal.Decimal(str(amount)).quantize(decimal.Decimal("0.01"))
    except decimal.InvalidOperation as exc:
        raise RetrofitError(_("Give the subsidy amount in yuan.")) from exc
    if value <= 0 or value >= decimal.Decimal("10000000"):
        raise RetrofitError(_("Give the subsidy amount in yuan."))
    return _step("pay", user, app, on, note, subsidy=value)


@transaction.atomic
def refuse(user: Any, app: RetrofitApplication, reason: str) -> RetrofitApplication:
    """Refused before acceptance; a reason is required."""
    if not reason.strip():
        raise RetrofitError(_("Give the reason for refusing the application."))
    return _step("refuse", user, app, None, reason)


def next_steps(app: RetrofitApplication) -> list[str]:
    """The steps that may follow the application's status (for the buttons)."""
    return [name for name, (follows, _s, _f) in STEPS.items() if app.status in follows]


def filter_retrofits(
    queryset: QuerySet[RetrofitApplication], params: Any, region: Any = None
) -> QuerySet[RetrofitApplication]:
    """The list's filters: region, status, toilet type, household code prefix."""
    if region is not None:
        queryset = queryset.filter(region.scope_filter("household__"))
    if (status := params.get("status", "")) in Status.values:
        queryset = queryset.filter(status=status)
    if (kind := params.get("toilet_type", "")) in ToiletType.values:
        queryset = queryset.filter(toilet_type=kind)
    if q := params.get("q", "").strip():
        queryset = queryset.filter(Q(household__code__startswith=q))
    return queryset.order_by("-applied_on", "-pk")


def headers() -> list[str]:
    """The columns of the list and of the export."""
    return [
        _("household"),
        _("village"),
        _("toilet type"),
        _("status"),
        _("applied on"),
        _("approved on"),
        _("built on"),
        _("accepted on"),
        _("paid on"),
        _("subsidy (yuan)"),
        _("note"),
    ]


def row(app: RetrofitApplication) -> list[Any]:
    """One application as list/export cells (the head's name is not shown)."""

    def day(value: datetime.date | None) -> str:
        return value.isoformat() if value else ""

    return [
        app.household.code,
        app.household.region.name,
        app.get_toilet_type_display(),
        app.get_status_display(),
        day(app.applied_on),
        day(app.approved_on),
        day(app.built_on),
        day(app.accepted_on),
        day(app.paid_on),
        str(app.subsidy) if app.subsidy is not None else "",
        app.note,
    ]
