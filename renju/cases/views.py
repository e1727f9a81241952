"""Case pages: lists and export, detail with the steps this user may take, the dispatcher's
queue, the crew member's jobs, the notification inbox.

Views parse, call ``cases.actions`` and render. Every case is read through
``Case.objects.restrict(user)``; an action's ``PermissionDenied`` is answered as "not found"
(404), its ``CaseActionError`` is shown as a message.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Case as When_
from django.db.models import IntegerField, QuerySet, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renju.accounts.backends import ACCOUNTS
from renju.accounts.models import Organisation
from renju.core import audit, generations, spreadsheets
from renju.core.masking import mask_phone
from renju.core.pagination import paginate
from renju.core.scoping import EXPORT, VIEW, get_scoped_or_404, user_can

from . import actions, notify
from .actions import CaseActionError
from .choices import OPEN_STATES, State
from .details import display_details
from .filters import SORTS, CaseFilterSet, sorted_cases
from .forms import (
    AssignForm,
    CommentForm,
    ConfirmForm,
    DispatchForm,
    NoteForm,
    ResolveForm,
)
from .models import Case, CasePhoto, Notification
from .registry import category_choices

PUMPOUT_CATEGORY = "toilet.full"
INLINE_EXPORT_ROWS = 20_000

# The states from which each step may be taken (as in ``actions``; the tests check they agree).
STEP_STATES: dict[str, frozenset[str]] = {
    "assign": frozenset({State.NEW, State.ASSIGNED, State.ACCEPTED, State.REOPENED}),
    "accept": frozenset({State.ASSIGNED, State.REOPENED}),
    "dispatch": frozenset({State.ACCEPTED, State.IN_PROGRESS}),
    "start": frozenset({State.ACCEPTED}),
    "resolve": frozenset({State.ACCEPTED, State.IN_PROGRESS}),
    "confirm": frozenset({State.RESOLVED}),
    "close": frozenset({State.RESOLVED, State.CONFIRMED}),
    "reject": frozenset({State.NEW, State.ASSIGNED, State.ACCEPTED, State.REOPENED}),
    "reopen": frozenset({State.RESOLVED, State.CONFIRMED, State.CLOSED}),
    "comment": frozenset(State.values),
}


def _may(step: str, case: Case, user: Any) -> bool:
    """Whether ``user`` (signed in, no villager token) may take ``step`` on ``case`` now."""
    if case.state not in STEP_STATES[step]:
        return False
    official = actions.is_official(user, case)
    dispatcher = actions.is_of_assigned_org(user, case, actions.DISPATCH_ROLES)
    if step in {"assign", "close"}:
        return official
    if step in {"accept", "dispatch"}:
        return dispatcher
    if step in {"start", "resolve"}:
        return actions._is_crew(user, case)
    if step in {"confirm", "reopen"}:
        return actions._reporter_or_official(case, user, None)
    if step == "reject":
        return official or dispatcher
    return official or actions.is_of_assigned_org(user, case, actions.CREW_ROLES)


def available_steps(case: Case, user: Any) -> list[str]:
    """The steps (keys of STEP_STATES) this user may take on the case now, in display order."""
    return [step for step in STEP_STATES if _may(step, case, user)]


def _scoped_cases(user: Any) -> QuerySet[Case]:
    queryset: QuerySet[Case] = Case.objects.restrict(user, VIEW)
    return queryset


def _case_or_404(request: HttpRequest, pk: int) -> Case:
    case: Case = get_scoped_or_404(
        Case.objects.select_related("region", "assigned_org", "assignee"),
        request.user,
        VIEW,
        pk=pk,
    )
    return case


def _me(request: HttpRequest) -> Any:
    """The signed-in user (the views are behind ``login_required``)."""
    return request.user


# --- lists and export ------------------------------------------------------------------------


def _filtered(request: HttpRequest, data: Any) -> tuple[CaseFilterSet, QuerySet[Case]]:
    filterset = CaseFilterSet(
        data or None,
        queryset=_scoped_cases(request.user).select_related("region", "assigned_org"),
    )
    return filterset, filterset.qs


def _organisation_options(request: HttpRequest) -> list[tuple[str, str]]:
    """The responsible organisations of the cases this user sees (for the filter)."""
    ids = (
        _scoped_cases(request.user)
        .exclude(assigned_org__isnull=True)
        .order_by()
        .values_list("assigned_org_id", flat=True)
        .distinct()[:200]
    )
    orgs = Organisation.objects.filter(pk__in=list(ids)).order_by("name")
    return [(str(o.pk), o.name) for o in orgs]


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """All cases in scope, filtered, sorted and paged like the ledgers."""
    filterset, queryset = _filtered(request, request.GET)
    sort = request.GET.get("sort", "")
    page = paginate(sorted_cases(queryset, sort), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    unsorted = query.copy()
    unsorted.pop("sort", None)
    context = {
        "filterset": filterset,
        "page": page,
        "query": query.urlencode(),
        "unsorted_query": unsorted.urlencode(),  # the column headers add their own sort
        "export_query": query.urlencode(),  # the export keeps the list's order
        "sort": sort,
        "sorts": SORTS,
        "states": State.choices,
        "categories": category_choices(),
        "sources": filterset.filters["source"].extra["choices"],
        "organisations": _organisation_options(request),
        "now": timezone.now(),
    }
    fragment = bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )
    return render(request, "cases/_table.html" if fragment else "cases/list.html", context)


def export_headers() -> list[str]:
    return [
        _("case number"),
        _("category"),
        _("state"),
        _("village"),
        _("responsible organisation"),
        _("reported at"),
        _("deadline"),
        _("resolved at"),
        _("overdue"),
        _("rating"),
    ]


def _when(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def export_rows(queryset: QuerySet[Case]) -> Iterator[list[Any]]:
    """One row per case, in the columns of ``export_headers``."""
    for case in queryset.iterator(chunk_size=2000):
        yield [
            case.code,
            case.category_name,
            case.get_state_display(),
            f"{case.region.name} ({case.region.code})",
            case.assigned_org.name if case.assigned_org else "",
            _when(case.created_at),
            _when(case.deadline),
            _when(case.resolved_at),
            _("yes") if case.is_overdue else _("no"),
            case.rating if case.rating is not None else "",
        ]


@login_required
def case_export(request: HttpRequest) -> HttpResponseBase:
    """The current filter's cases as .xlsx (default) or .csv; the export is audited."""
    if not user_can(request.user, EXPORT):
        raise Http404  # no export right anywhere: the same answer as the ledgers give
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    filters = {k: v for k, v in request.GET.items() if k not in {"format", "page", "sort"}}
    filterset = CaseFilterSet(
        filters or None,
        queryset=_scoped_cases_for_export(request.user).select_related("region", "assigned_org"),
    )
    queryset = sorted_cases(filterset.qs, request.GET.get("sort", ""))  # as the list shows them
    count = queryset.order_by()[: INLINE_EXPORT_ROWS + 1].count()
    if count > INLINE_EXPORT_ROWS:
        messages.error(request, _("Too many cases to export at once; narrow the filter."))
        return redirect(reverse("cases:list") + "?" + request.GET.urlencode())
    audit.record_export(Case._meta.label_lower, str(Case._meta.verbose_name_plural), count, filters)
    response: HttpResponseBase = spreadsheets.download_response(
        "cases", str(Case._meta.verbose_name_plural), export_headers(), export_rows(queryset), fmt
    )
    return response


