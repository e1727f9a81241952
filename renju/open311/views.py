"""Open311 GeoReport v2 endpoints (http://wiki.open311.org/GeoReport_v2) for toilet problems.

Every endpoint answers JSON or XML by the extension of its path (``services.json``), else by
``?format=``, else XML (the spec's required format); errors come in the spec's format with the
HTTP status as their code. Reading is public and shows public fields only: no reporter, no
toilet code, the village instead of the address. Reporting (``POST requests``) needs an
``api_key`` (:class:`~renju.open311.models.ApiKey`); the case is opened by
:func:`renju.cases.actions.open_case` with source Open311, on the audit channel "api".
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import math
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from renju.cases.actions import CaseActionError, open_case
from renju.cases.choices import EventKind, Source, State
from renju.cases.models import Case, CaseEvent
from renju.cases.photos import validate_photo
from renju.cases.registry import Category
from renju.core import audit
from renju.core.middleware import has_nul
from renju.core.models.audit import Channel
from renju.regions.models import Region
from renju.toilets.public_forms import ReportForm

from . import lookups
from .models import ApiKey
from .renderers import CONTENT_TYPES, DEFAULT_FORMAT, Open311Error, render, render_error

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When the services or the fields last changed: clients may cache what they read before.
CHANGESET = datetime.datetime(2026, 11, 29, tzinfo=datetime.UTC)
MAX_RESULTS = 1000
DEFAULT_DAYS = 90
MAX_DESCRIPTION = 4000
# Answered as "closed"; every other state is "open" (resolved waits for the reporter).
CLOSED_STATES = frozenset({State.CONFIRMED, State.CLOSED, State.REJECTED})
# Timeline steps whose note is public as ``status_notes``: the responsible organisation's.
# Reports, comments, dispatches (a crew member's name) and the reporter's own words are not.
PUBLIC_NOTE_KINDS = (
    EventKind.ACCEPTED,
    EventKind.STARTED,
    EventKind.RESOLVED,
    EventKind.CLOSED,
    EventKind.REJECTED,
)
TOILET_CODE = "toilet_code"
KEYWORDS = {
    "toilet.full": gettext_lazy("full, pump-out, septic tank"),
    "toilet.broken": gettext_lazy("broken, repair, leak, blocked"),
    "toilet.other": gettext_lazy("smell, dirty, other"),
    "toilet.problem": gettext_lazy("problem toilet, rectification"),
    "toilet.public_check": gettext_lazy("public toilet, dirty, closed"),
}

View = Callable[..., HttpResponse]


def open311_view(view: View) -> View:
    """Pick the format, answer ``Open311Error`` in the spec's error format; CSRF-exempt.

    A NUL character in the parameters is refused here, in the spec's format (PostgreSQL cannot
    compare text holding one); ``rejects_nul`` tells ``core.middleware.RejectNulMiddleware``
    that the view does, so it need not answer with the pages' HTML 400.
    """

    @functools.wraps(view)
    def wrapped(request: HttpRequest, fmt: str | None = None, **kwargs: Any) -> HttpResponse:
        fmt = fmt or request.GET.get("format") or DEFAULT_FORMAT
        if fmt not in CONTENT_TYPES:
            error = Open311Error(400, _("Unknown format: use json or xml."))
            return render_error(error, DEFAULT_FORMAT)
        try:
            if has_nul(request.GET) or (request.method == "POST" and has_nul(request.POST)):
                raise Open311Error(400, _("The request holds a null character."))
            return view(request, fmt, **kwargs)
        except Open311Error as exc:
            return render_error(exc, fmt)

    wrapped.rejects_nul = True  # type: ignore[attr-defined]
    # API key authentication, no cookies: cross-site request forgery does not apply.
    return csrf_exempt(wrapped)


def _allow(request: HttpRequest, *methods: str) -> None:
    if request.method not in methods:
        raise Open311Error(
            405, _("Method not allowed: use %(methods)s.") % {"methods": ", ".join(methods)}
        )


def _base_url(request: HttpRequest) -> str:
    path = reverse("open311:discovery", kwargs={"fmt": "xml"})
    return request.build_absolute_uri(path.removesuffix("discovery.xml"))


# --- discovery and services ------------------------------------------------------------------


@open311_view
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    """Where the API is, which version and formats, whom to ask for a key."""
    _allow(request, "GET", "HEAD")
    data = {
        "changeset": CHANGESET,
        "contact": getattr(settings, "RENJU_OPEN311_CONTACT", "")
        or _("Ask the county's rural living-environment office."),
        "key_service": _(
            "API keys for reporting are issued by the county administrators, one per app."
        ),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": _base_url(request),
                "changeset": CHANGESET,
                "type": "production",
                "formats": [CONTENT_TYPES[f].split(";")[0] for f in ("xml", "json")],
            }
        ],
    }
    return render(data, fmt, "discovery")


def _service_data(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.key,
        "service_name": str(category.name),
        "description": _("%(name)s. Default time to fix: %(hours)s hours.")
        % {"name": category.name, "hours": category.sla_hours},
        "metadata": True,  # every service takes the toilet code attribute
        "type": "realtime",
        "keywords": str(KEYWORDS.get(category.key, "")),
        "group": _("toilets"),
    }


@open311_view
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    """One service per toilet case category."""
    _allow(request, "GET", "HEAD")
    return render([_service_data(c) for c in lookups.services()], fmt, "services")


def _service_or_404(code: str) -> Category:
    category = lookups.service(code)
    if category is None:
        raise Open311Error(404, _("Unknown service_code: %(code)s") % {"code": code})
    return category


@open311_view
def service_definition(request: HttpRequest, fmt: str, service_code: str) -> HttpResponse:
    """The attributes a service takes: the toilet code (also accepted as ``address_id``)."""
    _allow(request, "GET", "HEAD")
    category = _service_or_404(service_code)
    data = {
        "service_code": category.key,
        "attributes": [
            {
                "variable": True,
                "code": TOILET_CODE,
                "datatype": "string",
                "required": False,
                "datatype_description": _(
                    "The 10-character code on the toilet's QR label (also accepted as address_id)."
                ),
                "order": 1,
                "description": _("Toilet code"),
            }
        ],
    }
    return render(data, fmt, "service_definition")


# --- reading requests ----------------------------------------------------------------------


def _cases() -> QuerySet[Case]:
    keys = [c.key for c in lookups.services()]
    cases = Case.objects.filter(category__in=keys)
    return cases.select_related("assigned_org", "region", "village")


def _csv(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def _when(request: HttpRequest, name: str) -> datetime.datetime | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        value = parse_datetime(raw.replace(" ", "+"))  # a "+" sent unencoded arrives as " "
    except ValueError:
        value = None
    if value is None:
        raise Open311Error(
            400, _("%(name)s is not a W3C datetime (e.g. 2026-01-01T00:00:00Z).") % {"name": name}
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:  # the database compares in UTC: 0001-01-01T00:00:00+08:00 is before year 1 there
        return value.astimezone(datetime.UTC)
    except OverflowError as exc:
        raise Open311Error(
            400, _("%(name)s is out of range (years 1 to 9999).") % {"name": name}
        ) from exc


_EARLIEST = datetime.datetime.min.replace(tzinfo=datetime.UTC)
_LATEST = datetime.datetime.max.replace(tzinfo=datetime.UTC)


def _shift(value: datetime.datetime, delta: datetime.timedelta) -> datetime.datetime:
    """``value + delta``, held at the first or last representable moment instead of overflowing."""
    try:
        return value + delta
    except OverflowError:
        return _LATEST if delta > datetime.timedelta(0) else _EARLIEST


def _period(request: HttpRequest) -> tuple[datetime.datetime, datetime.datetime]:
    """start_date..end_date: the last 90 days by default, at most 90 days long."""
    start, end = _when(request, "start_date"), _when(request, "end_date")
    span = datetime.timedelta(days=DEFAULT_DAYS)
    if start is None and end is None:
        end = timezone.now()
        start = end - span
    elif start is None:
        assert end is not None
        start = _shift(end, -span)
    elif end is None:
        end = min(timezone.now(), _shift(start, span))
        if start > end:
            raise Open311Error(400, _("start_date is in the future."))
    if start > end:
        raise Open311Error(400, _("start_date is after end_date."))
    if end - start > span:
        raise Open311Error(
            400, _("The period may not span more than %(days)s days.") % {"days": DEFAULT_DAYS}
        )
    return start, end


def _status_notes(cases: list[Case]) -> dict[int, str]:
    """The latest public timeline note of each case."""
    notes: dict[int, str] = {}
    rows = (
        CaseEvent.objects.filter(case__in=cases, kind__in=PUBLIC_NOTE_KINDS)
        .exclude(note="")
        .order_by("case_id", "time", "pk")
        .values_list("case_id", "note")
    )
    for case_id, note in rows:
        notes[case_id] = note  # ordered by time: the last one wins
    return notes


def _request_data(case: Case, notes: dict[int, str]) -> dict[str, Any]:
    """The public fields of a case (no reporter, no toilet code; the village as address)."""
    village: Region = case.village or case.region
    if case.state == State.REJECTED and case.reject_reason:
        status_notes = case.reject_reason
    else:
        status_notes = notes.get(case.pk, "")
    extra = case.data.get("open311", {}) if isinstance(case.data, dict) else {}
    return {
        "service_request_id": case.code,
        "status": "closed" if case.state in CLOSED_STATES else "open",
        "status_notes": status_notes,
        "service_name": case.category_name,
        "service_code": case.category,
        "description": case.description,
        "agency_responsible": case.assigned_org.name if case.assigned_org else "",
        "service_notice": "",
        "requested_datetime": case.created_at,
        "updated_datetime": case.updated_at,
        "expected_datetime": case.deadline,
        "address": village.name,
        "lat": village.latitude,
        "long": village.longitude,
        "media_url": extra.get("media_url", "") if isinstance(extra, dict) else "",
    }


def _render_cases(cases: list[Case], fmt: str) -> HttpResponse:
    notes = _status_notes(cases)
    return render([_request_data(c, notes) for c in cases], fmt, "service_requests")


def _list_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if _point(request.GET) is not None:  # not a filter here: ignoring it would mislead
        raise Open311Error(
            400,
            _(
                "Requests cannot be searched by lat and long; use service_request_id,"
                " service_code, status, start_date and end_date."
            ),
        )
    cases = _cases()
    ids = _csv(request.GET.get("service_request_id"))
    if ids:  # the spec: a list of ids overrides every other parameter
        cases = cases.filter(code__in=ids[:MAX_RESULTS])
    else:
        codes = _csv(request.GET.get("service_code"))
        if codes:
            cases = cases.filter(category__in=codes)
        start, end = _period(request)
        cases = cases.filter(created_at__gte=start, created_at__lte=end)
        statuses = set(_csv(request.GET.get("status")))
        if statuses - {"open", "closed"}:
            raise Open311Error(400, _("status is open or closed."))
        if statuses == {"open"}:
            cases = cases.exclude(state__in=CLOSED_STATES)
        elif statuses == {"closed"}:
            cases = cases.filter(state__in=CLOSED_STATES)
    return _render_cases(list(cases.order_by("-created_at", "-pk")[:MAX_RESULTS]), fmt)


@open311_view
def request_detail(request: HttpRequest, fmt: str, service_request_id: str) -> HttpResponse:
    """One request by its number (the case number), as a list of one."""
    _allow(request, "GET", "HEAD")
    case = _cases().filter(code=service_request_id).first()
    if case is None:
        raise Open311Error(
            404, _("Unknown service_request_id: %(id)s") % {"id": service_request_id}
        )
    return _render_cases([case], fmt)


@open311_view
def token_detail(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    """Requests get their number at once, so no token is ever issued: always "not found"."""
    _allow(request, "GET", "HEAD")
    raise Open311Error(
        404, _("Unknown token: requests get their number at once, so no tokens are issued.")
    )


# --- reporting -----------------------------------------------------------------------------


def _field(request: HttpRequest, name: str, max_length: int) -> str:
    value = request.POST.get(name, "").strip()
    if len(value) > max_length:
        raise Open311Error(
            400,
            _("%(name)s is too long (at most %(n)s characters).") % {"name": name, "n": max_length},
        )
    return value


def _point(params: QueryDict) -> tuple[float, float] | None:
    """``lat`` and ``long`` of ``params``: None when neither is given, a 400 unless both are."""
    raw_lat, raw_long = params.get("lat", "").strip(), params.get("long", "").strip()
    if not raw_lat and not raw_long:
        return None
    try:
        lat, lon = float(raw_lat), float(raw_long)
    except ValueError:
        lat = lon = math.nan
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise Open311Error(400, _("lat and long must both be given, in decimal degrees (WGS-84)."))
    return lat, lon


def _place(request: HttpRequest, area: Region, toilet_code: str) -> tuple[Region, Any, str]:
    """The village of the report, the toilet (or None), and a marker of the location given."""
    if toilet_code:
        toilet = lookups.find_toilet(toilet_code, area)
        if toilet is None:
            raise Open311Error(
                400, _("No toilet with this code in your area: %(code)s") % {"code": toilet_code}
            )
        return lookups.toilet_village(toilet), toilet, f"toilet:{toilet.qr_code}"
    point = _point(request.POST)
    if point is not None:
        village = lookups.nearest_village(point[0], point[1], area)
        if village is None:
            raise Open311Error(400, _("The location is not near any village of your area."))
        return village, None, f"point:{point[0]:.5f},{point[1]:.5f}"
    address = _field(request, "address_string", 200)
    if address:
        village = lookups.village_named(address, area)
        if village is None:
            raise Open311Error(
                400, _("address_string must name one village of your area; or give lat and long.")
            )
        return village, None, f"village:{village.pk}"
    raise Open311Error(
        400, _("A location is required: a toilet code (address_id), lat and long, or a village.")
    )


def _reporter_name(first: str, last: str) -> str:
    """Chinese names family name first without a space; others "first last"."""
    if any(ch >= "\u2e80" for ch in first + last):
        return f"{last}{first}"[:50]
    return " ".join(part for part in (first, last) if part)[:50]


def _phone(raw: str) -> str:
    """The phone number as the villager's report form takes it (``ReportForm.clean_phone``)."""
    form = ReportForm(data={"phone": raw})
    form.is_valid()  # the other fields of the form are not given: only the phone is read
    if "phone" in form.errors:
        raise Open311Error(
            400, _("phone: %(error)s") % {"error": " ".join(map(str, form.errors["phone"]))}
        )
    phone: str = form.cleaned_data["phone"]
    return phone


