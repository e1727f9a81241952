"""Core pages: the region home page, job progress, the audit log, health."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from renju.core import audit, spreadsheets
from renju.core.audit_display import describe, local_time
from renju.core.jobs import origin_of, progress_of
from renju.core.masking import ledger_masks, mask_changes
from renju.core.models import AuditEvent, Job
from renju.core.pagination import paginate
from renju.core.scoping import EXPORT, VIEW, region_in_scope_of, scope_regions, user_can
from renju.regions.choices import ANCESTOR_FIELD, Level
from renju.regions.models import Region
from renju.regions.services import children_for_user, home_region, region_for_user

HouseholdTotals = tuple[dict[str, Any], dict[int, int]]
AUDIT_EXPORT_CHUNK = 2000  # events described (and their related names looked up) at a time
AUDIT_EXPORT_LIMIT = 100_000  # events in one export of the log


def household_counts(households: QuerySet[Any], child_field: str | None) -> HouseholdTotals:
    """A home page's totals and each child's household count, in one pass over the rows.

    One GROUP BY on the children's column computes every aggregate per child; the totals are
    the sums of the groups (rows without that column form a group of their own).
    """
    aggregates = {
        "n_households": Count("pk"),
        "n_people": Sum("members"),
        "n_away": Count("pk", filter=Q(status="away")),
        "n_low_income": Count("pk", filter=Q(low_income=True)),
    }
    return _totals(households, child_field, aggregates)


def tallied_counts(user: Any, region: Region, child_field: str) -> HouseholdTotals | None:
    """The same figures from the per-village tallies the database keeps (a few thousand rows
    for the whole city instead of a million households), or None where tallies cannot answer:
    below the town level, or for a user whose scope is cut below the village level."""
    from renju.households.models import HouseholdTally

    regions = scope_regions(user, VIEW)
    if region.level >= Level.VILLAGE or child_field == "region":
        return None
    if regions is not None and any(r.level > Level.VILLAGE for r in regions):
        return None
    tallies = HouseholdTally.objects.restrict(user).filter(region.scope_filter())
    aggregates = {
        "n_households": Sum("households"),
        "n_people": Sum("people"),
        "n_away": Sum("away"),
        "n_low_income": Sum("low_income"),
    }
    return _totals(tallies.filter(households__gt=0), child_field, aggregates)


def _totals(
    rows: QuerySet[Any], child_field: str | None, aggregates: dict[str, Any]
) -> HouseholdTotals:
    if child_field is None:
        row = rows.aggregate(**aggregates)
        groups = [row] if row["n_households"] else []
        per_child: dict[int, int] = {}
    else:
        column = f"{child_field}_id"
        groups = list(rows.order_by().values(column).annotate(**aggregates))
        per_child = {g[column]: g["n_households"] for g in groups}
    totals = {
        "households": sum(g["n_households"] for g in groups),
        "people": sum(g["n_people"] for g in groups) if groups else None,
        "away": sum(g["n_away"] for g in groups),
        "low_income": sum(g["n_low_income"] for g in groups),
    }
    return totals, per_child


def child_field_of(region: Region) -> str:
    """The household column that names a region's children: the ancestor column one level
    down, or the row's own region below the village level."""
    if region.level >= Level.HAMLET:
        return "region"
    return ANCESTOR_FIELD.get(Level(region.level + 1), "region")


def predecessors(region: Region) -> list[tuple[Any, Region]]:
    """The changes that made ``region`` and the units it came from, each readable at its own
    version (a rename or a merge may keep the code: ``/r/<code>/`` is then the new unit)."""
    changes = region.changes_in.prefetch_related("sources").order_by("-effective_date")  # type: ignore[attr-defined]
    return [(change, source) for change in changes for source in change.sources.all()]


