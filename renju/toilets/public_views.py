"""The villager's pages, without login, for a phone (WeChat's browser) scanning a toilet's code.

``/t/<code>`` shows the toilet and three big buttons; ``/t/<code>/report`` stores the report
(one insert: see ``intake``) and redirects to ``/t/c/<token>``, the report's own status page:
"received, being routed" until the queue has opened the case or joined the toilet's open one,
then the case's progress. Every reporter follows the case with her own token; the reporter
whose report opened the case (her token is the case's ``reporter_token``) also confirms and
rates the fix or says it is not fixed. The token is the only key to a case here: without it,
as with an unknown toilet code, the answer is a plain 404 that reveals nothing.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from renju.accounts.throttle import client_address
from renju.cases import actions, routing
from renju.cases.choices import REPORTER_EVENTS, EventKind, State
from renju.cases.models import Case, CaseEvent
from renju.cases.registry import get_category

from . import intake
from .cases import TOILET_BROKEN, TOILET_FULL, TOILET_OTHER
from .models import CodedToilet, HouseholdToilet, ToiletReport
from .public_forms import ConfirmForm, ReopenForm, ReportForm, clean_report

_TOKEN = intake.KEY_SHAPE  # a status token has the shape of a form key

# The progress stepper: 已受理 → 已派单 → 处理中 → 已完成 → 已确认.
STEPS = (
    gettext_lazy("Received"),
    gettext_lazy("Dispatched"),
    gettext_lazy("In progress"),
    gettext_lazy("Done"),
    gettext_lazy("Confirmed"),
)
_STEPS_REACHED = {
    State.NEW: 1,
    State.ASSIGNED: 2,
    State.ACCEPTED: 2,
    State.IN_PROGRESS: 3,
    State.RESOLVED: 4,
    State.CONFIRMED: 5,
}
# Notes the reporter may read: the crew's and officials' notes to her, the organisation's name.
_NOTE_SHOWN = frozenset(
    {
        EventKind.CREATED,
        EventKind.ASSIGNED,
        EventKind.RESOLVED,
        EventKind.REJECTED,
        EventKind.REOPENED,
        EventKind.CONFIRMED,
    }
)
REOPEN_STATES = frozenset({State.RESOLVED, State.CONFIRMED, State.CLOSED})


def _not_found(request: HttpRequest, report_link: bool = False) -> HttpResponse:
    """A toilet code, or a report's link (``report_link``), that leads nowhere: 404."""
    return render(request, "public/not_found.html", {"report_link": report_link}, status=404)


def _noindex(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


_View = Callable[..., HttpResponse]


def _form_post(page: str, key: str) -> Callable[[_View], _View]:
    """POST only, but a GET or HEAD goes to ``page`` (the page the form lives on), never 405.

    The form's errors are rendered in place, at the address the form posted to: reloading that
    page, or WeChat reloading it when the villager comes back to the app, asks it with GET.
    ``key`` names the address's argument that ``page`` takes (the toilet's code, the token).
    """

    def decorator(view: _View) -> _View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, **kwargs: str) -> HttpResponse:
            if request.method == "POST":
                return view(request, **kwargs)
            if request.method in ("GET", "HEAD"):
                return _no_cache_redirect(reverse(page, args=[kwargs[key]]))
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])

        return wrapped

    return decorator


# --- the toilet's page and the report -------------------------------------------------------


def _toilet_page(
    request: HttpRequest,
    toilet: CodedToilet,
    form: ReportForm,
    status: int = 200,
    earlier: list[intake.EarlierReport] | None = None,
) -> HttpResponse:
    context = {
        "earlier": [
            (get_category(r.category).name, intake.status_path(r.token)) for r in earlier or ()
        ],
        "toilet": toilet,
        "kind": intake.toilet_kind(toilet),
        "village": intake.village_name(toilet),
        "last_pumpout": toilet.last_pumpout if isinstance(toilet, HouseholdToilet) else None,
        "is_household": isinstance(toilet, HouseholdToilet),
        "cases": intake.shown_cases(toilet),
        "form": form,
        "buttons": [
            (TOILET_FULL.key, _("Full, needs pumping"), "droplet-fill", "full"),
            (TOILET_BROKEN.key, _("Broken, needs repair"), "tools", "broken"),
            (TOILET_OTHER.key, _("Other problem"), "chat-dots-fill", "other"),
        ],
    }
    return _noindex(render(request, "public/toilet.html", context, status=status))