def _scoped_cases_for_export(user: Any) -> QuerySet[Case]:
    queryset: QuerySet[Case] = Case.objects.restrict(user, EXPORT)
    return queryset


# --- detail and steps ------------------------------------------------------------------------


def _sees_phone(case: Case, user: Any) -> bool:
    """The reporter's phone in full only for the crew member and the responsible organisation."""
    if user.is_superuser:
        return True
    return (case.assignee_id is not None and case.assignee_id == user.pk) or (
        case.assigned_org_id is not None and case.assigned_org_id == user.organisation_id
    )


def navigation_links(case: Case) -> dict[str, str]:
    """geo:, AMap and Baidu links to the case's village centroid (empty when it has none)."""
    region = case.region
    lat, lng = region.latitude, region.longitude
    if lat is None or lng is None:
        return {}
    name = quote(region.name)
    return {
        "geo": f"geo:{lat:.6f},{lng:.6f}?q={lat:.6f},{lng:.6f}({name})",
        "amap": (
            f"https://uri.amap.com/marker?position={lng:.6f},{lat:.6f}&name={name}"
            "&coordinate=wgs84&callnative=1"
        ),
        "baidu": (
            f"https://api.map.baidu.com/marker?location={lat:.6f},{lng:.6f}&title={name}"
            f"&content={name}&coord_type=wgs84&output=html&src=renju"
        ),
    }


