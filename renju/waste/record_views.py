"""The daily records' pages: list with filters, export of the filter, the phone forms, a point.

- ``/waste/collections/`` and ``/waste/transfers/``: the rows in scope over a date range (the
  last 30 days by default), by region (a town, a village...), vehicle, station and plant, with
  their totals; ``?format=xlsx|csv`` exports exactly that filter in the ledger's template columns
  (so an export re-imports unchanged through the ledger import), in the request up to
  20,000 rows, else as a background job;
- ``…/new/``: the phone forms (:mod:`renju.waste.forms`), idempotent by their one-time key;
- ``/waste/points/<pk>/``: a collection point with its "report overflow" button.

Import, the template, each row's page, edit and delete are the ledger framework's
(``/ledgers/waste-collections/`` and ``/ledgers/waste-transfers/``). Scope is ``restrict()``;
a region, a row or a point outside it is a 404.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db.models import Count, Max, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renju.cases.choices import OPEN_STATES
from renju.cases.models import Case
from renju.core import audit, jobs, spreadsheets
from renju.core.jobs import job_handler
from renju.core.ledgers import Ledger, get_ledger
from renju.core.ledgers import transfer as ledger_transfer
from renju.core.ledgers.views import INLINE_EXPORT_ROWS
from renju.core.models import Job
from renju.core.models.audit import Channel
from renju.core.pagination import paginate
from renju.core.scoping import ADD, CHANGE, EXPORT, IMPORT, VIEW, get_scoped_or_404, user_can
from renju.regions.models import Region
from renju.regions.services import home_region, region_for_user

from . import records
from .cases import OVERFLOW
from .forms import CollectionForm, OverflowForm, TransferForm, new_key, reference_rows
from .models import (
    Collection,
    CollectionPoint,
    Transfer,
    TransferStation,
    TreatmentPlant,
    WasteVehicle,
)

DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Kind:
    """What differs between the two record pages."""

    slug: str  # the ledger's
    model: Any
    day: str  # the date field
    amount: str  # the kilograms field
    filters: tuple[str, ...]  # the foreign keys the page filters by

    @property
    def ledger(self) -> Ledger:
        return get_ledger(self.slug)


COLLECTIONS = Kind(
    "waste-collections", Collection, "collected_on", "weight_kg", ("vehicle", "station", "plant")
)
TRANSFERS = Kind("waste-transfers", Transfer, "transferred_on", "net_kg", ("station", "plant"))
KINDS = {k.slug: k for k in (COLLECTIONS, TRANSFERS)}
REFERENCE = {"vehicle": WasteVehicle, "station": TransferStation, "plant": TreatmentPlant}


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value or ""))
    except ValueError:
        return None


def _int(value: Any) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


@dataclass
class Filter:
    since: datetime.date
    until: datetime.date
    region: Region | None
    picked: dict[str, int | None]
    q: str

    def params(self) -> dict[str, str]:
        """The filter as query parameters (what an export job keeps)."""
        out = {"since": self.since.isoformat(), "until": self.until.isoformat()}
        if self.region is not None:
            out["region"] = self.region.code
        for name, pk in self.picked.items():
            if pk is not None:
                out[name] = str(pk)
        if self.q:
            out["q"] = self.q
        return out


def read_filter(kind: Kind, user: Any, params: Any) -> Filter:
    """The page's filter; a region code outside the user's scope is a 404."""
    today = timezone.localdate()
    until = _date(params.get("until")) or today
    since = _date(params.get("since")) or until - datetime.timedelta(days=DEFAULT_DAYS - 1)
    if until < since:
        since, until = until, since
    code = str(params.get("region", "")).strip()
    region = None
    if code:
        region = region_for_user(user, code)
        if region is None:
            raise Http404
    picked = {name: _int(params.get(name, "")) for name in kind.filters}
    return Filter(since, until, region, picked, str(params.get("q", "")).strip()[:32])


def filtered(kind: Kind, user: Any, action: str, flt: Filter) -> QuerySet[Any]:
    """The rows in the user's scope that match the filter."""
    rows = kind.model.objects.restrict(user, action).filter(
        **{f"{kind.day}__range": (flt.since, flt.until)}
    )
    if flt.region is not None:
        rows = rows.filter(flt.region.scope_filter())
    for name, pk in flt.picked.items():
        if pk is not None:
            rows = rows.filter(**{f"{name}_id": pk})
    if flt.q:
        rows = rows.filter(code__startswith=flt.q)
    return rows


def _controls(kind: Kind, user: Any, flt: Filter) -> list[dict[str, Any]]:
    controls = []
    for name in kind.filters:
        options = [
            (obj.pk, f"{getattr(obj, 'name', '') or obj.code}")
            for obj in reference_rows(REFERENCE[name], user, VIEW)[:500]
        ]
        controls.append(
            {
                "name": name,
                "label": str(kind.model._meta.get_field(name).verbose_name),
                "value": flt.picked.get(name),
                "options": options,
            }
        )
    return controls