def _media_url(request: HttpRequest) -> str:
    url = _field(request, "media_url", 500)
    if url and urlsplit(url).scheme not in {"http", "https"}:
        raise Open311Error(400, _("media_url must be an http or https address."))
    return url


def _idempotency_key(
    request: HttpRequest, key: ApiKey, service_code: str, place: str, description: str
) -> str | None:
    """The same report sent twice (a retry) gives the same key, so one case.

    With a client token (``client_request_id`` or the ``Idempotency-Key`` header): key, device,
    service and token. Without one, the device's same report (service, place, description) on
    the same day. Without device or token: None (a second report of the same toilet is still
    attached to its open case by ``open_case``).
    """
    device = _field(request, "device_id", 100)
    token = (
        _field(request, "client_request_id", 100)
        or request.headers.get("Idempotency-Key", "").strip()[:100]
    )
    if not device and not token:
        return None
    parts = [str(key.pk), device, service_code]
    if token:
        parts.append(token)
    else:
        parts += [place, description, timezone.localdate().isoformat()]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"o311:{digest[:59]}"


def _photos(request: HttpRequest) -> list[Any]:
    upload = request.FILES.get("media")
    if upload is None:
        return []
    try:
        validate_photo(upload)
    except ValidationError as exc:
        raise Open311Error(400, " ".join(exc.messages)) from exc
    return [upload]