@login_required
def case_photo(request: HttpRequest, pk: int, photo: int) -> FileResponse:
    """A photo of a case, for who may see the case (uploads are not served as public files:
    they show villagers' homes and faces)."""
    case = _case_or_404(request, pk)
    found = CasePhoto.objects.filter(case=case, pk=photo).first()
    if found is None or not found.image:
        raise Http404
    try:
        handle = found.image.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle)
    response["Cache-Control"] = "private, max-age=86400"  # a photo never changes
    return response


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Every field, the photos, the timeline and the steps this user may take now."""
    case = _case_or_404(request, pk)
    user = request.user
    steps = available_steps(case, user)
    forms: dict[str, Any] = {}
    if "assign" in steps:
        forms["assign"] = AssignForm(user=user, case=case)
    if "dispatch" in steps:
        forms["dispatch"] = DispatchForm(organisation_id=case.assigned_org_id)
    events = case.events.select_related("actor").prefetch_related("photos")
    phone = case.reporter_phone
    if phone and not _sees_phone(case, user):
        phone = mask_phone(phone)
    context = {
        "case": case,
        "steps": steps,
        "forms": forms,
        "events": events,
        "photos": case.photos.all(),
        "details": display_details(case),
        "reporter_phone": phone,
        "nav": navigation_links(case),
        "is_pumpout": case.category == PUMPOUT_CATEGORY,
        "confirm_form": ConfirmForm(),
    }
    return render(request, "cases/detail.html", context)


def _next_url(request: HttpRequest, case: Case) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("cases:detail", args=[case.pk])


Step = Callable[[HttpRequest, Case], Any]


def _form_or_error(form: Any) -> Any:
    if not form.is_valid():
        errors = [str(e) for field in form.errors.values() for e in field]
        raise CaseActionError(" ".join(errors) or _("Check the form."))
    return form.cleaned_data


def _assign(request: HttpRequest, case: Case) -> Any:
    data = _form_or_error(AssignForm(request.POST, user=request.user, case=case))
    return actions.assign(case, request.user, data["organisation"], data["note"])


def _dispatch(request: HttpRequest, case: Case) -> Any:
    data = _form_or_error(DispatchForm(request.POST, organisation_id=case.assigned_org_id))
    return actions.dispatch_to(case, request.user, data["crew_member"], data["note"])


def _note(request: HttpRequest) -> str:
    note: str = _form_or_error(NoteForm(request.POST))["note"]
    return note


def _reason(request: HttpRequest) -> str:
    """The reason; an empty one is refused by the action with its own message."""
    reason: str = request.POST.get("reason", "")
    return reason.strip()[:300]


def _confirm(request: HttpRequest, case: Case) -> Any:
    data = _form_or_error(ConfirmForm(request.POST))
    return actions.confirm(case, data["rating"], data["comment"], user=request.user)


def _resolve(request: HttpRequest, case: Case) -> Any:
    if case.category == PUMPOUT_CATEGORY:
        raise CaseActionError(_("A pump-out is completed with its pump-out record."))
    data = _form_or_error(ResolveForm(request.POST, request.FILES))
    return actions.resolve(case, request.user, data["note"], data["photos"])


def _comment(request: HttpRequest, case: Case) -> Any:
    data = _form_or_error(CommentForm(request.POST))
    return actions.comment(case, request.user, data["note"])


STEPS: dict[str, Step] = {
    "assign": _assign,
    "accept": lambda r, c: actions.accept(c, r.user, _note(r)),
    "dispatch": _dispatch,
    "start": lambda r, c: actions.start(c, r.user, _note(r)),
    "resolve": _resolve,
    "confirm": _confirm,
    "close": lambda r, c: actions.close(c, r.user, _note(r)),
    "reject": lambda r, c: actions.reject(c, r.user, _reason(r)),
    "reopen": lambda r, c: actions.reopen(c, _reason(r), user=r.user),
    "comment": _comment,
}


def _done_message(step: str) -> str:
    messages_ = {
        "assign": _("Assigned."),
        "accept": _("Accepted."),
        "dispatch": _("Dispatched."),
        "start": _("Work started."),
        "resolve": _("Resolved."),
        "confirm": _("Confirmed."),
        "close": _("Closed."),
        "reject": _("Rejected."),
        "reopen": _("Reopened."),
        "comment": _("Comment added."),
    }
    return messages_[step]


@login_required
@require_POST
def case_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """POST /cases/<pk>/<step>/: take one step; refused steps come back as a message."""
    handler = STEPS.get(step)
    if handler is None:
        raise Http404
    case = _case_or_404(request, pk)
    try:
        handler(request, case)
    except PermissionDenied as exc:
        raise Http404 from exc
    except CaseActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _done_message(step))
    return redirect(_next_url(request, case))


@login_required
def case_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """The crew's completion form for cases other than pump-outs (note and photos)."""
    case = _case_or_404(request, pk)
    if case.category == PUMPOUT_CATEGORY:
        return redirect("toilets:pumpout", pk=case.pk)
    if not _may("resolve", case, request.user):
        raise Http404
    form = ResolveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.resolve(
                case, request.user, form.cleaned_data["note"], form.cleaned_data["photos"]
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except CaseActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Resolved."))
            return redirect("cases:my")
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/resolve.html", {"case": case, "form": form}, status=status)


# --- the dispatcher's queue and the crew member's jobs ---------------------------------------


def queue_order(queryset: QuerySet[Case], now: datetime.datetime | None = None) -> Any:
    """New and assigned (waiting for acceptance) first, overdue first, then by deadline."""
    now = now or timezone.now()
    waiting = When_(
        When(state__in=[State.NEW, State.ASSIGNED, State.REOPENED], then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    overdue = When_(
        When(deadline__lt=now, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return queryset.annotate(_waiting=waiting, _overdue=overdue).order_by(
        "_waiting", "_overdue", "deadline", "pk"
    )


def _dispatcher_org(user: Any) -> Organisation:
    """The organisation whose queue this user runs (a dispatcher, officer or administrator)."""
    org = user.organisation
    if org is None or not (actions._roles(user) & actions.DISPATCH_ROLES):
        raise Http404
    return org


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The open cases of the user's organisation, in the order to work on them."""
    org = _dispatcher_org(request.user)
    cases = queue_order(
        _scoped_cases(request.user)
        .filter(assigned_org=org, state__in=OPEN_STATES)
        .select_related("region", "assignee")
    )
    page = paginate(cases, request.GET.get("page"))
    return render(
        request,
        "cases/queue.html",
        {
            "organisation": org,
            "page": page,
            "crew_form": DispatchForm(organisation_id=org.pk),
            "now": timezone.now(),
            "query": "",
        },
    )


MY_STATES = (State.ASSIGNED, State.ACCEPTED, State.IN_PROGRESS, State.REOPENED)


def household_code(case: Case) -> str:
    """The household code of a household-toilet case (a toilet's code is it plus two digits)."""
    if case.subject_type == "toilets.householdtoilet" and len(case.subject_label) > 2:
        return case.subject_label[:-2]
    return ""


@login_required
def my_jobs(request: HttpRequest) -> HttpResponse:
    """The crew member's open jobs, soonest deadline first, with directions and buttons."""
    jobs = list(
        _scoped_cases(request.user)
        .filter(assignee=_me(request), state__in=MY_STATES)
        .select_related("region")
        .order_by("deadline", "pk")[:100]
    )
    rows = [
        {
            "case": case,
            "household": household_code(case),
            "nav": navigation_links(case),
            "may_start": _may("start", case, request.user),
            "may_resolve": _may("resolve", case, request.user),
            "is_pumpout": case.category == PUMPOUT_CATEGORY,
        }
        for case in jobs
    ]
    return render(request, "cases/my.html", {"rows": rows, "now": timezone.now()})


# --- notifications ---------------------------------------------------------------------------


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The user's own notifications, newest first."""
    notes = Notification.objects.filter(user=_me(request)).select_related("case")
    if request.GET.get("unread"):
        notes = notes.filter(read_at__isnull=True)
    page = paginate(notes.order_by("-created_at", "-pk"), request.GET.get("page"))
    return render(
        request,
        "cases/inbox.html",
        {"page": page, "query": "unread=1" if request.GET.get("unread") else ""},
    )


@login_required
@require_POST
def inbox_read(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Mark one notification (then open its case) or all of them read."""
    mine = Notification.objects.filter(user=_me(request), read_at__isnull=True)
    if pk is None:
        mine.update(read_at=timezone.now())
        notify.inbox_changed([request.user.pk])
        return redirect("cases:inbox")
    note = get_object_or_404(Notification.objects.filter(user=_me(request)), pk=pk)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    if note.case_id is not None and _scoped_cases(request.user).filter(pk=note.case_id).exists():
        return redirect("cases:detail", pk=note.case_id)
    return redirect("cases:inbox")


def nav_counts(user: Any) -> dict[str, int]:
    """Unread notifications and overdue cases in scope (the badges in the navigation), and
    whether the user runs a queue or works jobs (which menu entries to show)."""
    if user is None or not user.is_authenticated:
        return {"unread": 0, "overdue": 0, "queue": 0, "jobs": 0}
    roles = actions._roles(user)
    # The overdue count of the user's whole area is the same on every page: kept a minute, and
    # counted again at once when her grants or areas change (the accounts generation).
    key = f"renju:overdue:{user.pk}:{generations.token(ACCOUNTS)}"
    overdue = cache.get(key)
    if overdue is None:
        overdue = _scoped_cases(user).overdue().count()  # type: ignore[attr-defined]
        cache.set(key, overdue, timeout=60)
    return {
        "unread": notify.unread_count(user),
        "overdue": overdue,
        "queue": int(user.organisation_id is not None and bool(roles & actions.DISPATCH_ROLES)),
        "jobs": int(bool(roles & actions.CREW_ROLES)),
    }


__all__: Sequence[str] = [
    "available_steps",
    "case_detail",
    "case_export",
    "case_list",
    "case_resolve",
    "case_step",
    "inbox",
    "inbox_read",
    "my_jobs",
    "nav_counts",
    "queue",
]