@never_cache
@require_GET
def toilet(request: HttpRequest, code: str) -> HttpResponse:
    """The toilet's page: where it is, what is being done, and the buttons to report."""
    found = intake.find_toilet(code)
    if found is None:
        return _not_found(request)
    earlier = intake.earlier_reports(found, request.COOKIES.get(intake.REPORTER_COOKIE))
    # Back to the page after a report: the same key again, so sending the same problem again
    # repeats that report (its status page) instead of storing a second one.
    initial = {"idempotency_key": request.COOKIES[intake.REPORTER_COOKIE]} if earlier else None
    return _toilet_page(request, found, ReportForm(initial=initial), earlier=earlier)


# What ``never_cache`` puts on a response (Django's ``add_never_cache_headers``), set directly on
# the report's redirect: the hot path skips the generic header patching.
_NO_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


def _no_cache_redirect(location: str) -> HttpResponse:
    response = HttpResponseRedirect(location)
    response.headers["Expires"] = http_date()
    response.headers["Cache-Control"] = _NO_CACHE
    return response


@_form_post("public:toilet", "code")
def report(request: HttpRequest, code: str) -> HttpResponse:
    """Store the report (one insert), then POST/redirect/GET to the reporter's status page.

    The hot path: no model instance of the toilet, no form unless the input needs its verdict
    (``clean_report``), no case work (the queue does that).
    """
    found = intake.locate(code)
    if found is None:
        return _never_cache(_not_found(request))
    if not intake.take_report_slot(found.qr_code, client_address(request)):
        response = render(request, "public/too_many.html", status=429)
        response["Retry-After"] = str(intake.WINDOW_SECONDS)
        return _never_cache(_noindex(response))
    data = None if request.FILES else clean_report(request.POST)
    if data is None:
        form = ReportForm(request.POST, request.FILES)
        if not form.is_valid():
            toilet_row = intake.find_toilet(found.qr_code)
            if toilet_row is None:  # deleted meanwhile
                return _never_cache(_not_found(request))
            return _never_cache(_toilet_page(request, toilet_row, form, status=400))
        data = form.cleaned_data
    token = intake.receive(
        found,
        category=data["category"],
        idempotency_key=data["idempotency_key"],
        description=data.get("description", "").strip(),
        phone=data.get("phone", ""),
        photo=data.get("photo") or None,
    )
    response = _no_cache_redirect(intake.status_path(token))
    response.set_cookie(
        intake.REPORTER_COOKIE,
        data["idempotency_key"],
        max_age=intake.REPORTER_COOKIE_DAYS * 86400,
        path=reverse("public:toilet", args=[code]),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


def _never_cache(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


# --- the case's status page -----------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    label: Any
    done: bool
    current: bool


@dataclass(frozen=True)
class Entry:
    time: datetime.datetime
    what: str
    who: str
    note: str


def mask_name(label: str) -> str:
    """The first character and two stars: 王** (a person's or a user's name, never whole)."""
    label = label.strip()
    return f"{label[0]}**" if label else ""


def steps(case: Case) -> list[Step] | None:
    """The stepper for the case's state (``None`` for a rejected case)."""
    if case.state == State.REJECTED:
        return None
    if case.state == State.CLOSED:
        reached = 5 if case.confirmed_at else 4
    elif case.state == State.REOPENED:
        reached = 2 if case.assigned_org_id else 1
    else:
        reached = _STEPS_REACHED.get(State(case.state), 1)
    return [
        Step(label, done=i < reached, current=i == reached - 1) for i, label in enumerate(STEPS)
    ]


def _who(event: CaseEvent) -> str:
    if event.actor_id is not None:
        return _("Staff %(name)s") % {"name": mask_name(event.actor_label)}
    if event.kind in REPORTER_EVENTS:
        return _("Reporter")
    return _("system")


def timeline(case: Case) -> list[Entry]:
    """The case's events as the reporter sees them: staff names masked, internal notes left out."""
    entries = []
    for event in case.events.exclude(kind=EventKind.COMMENT).order_by("time", "pk"):
        entries.append(
            Entry(
                time=event.time,
                what=event.get_kind_display(),
                who=_who(event),
                note=event.note if event.kind in _NOTE_SHOWN else "",
            )
        )
    return entries


def _reopen_until(case: Case) -> datetime.datetime | None:
    """Until when the reporter may say "not fixed" (``None``: not now)."""
    if case.state not in REOPEN_STATES:
        return None
    _hours, days = routing.sla(get_category(case.category), case.region)
    since = case.resolved_at or case.updated_at
    until = since + datetime.timedelta(days=days)
    return until if until >= timezone.now() else None


@dataclass(frozen=True)
class Holder:
    """Whoever holds a status token: her report (if it came by a toilet's code) and its case."""

    token: str
    report: ToiletReport | None
    case: Case | None

    @property
    def is_case_reporter(self) -> bool:
        """The token of the report that opened the case: may confirm, rate and reopen."""
        return self.case is not None and self.case.reporter_token == self.token


def _holder(token: str) -> Holder | None:
    if not _TOKEN.match(token):
        return None
    report = intake.pending_report(token)
    if report is not None:
        return Holder(token, report, report.case)
    # A case opened another way (Open311, staff for a villager) has only the case's token.
    case = (
        Case.objects.select_related("region", "assigned_org").filter(reporter_token=token).first()
    )
    return Holder(token, None, case) if case is not None else None


def _received_page(request: HttpRequest, report: ToiletReport, status: int = 200) -> HttpResponse:
    """The report is stored but not yet routed: "received, being routed" (the page refreshes)."""
    context = {
        "report": report,
        "category": get_category(report.category).name,
        "steps": [Step(label, done=i < 1, current=i == 0) for i, label in enumerate(STEPS)],
    }
    return _noindex(render(request, "public/received.html", context, status=status))


def _status_page(
    request: HttpRequest,
    holder: Holder,
    *,
    confirm_form: ConfirmForm | None = None,
    reopen_form: ReopenForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    case = holder.case
    assert case is not None
    mine = holder.is_case_reporter
    report = holder.report
    context = {
        "case": case,
        "category": case.category_name,
        "steps": steps(case),
        "timeline": timeline(case),
        "can_confirm": mine and case.state == State.RESOLVED,
        "reopen_until": _reopen_until(case) if mine else None,
        "confirm_form": confirm_form or ConfirmForm(),
        "reopen_form": reopen_form or ReopenForm(),
        "error": error,
        "token": holder.token,
        "attached": report is not None and report.outcome == ToiletReport.Outcome.ATTACHED,
        # "Received" while the case is in hand; once she confirmed, her rating instead.
        "received": report.received_at
        if report is not None and case.state in intake.SHOWN_STATES
        else None,
        "stars": range(case.rating or 0),
        # A pump-out is done, not fixed: the questions say so.
        "pumpout": case.category == TOILET_FULL.key,
    }
    response = render(request, "public/status.html", context, status=status)
    # The token is in the address: SECURE_REFERRER_POLICY ("same-origin") keeps it off other
    # sites. Not "no-referrer": browsers would then send "Origin: null" and fail the CSRF check.
    return _noindex(response)


@never_cache
@require_GET
def status(request: HttpRequest, token: str) -> HttpResponse:
    """The status page for whoever holds the token: her report, then the case's progress."""
    holder = _holder(token)
    if holder is None:
        return _not_found(request, report_link=True)
    if holder.case is None:
        assert holder.report is not None
        return _received_page(request, holder.report)
    return _status_page(request, holder)


def _acting_holder(request: HttpRequest, token: str) -> Holder | HttpResponse:
    """The holder who may confirm or reopen, or the answer that she may not (yet)."""
    holder = _holder(token)
    if holder is None:
        return _not_found(request, report_link=True)
    if holder.case is None:
        assert holder.report is not None
        return _received_page(request, holder.report, status=409)
    if not holder.is_case_reporter:
        error = _(
            "Only the person whose report opened this case can confirm or reopen it;"
            " you can follow its progress here."
        )
        return _status_page(request, holder, error=error, status=403)
    return holder


@never_cache
@_form_post("public:status", "token")
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Fixed: confirm and rate (the case's own reporter only)."""
    holder = _acting_holder(request, token)
    if isinstance(holder, HttpResponse):
        return holder
    case = holder.case
    assert case is not None
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _status_page(request, holder, confirm_form=form, status=400)
    try:
        actions.confirm(
            case, form.cleaned_data["rating"], form.cleaned_data["comment"].strip(), token=token
        )
    except actions.CaseActionError as exc:
        case.refresh_from_db()
        return _status_page(request, holder, error=str(exc), status=409)
    messages.success(request, _("Thank you for confirming."))
    return HttpResponseRedirect(reverse("public:status", args=[token]))


@never_cache
@_form_post("public:status", "token")
def reopen(request: HttpRequest, token: str) -> HttpResponse:
    """Not fixed after all: reopen with a reason, within the window (the case's own reporter)."""
    holder = _acting_holder(request, token)
    if isinstance(holder, HttpResponse):
        return holder
    case = holder.case
    assert case is not None
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _status_page(request, holder, reopen_form=form, status=400)
    try:
        actions.reopen(case, form.cleaned_data["reason"].strip(), token=token)
    except actions.CaseActionError as exc:
        case.refresh_from_db()
        return _status_page(request, holder, error=str(exc), status=409)
    messages.success(request, _("The case has been reopened; it will be dealt with again."))
    return HttpResponseRedirect(reverse("public:status", args=[token]))