@login_required
def home(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """A region's home page: its key counts, its children with theirs, and a map."""
    version = request.GET.get("version")
    region = region_for_user(request.user, code, version) if code else home_region(request.user)
    if region is None:
        raise Http404
    from renju.households.models import Household

    households = Household.objects.restrict(request.user).filter(region.scope_filter())
    children = list(children_for_user(request.user, region).order_by("code"))
    child_field = child_field_of(region)
    counted = tallied_counts(request.user, region, child_field)
    totals, per_child = counted or household_counts(
        households, child_field if region.level < Level.HAMLET else None
    )
    units = Region.objects.current().filter(region.scope_filter_for_regions())
    scope = scope_regions(request.user, VIEW)
    if scope is not None and not region_in_scope_of(region, scope):
        # Above her grants, the page is her part of it: her towns and villages, not the city's.
        units = units.restrict(request.user)
    level_counts = dict(units.values_list("level").annotate(n=Count("pk")))
    context = {
        "region": region,
        "ancestors": region.ancestors(),
        "children": [(c, per_child.get(c.pk, 0)) for c in children],
        # A village's households in none of its hamlets (a merged village's own, say): a row of
        # their own, so that the rows add up to the village.
        "direct": (
            totals["households"] - sum(per_child.get(c.pk, 0) for c in children)
            if children and region.level == Level.VILLAGE
            else 0
        ),
        "totals": totals,
        "towns": level_counts.get(Level.TOWN, 0),
        "villages": level_counts.get(Level.VILLAGE, 0),
        "history": region.changes_out.all()[:5] if not region.is_current else [],  # type: ignore[attr-defined]
        "predecessors": predecessors(region),
        "households_open": user_can(request.user, VIEW, Household),  # not for companies
    }
    return render(request, "core/home.html", context)


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's progress; htmx polls the bar until the job ends."""
    job = get_object_or_404(
        Job, pk=pk, **({} if request.user.is_superuser else {"user": request.user})
    )
    context = {"job": job, "progress": progress_of(job), "origin": origin_of(job)}
    if request.headers.get("HX-Request"):
        return render(request, "core/_job_progress.html", context)
    return render(request, "core/job.html", context)


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = get_object_or_404(
        Job, pk=pk, **({} if request.user.is_superuser else {"user": request.user})
    )
    if not job.output_file:
        raise Http404
    return FileResponse(
        job.output_file.open("rb"),
        as_attachment=True,
        filename=job.output_file.name.rsplit("/", 1)[-1],
    )


def _audit_queryset(request: HttpRequest) -> tuple[QuerySet[AuditEvent], Region | None]:
    events = AuditEvent.objects.restrict(request.user, VIEW)
    region = None
    if code := request.GET.get("region", "").strip():
        region = region_for_user(request.user, code, request.GET.get("version"))
        events = events.filter(region.scope_filter()) if region else events.none()
    if action := request.GET.get("action"):
        events = events.filter(action=action)
    if channel := request.GET.get("channel"):
        events = events.filter(channel=channel)
    if actor := request.GET.get("actor", "").strip():
        events = events.filter(actor_label__startswith=actor)
    if object_type := request.GET.get("object_type"):
        events = events.filter(object_type=object_type)
    for param, lookup in (("since", "time__date__gte"), ("until", "time__date__lte")):
        if value := request.GET.get(param):
            with contextlib.suppress(ValueError):
                events = events.filter(**{lookup: datetime.date.fromisoformat(value)})
    return events.order_by("-time", "-pk"), region


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log of the regions in scope, with filters and export; not a company's: the
    towns' officials' work is not its own."""
    from renju.accounts.scope import is_company_user

    if scope_regions(request.user, VIEW) == [] or is_company_user(request.user):
        raise Http404
    events, region = _audit_queryset(request)
    if request.GET.get("format") in {"csv", "xlsx"} and user_can(request.user, EXPORT):
        # Who took the log is on record like any export.
        count = events[:AUDIT_EXPORT_LIMIT].count()
        audit.record_export("core.auditevent", _("audit log"), count, request.GET)
        return _export_audit(events, request.GET["format"])
    from renju.core.models.audit import AuditAction, Channel

    query = request.GET.copy()
    query.pop("page", None)
    page = paginate(events, request.GET.get("page"))
    # Personal data stays masked in the log; it is in full on the row's page for who may change it.
    mask_changes(page.rows, ledger_masks)
    context = {
        "page": page,
        "region": region,
        "actions": AuditAction.choices,
        "channels": Channel.choices,
        "query": query.urlencode(),
        "can_export": user_can(request.user, EXPORT),
    }
    return render(request, "core/audit_log.html", context)


def _masked(events: Iterator[AuditEvent]) -> Iterator[AuditEvent]:
    for event in events:
        mask_changes([event], ledger_masks)
        yield event


def _export_audit(events: QuerySet[AuditEvent], fmt: str) -> HttpResponse:
    headers = [
        _("time"),
        _("actor"),
        _("channel"),
        _("action"),
        _("object type"),
        _("object ID"),
        _("object"),
        _("region"),
        _("changes"),
        _("note"),
    ]
    response: HttpResponse = spreadsheets.download_response(
        "audit",
        "audit",
        headers,
        _audit_rows(events.select_related("region")[:AUDIT_EXPORT_LIMIT]),
        fmt,
        filename=f"audit.{fmt}",
        stream=False,
    )
    return response


def _audit_rows(events: QuerySet[AuditEvent]) -> Iterator[list[Any]]:
    """The export's rows as the log shows them: local time, the region's code and name, the
    changes under their fields' names (``core.audit_display``), a chunk of events at a time."""
    chunk: list[AuditEvent] = []
    for event in _masked(events.iterator(chunk_size=AUDIT_EXPORT_CHUNK)):
        chunk.append(event)
        if len(chunk) == AUDIT_EXPORT_CHUNK:
            yield from _described_rows(chunk)
            chunk = []
    yield from _described_rows(chunk)


def _described_rows(events: list[AuditEvent]) -> Iterator[list[Any]]:
    for e, changes in describe(events):
        region = e.region
        yield [
            local_time(e.time),
            e.actor_label,
            e.get_channel_display(),
            e.get_action_display(),
            e.object_type,
            e.object_id,
            e.object_repr,
            f"{region.code} {region.name}" if region is not None else "",
            "; ".join(map(str, changes)),
            e.note,
        ]


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page; a 503 asking to try again when the database was busy (SQLite holds one
    writer at a time: a sign-in during a long import waited out its timeout and answered 500)."""
    import sys

    from django.db import OperationalError
    from django.template import loader

    error = sys.exc_info()[1]
    if isinstance(error, OperationalError) and "locked" in str(error):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "10"
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)
