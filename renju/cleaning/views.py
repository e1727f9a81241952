"""Cleaning pages (S3, S15): the inspection on a phone, scores, staffing and wages, documents,
campaigns. Views parse, call an action and render; "not allowed" is answered as "not found"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renju.cases.actions import CaseActionError
from renju.core import actions
from renju.core.scoping import ADD, CHANGE, VIEW, get_scoped_or_404, region_in_scope, user_can
from renju.regions.choices import Level
from renju.regions.models import Region
from renju.regions.services import region_of_figures

from . import inspections, reports
from .choices import CampaignResult
from .forms import DocumentUploadForm, InspectionForm
from .models import Campaign, CampaignVillage, CleaningDocument, Finding, Inspection


def require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _region(request: HttpRequest) -> Region | None:
    code = request.GET.get("region", "").strip()
    return region_of_figures(request.user, code or None)


def _display_name(user: Any) -> str:
    """Her name as the pages show it (``User.__str__``: her display name, else her login)."""
    return str(user.get_full_name() or user)


class VillageForm(forms.Form):
    village = forms.CharField(
        label=gettext_lazy("village code"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "form-control"}),
    )


@login_required
def inspect_start(request: HttpRequest) -> HttpResponse:
    """Pick the village to inspect (its 12-digit code)."""
    require(inspections.may_start_inspection(request.user))
    form = VillageForm(request.GET or None)
    if form.is_valid():
        village = (
            Region.objects.current()
            .within(request.user, ADD)
            .filter(code=form.cleaned_data["village"].strip(), level=Level.VILLAGE)
            .first()
        )
        if village is not None:
            return redirect("cleaning:inspect-village", code=village.code)
        form.add_error("village", _("No such village in your area."))
    return render(request, "cleaning/inspect_start.html", {"form": form})


@login_required
def inspect_village(request: HttpRequest, code: str) -> HttpResponse:
    """The village's score sheet and the re-check of its open findings, on a phone."""
    require(inspections.is_inspector(request.user))
    village = (
        Region.objects.current()
        .within(request.user, ADD)
        .filter(code=code, level=Level.VILLAGE)
        .first()
    )
    require(village is not None and region_in_scope(request.user, village, CHANGE))
    assert village is not None
    chain = [village.city_id, village.county_id, village.town_id, village.pk]
    campaigns = Campaign.objects.filter(  # scope: the campaigns over a village in scope
        Q(region_id__in=[pk for pk in chain if pk])
    ).order_by("-starts_on")
    form = InspectionForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        items=inspections.score_sheet(village),
        open_findings=inspections.open_findings(village),
        campaigns=campaigns,
        initial={"inspector_name": _display_name(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            inspection = inspections.record_inspection(
                request.user,
                village,
                form.cleaned_data["inspected_on"],
                form.cleaned_data["inspector_name"],
                form.findings,
                form.rechecks,
                form.cleaned_data.get("campaign"),
                form.cleaned_data.get("note", ""),
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except CaseActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Inspection %(code)s saved: %(score)s points, %(n)s findings.")
                % {
                    "code": inspection.code,
                    "score": inspection.score,
                    "n": inspection.finding_count,
                },
            )
            return redirect("cleaning:inspection", pk=inspection.pk)
    return render(
        request,
        "cleaning/inspect.html",
        {"form": form, "village": village},
        status=400 if form.errors else 200,
    )


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspections_seen = Inspection.objects.restrict(request.user, VIEW)
    inspection = get_scoped_or_404(
        inspections_seen.select_related("region", "company", "campaign"), request.user, pk=pk
    )
    findings = list(
        Finding.objects.restrict(request.user, VIEW)
        .filter(inspection=inspection)
        .select_related("item", "case")
        .order_by("pk")
    )
    rectified = list(
        Finding.objects.restrict(request.user, VIEW)
        .filter(rechecked_in=inspection)
        .select_related("item", "case")
    )
    return render(
        request,
        "cleaning/inspection.html",
        {"inspection": inspection, "findings": findings, "rectified": rectified},
    )


@login_required
def finding_photo(request: HttpRequest, pk: int) -> FileResponse:
    finding = get_scoped_or_404(Finding.objects.all(), request.user, VIEW, pk=pk)
    if not finding.photo:
        raise Http404
    return FileResponse(finding.photo.open("rb"))


@login_required
def scores(request: HttpRequest) -> HttpResponse:
    """Cleanliness scores and rectification by child region, and the companies' scores."""
    require(user_can(request.user, VIEW))
    region = _region(request)
    require(region is not None)
    assert region is not None
    rows = reports.summary(request.user, region)
    return render(
        request,
        "cleaning/scores.html",
        {
            "region": region,
            "rows": rows,
            "total": reports.total(rows, region),
            "companies": reports.company_scores(request.user, region),
            "recent": Inspection.objects.restrict(request.user, VIEW)
            .filter(region.scope_filter())
            .select_related("region")
            .order_by("-inspected_on", "-pk")[:20],
            "can_inspect": inspections.may_start_inspection(request.user),
        },
    )


@login_required
def staffing(request: HttpRequest) -> HttpResponse:
    """Cleaners against the norm, and wages paid on time, by child region."""
    require(user_can(request.user, VIEW))
    region = _region(request)
    require(region is not None)
    assert region is not None
    from .staffing import norm_for

    rows = reports.summary(request.user, region)
    norm, source = norm_for(region)
    return render(
        request,
        "cleaning/staffing.html",
        {
            "region": region,
            "rows": rows,
            "total": reports.total(rows, region),
            "norm": norm,
            "norm_source": source,
        },
    )


@login_required
def documents(request: HttpRequest) -> HttpResponse:
    """Town rules and village standards in scope, with their checklist items and files."""
    require(user_can(request.user, VIEW))
    region = _region(request)
    require(region is not None)
    assert region is not None
    docs = (
        CleaningDocument.objects.restrict(request.user, VIEW)
        .filter(region.scope_filter())
        .select_related("region")
        .annotate(item_count=Count("items"))
        .order_by("region__code", "-adopted_on")[:200]
    )
    return render(
        request,
        "cleaning/documents.html",
        {"region": region, "documents": docs, "can_change": user_can(request.user, CHANGE)},
    )


@login_required
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload (or replace) the file of town rules or a village standard; audited."""
    document = get_scoped_or_404(CleaningDocument.objects.all(), request.user, CHANGE, pk=pk)
    form = DocumentUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            with transaction.atomic():
                document.file.save(upload.name, upload, save=False)
                actions.save_object(request.user, document, note=_("file uploaded"))
        except PermissionDenied as exc:
            raise Http404 from exc
        messages.success(request, _("File uploaded."))
        return redirect(reverse("cleaning:documents") + f"?region={document.region.code}")
    return render(
        request,
        "cleaning/document_upload.html",
        {"form": form, "document": document},
        status=400 if form.errors else 200,
    )


@login_required
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    document = get_scoped_or_404(CleaningDocument.objects.all(), request.user, VIEW, pk=pk)
    if not document.file:
        raise Http404
    extension = document.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=f"{document.title}.{extension}"
    )


@login_required
def campaigns(request: HttpRequest) -> HttpResponse:
    """Campaigns over the region (and above it), with villages covered and their results."""
    require(user_can(request.user, VIEW))
    region = _region(request)
    require(region is not None)
    assert region is not None
    chain = [region.pk, *region.ancestor_ids()]
    covered = CampaignVillage.objects.restrict(request.user, VIEW).filter(region.scope_filter())
    stats = {
        r["campaign_id"]: r
        for r in covered.order_by()
        .values("campaign_id")
        .annotate(
            villages=Count("pk"),
            done=Count("pk", filter=Q(result=CampaignResult.DONE)),
            heaps=Sum("heaps_cleared"),
            tonnes=Sum("garbage_tonnes"),
        )
    }
    found = (
        Campaign.objects.filter(Q(region_id__in=chain) | Q(pk__in=list(stats)))  # scope: chain
        .select_related("region")
        .order_by("-starts_on")[:100]
    )
    scored = {
        r["campaign_id"]: r
        for r in Inspection.objects.restrict(request.user, VIEW)
        .filter(region.scope_filter(), campaign__isnull=False)
        .order_by()
        .values("campaign_id")
        .annotate(n=Count("pk"), total=Sum("score"))
    }
    rows: list[dict[str, Any]] = []
    for campaign in found:
        s, i = stats.get(campaign.pk, {}), scored.get(campaign.pk, {})
        rows.append(
            {
                "campaign": campaign,
                "villages": s.get("villages", 0),
                "done": s.get("done", 0),
                "heaps": s.get("heaps") or 0,
                "tonnes": s.get("tonnes") or 0,
                "inspections": i.get("n", 0),
                "score": reports.ratio(float(i.get("total") or 0), i.get("n", 0), 1.0),
            }
        )
    return render(request, "cleaning/campaigns.html", {"region": region, "rows": rows})