def _list(request: HttpRequest, kind: Kind) -> HttpResponse:
    if not user_can(request.user, VIEW):
        raise Http404
    flt = read_filter(kind, request.user, request.GET)
    fmt = request.GET.get("format", "")
    if fmt in {"csv", "xlsx"}:
        return _export(request, kind, flt, fmt)
    rows = filtered(kind, request.user, VIEW, flt)
    totals = rows.order_by().aggregate(n=Count("pk"), kg=Sum(kind.amount))
    ordered = rows.select_related(*kind.ledger.select_related).order_by(
        f"-{kind.day}", "-time", "-pk"
    )
    page = paginate(ordered, request.GET.get("page"))
    query = request.GET.copy()
    for name in ("page", "format"):
        query.pop(name, None)
    region = flt.region or home_region(request.user)
    ledger = kind.ledger
    context = {
        "kind": kind,
        "ledger": ledger,
        "flt": flt,
        "page": page,
        "totals": totals,
        "region": region,
        "crumb_base": f"?since={flt.since}&until={flt.until}&region=",
        "controls": _controls(kind, request.user, flt),
        "query": query.urlencode(),
        "can": {
            "add": user_can(request.user, ADD),
            "import": user_can(request.user, IMPORT),
            "export": user_can(request.user, EXPORT),
        },
        "new_url": reverse(f"waste:{'collection' if kind is COLLECTIONS else 'transfer'}-new"),
    }
    return render(request, "waste/records.html", context)


def _export(request: HttpRequest, kind: Kind, flt: Filter, fmt: str) -> Any:
    if not user_can(request.user, EXPORT):
        raise Http404
    rows = filtered(kind, request.user, EXPORT, flt).order_by("pk")
    count = rows.order_by()[: INLINE_EXPORT_ROWS + 1].count()
    ledger = kind.ledger
    if count > INLINE_EXPORT_ROWS:
        job = Job.objects.create(
            kind="waste_record_export",
            title=_("Export %(ledger)s") % {"ledger": ledger.verbose_name_plural},
            user=request.user,  # type: ignore[misc]
            params={"ledger": kind.slug, "format": fmt, "filters": flt.params()},
        )
        jobs.start(job, inline=False)
        return redirect("core:job", pk=job.pk)
    ledger_transfer.record_export(ledger, count, flt.params())
    return spreadsheets.download_response(
        kind.slug,
        ledger.verbose_name_plural,
        ledger_transfer.headers(ledger),
        ledger_transfer.export_rows(ledger, rows, request.user),
        fmt,
        exported_at=timezone.now(),  # a ledger's sheet: its re-import checks for later changes
    )


@job_handler("waste_record_export")
def run_record_export(job: Job, progress: Callable[[int, int, str], None]) -> dict[str, Any]:
    """A large export of a record page's filter, in the ledger's template columns."""
    kind = KINDS[job.params["ledger"]]
    flt = read_filter(kind, job.user, job.params.get("filters", {}))
    rows = filtered(kind, job.user, EXPORT, flt).order_by("pk")
    fmt = job.params["format"]
    moment = timezone.now()
    content, count = ledger_transfer.write_export(
        kind.ledger, rows, fmt, job.user, progress, exported_at=moment
    )
    job.output_file.save(
        ledger_transfer.export_filename(kind.ledger, fmt, moment), ContentFile(content), save=False
    )
    with audit.audit_context(actor=job.user, channel=Channel.PAGE):
        ledger_transfer.record_export(kind.ledger, count, flt.params())
    return {"rows": count}


@login_required
def collection_list(request: HttpRequest) -> HttpResponse:
    return _list(request, COLLECTIONS)


@login_required
def transfer_list(request: HttpRequest) -> HttpResponse:
    return _list(request, TRANSFERS)


# --- the phone forms -----------------------------------------------------------------------


def _saved(request: HttpRequest, kind: Kind, row: Any, created: bool) -> None:
    _remember(request, kind, row)
    if created:
        messages.success(request, _("Recorded: %(code)s.") % {"code": row.code})
    else:
        messages.info(request, _("Already recorded: %(code)s.") % {"code": row.code})


def may_record(user: Any) -> bool:
    """Who may open the record forms (collections, weighbridge tickets): a user who may add
    records somewhere; each record is then checked against her scope."""
    return user_can(user, ADD)