def _create_request(request: HttpRequest, fmt: str) -> HttpResponse:
    key = ApiKey.authenticate(request.POST.get("api_key", "").strip())
    if key is None:
        raise Open311Error(403, _("A valid api_key is required to report."))
    service_code = request.POST.get("service_code", "").strip()
    if not service_code:
        raise Open311Error(400, _("service_code is required."))
    category = lookups.service(service_code)
    if category is None:
        raise Open311Error(400, _("Unknown service_code: %(code)s") % {"code": service_code})
    toilet_code = _field(request, f"attribute[{TOILET_CODE}]", 32) or _field(
        request, "address_id", 32
    )
    village, toilet, place = _place(request, key.organisation.region, toilet_code)
    description = _field(request, "description", MAX_DESCRIPTION)
    phone = _phone(_field(request, "phone", 24))
    email = _field(request, "email", 254)
    if email:
        try:
            EmailValidator()(email)
        except ValidationError as exc:
            raise Open311Error(400, _("email is not an e-mail address.")) from exc
    name = _reporter_name(_field(request, "first_name", 50), _field(request, "last_name", 50))
    account_id = _field(request, "account_id", 100)
    media_url = _media_url(request)
    photos = _photos(request)
    idempotency_key = _idempotency_key(request, key, service_code, place, description)
    data = {
        "open311": {
            "api_key": key.prefix,
            "organisation": key.organisation.code,
            "device_id": _field(request, "device_id", 100),
            "account_id": account_id,
            "email": email,
            "media_url": media_url,
        }
    }
    with audit.audit_context(channel=Channel.API, request_id=audit.current().request_id):
        try:
            case, created = open_case(
                category=category.key,
                region=village,
                source=Source.OPEN311,
                description=description,
                subject=toilet,
                reporter_name=name,
                reporter_phone=phone,
                photos=photos,
                idempotency_key=idempotency_key,
                data=data,
            )
        except CaseActionError as exc:
            raise Open311Error(503, str(exc)) from exc
    if not created:
        notice = _("Already received as request %(code)s.") % {"code": case.code}
    elif case.deadline is not None:
        notice = _("Received. To be fixed by %(deadline)s.") % {
            "deadline": timezone.localtime(case.deadline).strftime("%Y-%m-%d %H:%M")
        }
    else:
        notice = _("Received.")
    response = [
        {
            "service_request_id": case.code,
            "service_notice": notice,
            "account_id": account_id or None,
        }
    ]
    return render(response, fmt, "service_requests")


@open311_view
def requests_view(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET: the public list of requests; POST: report a problem (needs ``api_key``)."""
    _allow(request, "GET", "HEAD", "POST")
    if request.method == "POST":
        return _create_request(request, fmt)
    return _list_requests(request, fmt)


@open311_view
def not_found(request: HttpRequest, fmt: str, path: str = "") -> HttpResponse:
    """Any other path under the API: "not found" in the spec's format."""
    raise Open311Error(404, _("Not found: %(path)s") % {"path": path})