def _record_form(
    request: HttpRequest,
    kind: Kind,
    form_class: Any,
    submit: Callable[[Any, dict[str, Any]], tuple[Any, bool]],
    next_url: Callable[[Any], str],
    title: str,
) -> HttpResponse:
    """The phone form of one kind of record: validate, submit once, then ready for the next."""
    if not may_record(request.user):
        raise Http404
    form = form_class(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row, created = submit(request.user, form.cleaned_data)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            _saved(request, kind, row, created)
            return redirect(next_url(row))
    elif request.method != "POST" and request.GET.get("village") and "village" in form.fields:
        form.initial["village"] = request.GET["village"]
    return render(
        request,
        "waste/record_form.html",
        {"form": form, "kind": kind, "recent": _recent(request, kind), "title": title},
        status=400 if request.method == "POST" else 200,
    )


def _submit_collection(user: Any, data: dict[str, Any]) -> tuple[Any, bool]:
    return records.submit_collection(
        user,
        data["village"],
        data["collected_on"],
        weight_kg=data["weight_kg"],
        volume_l=data["volume_l"],
        time=data["time"],
        vehicle=data["vehicle"],
        station=data["station"],
        plant=data["plant"],
        code=data["code"],
        idempotency_key=data["key"],
    )


def _submit_transfer(user: Any, data: dict[str, Any]) -> tuple[Any, bool]:
    return records.submit_transfer(
        user,
        data["station"],
        data["plant"],
        data["transferred_on"],
        data["net_kg"],
        time=data["time"],
        code=data["code"],
        vehicle=data["vehicle"],
        idempotency_key=data["key"],
    )


@login_required
def collection_new(request: HttpRequest) -> HttpResponse:
    """Record one collection on a phone; after saving, the form is ready for the next."""
    return _record_form(
        request,
        COLLECTIONS,
        CollectionForm,
        _submit_collection,
        lambda row: reverse("waste:collection-new") + f"?village={row.region.code}",
        _("Record a collection"),
    )


@login_required
def transfer_new(request: HttpRequest) -> HttpResponse:
    """Record one weighbridge ticket (a station's load weighed at the plant)."""
    return _record_form(
        request,
        TRANSFERS,
        TransferForm,
        _submit_transfer,
        lambda row: reverse("waste:transfer-new"),
        _("Record a weighbridge ticket"),
    )


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _remember(request: HttpRequest, kind: Kind, row: Any) -> None:
    """Keep the ids of the user's last records in the session (the form lists them)."""
    key = f"waste-recent-{kind.slug}"
    request.session[key] = [row.pk, *[i for i in request.session.get(key, []) if i != row.pk]][:5]


def _recent(request: HttpRequest, kind: Kind) -> list[Any]:
    """The user's last records in this session (today's work at a glance), still in scope."""
    ids = request.session.get(f"waste-recent-{kind.slug}", [])
    if not ids:
        return []
    rows = kind.model.objects.restrict(request.user, VIEW).filter(pk__in=ids)
    return sorted(rows.select_related("region"), key=lambda r: ids.index(r.pk))


# --- a collection point ---------------------------------------------------------------------


@login_required
def point_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A collection point: its figures, its open overflow case, the button to report one."""
    point = get_scoped_or_404(CollectionPoint.objects, request.user, VIEW, pk=pk)
    case = Case.objects.filter(
        category=OVERFLOW.key,
        subject_type=point._meta.label_lower,
        subject_id=point.pk,
        state__in=OPEN_STATES,
    ).first()
    can_report = CollectionPoint.objects.restrict(request.user, CHANGE).filter(pk=pk).exists()
    since = timezone.localdate() - datetime.timedelta(days=6)
    week = (
        Collection.objects.restrict(request.user, VIEW)
        .filter(village_id=point.village_id, collected_on__gte=since)
        .aggregate(n=Count("pk"), kg=Sum("weight_kg"), last=Max("collected_on"))
    )
    return render(
        request,
        "waste/point.html",
        {
            "point": point,
            "case": case,
            "can_report": can_report,
            "form": OverflowForm(initial={"key": new_key()}),
            "week": week,
            "ledger_url": reverse("ledgers:waste-collection-points-detail", args=[point.pk]),
        },
    )


@login_required
@require_POST
def overflow(request: HttpRequest, pk: int) -> HttpResponse:
    """满溢上报: one active case per point; the form's key makes a double tap one report."""
    point = get_scoped_or_404(CollectionPoint.objects, request.user, CHANGE, pk=pk)
    form = OverflowForm(request.POST)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    case, created = records.report_overflow(
        point,
        user=request.user,
        description=data.get("description", ""),
        idempotency_key=data.get("key") or None,
    )
    if created:
        messages.success(request, _("Case %(code)s opened.") % {"code": case.code})
    else:
        messages.info(request, _("Added to case %(code)s.") % {"code": case.code})
    return redirect("waste:point", pk=point.pk)
