"""Plan pages (list, create, edit, detail, workflow), a project's page with its funding and
milestones, the funds summaries and the responsibility matrix.

Views parse, call an action and render; who may do what is decided in ``actions`` and by
``restrict``; out of scope and not found are the same 404.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renju.accounts.choices import Department
from renju.core.forms import labelled_errors
from renju.core.ledgers import get_ledger
from renju.core.models import AuditEvent
from renju.core.scoping import CHANGE, VIEW, get_scoped_or_404, user_can
from renju.indicators.registry import get_indicator, indicators
from renju.regions.models import Region
from renju.regions.services import region_of_figures

from . import actions
from .choices import FundingSource, PlanStatus, ProjectDomain, ResponsibilityRole
from .fields import indicator_name
from .forms import (
    FundingForm,
    KeyPointFormSet,
    MilestoneForm,
    PlanForm,
    PlanTargetFormSet,
    ReviewForm,
    VillagesForm,
)
from .models import CountyPlan, Funding, Milestone, Project, Responsibility

# --- plans ---------------------------------------------------------------------------------------


def _plan(request: HttpRequest, pk: int) -> CountyPlan:
    queryset: Any = CountyPlan.objects.select_related("region", "reviewed_by")
    plan: CountyPlan = get_scoped_or_404(queryset, request.user, VIEW, pk=pk)
    return plan


def _government_only(request: HttpRequest) -> None:
    """The plans, the projects' funds and the division of work are the government's: a
    company's people (closed to the projects ledger) find nothing here."""
    if not user_can(request.user, VIEW, Project):
        raise Http404


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    _government_only(request)
    plans = CountyPlan.objects.restrict(request.user).select_related("region")
    status = request.GET.get("status", "")
    if status in PlanStatus.values:
        plans = plans.filter(status=status)
    rows = list(plans.annotate(n_targets=Count("targets")).order_by("region__code", "-pk"))
    context = {
        "plans": rows,
        "status": status,
        "statuses": PlanStatus.choices,
        "can_create": bool(actions.drafting_counties(request.user)),
        "to_review": [p for p in rows if p.status == PlanStatus.SUBMITTED]
        if any(actions.can_review(request.user, p.region) for p in rows[:50])
        else [],
    }
    return render(request, "plans/plan_list.html", context)


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    counties = actions.drafting_counties(request.user)
    if not counties:
        raise Http404
    form = PlanForm(request.POST or None, request.FILES or None, counties=counties)
    if request.method == "POST" and form.is_valid():
        try:
            plan = actions.create_plan(request.user, form.instance)
        except PermissionDenied as exc:
            raise Http404 from exc
        messages.success(request, _("Plan created with the county's baseline. Add its targets."))
        return redirect("plans:edit", pk=plan.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/plan_form.html", {"form": form, "plan": None}, status=status)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    if not actions.can_draft(request.user, plan.region):
        raise Http404
    if not plan.is_editable:
        messages.warning(request, _("Only draft or returned plans can be changed."))
        return redirect("plans:detail", pk=plan.pk)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = PlanForm(data, files, instance=plan)
    targets = PlanTargetFormSet(data, instance=plan, prefix="targets")
    key_points = KeyPointFormSet(
        data, instance=plan, prefix="towns", form_kwargs={"county": plan.region}
    )
    if request.method == "POST":
        # The plan form first: the targets' years are checked against its (new) period.
        valid = form.is_valid()
        valid = targets.is_valid() and valid
        valid = key_points.is_valid() and valid
        if valid:
            children = [*targets.save(commit=False), *key_points.save(commit=False)]
            deleted = [*targets.deleted_objects, *key_points.deleted_objects]
            try:
                actions.save_plan(request.user, form.instance, children=children, deleted=deleted)
            except PermissionDenied as exc:
                raise Http404 from exc
            except actions.WorkflowError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Saved."))
                return redirect("plans:detail", pk=plan.pk)
    context = {"form": form, "plan": plan, "targets": targets, "key_points": key_points}
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/plan_form.html", context, status=status)


def _target_rows(plan: CountyPlan) -> tuple[list[int], list[dict[str, Any]]]:
    """Rows of indicators × the plan's target years, with the baseline value first."""
    by_key: dict[str, dict[int, Any]] = defaultdict(dict)
    notes: dict[str, list[str]] = defaultdict(list)
    for target in plan.targets.all():
        by_key[target.indicator][target.year] = target.value
        if target.note:
            notes[target.indicator].append(f"{target.year}: {target.note}")
    years = sorted({year for values in by_key.values() for year in values})
    rows = []
    for key, values in sorted(by_key.items()):
        try:
            unit = get_indicator(key).unit
        except KeyError:
            unit = ""
        baseline = (plan.baseline or {}).get(key, {})
        rows.append(
            {
                "key": key,
                "name": indicator_name(key),
                "unit": unit,
                "baseline": baseline.get("value"),
                "values": [values.get(year) for year in years],
                "notes": "; ".join(notes[key]),
            }
        )
    return years, rows


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    years, rows = _target_rows(plan)
    baseline = [
        {"name": indicator_name(key), "unit": _unit(key), **values}
        for key, values in (plan.baseline or {}).items()
    ]
    history = AuditEvent.objects.filter(
        object_type="plans.countyplan", object_id=str(plan.pk)
    ).order_by("-time", "-pk")[:100]
    may_draft = actions.can_draft(request.user, plan.region)
    may_review = actions.can_review(request.user, plan.region)
    context = {
        "plan": plan,
        "years": years,
        "rows": rows,
        "baseline": baseline,
        "key_points": plan.key_points.select_related("town"),
        "projects": Project.objects.restrict(request.user)
        .filter(county=plan.region_id)
        .select_related("region")
        .order_by("code")[:100],
        "history": history,
        "can_edit": may_draft and plan.is_editable,
        "can_submit": may_draft and plan.is_editable,
        "can_review": may_review and plan.status == PlanStatus.SUBMITTED,
        "review_form": ReviewForm(),
        "tab": request.GET.get("tab", ""),
    }
    return render(request, "plans/plan_detail.html", context)


def _unit(key: str) -> str:
    try:
        return get_indicator(key).unit
    except KeyError:
        return ""


@login_required
@require_POST
def plan_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    plan = _plan(request, pk)
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    done = {
        "submit": (lambda: actions.submit_plan(request.user, plan), _("Plan submitted.")),
        "approve": (
            lambda: actions.approve_plan(request.user, plan, note),
            _("Plan approved; its targets now apply to the county."),
        ),
        "return": (lambda: actions.return_plan(request.user, plan, note), _("Plan returned.")),
    }
    if step not in done:
        raise Http404
    run, message = done[step]
    try:
        run()
    except PermissionDenied as exc:
        raise Http404 from exc
    except actions.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, message)
    return redirect("plans:detail", pk=plan.pk)


@login_required
def plan_document(request: HttpRequest, pk: int) -> FileResponse:
    plan = _plan(request, pk)
    if not plan.document:
        raise Http404
    name = plan.document.name.rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1]
    return FileResponse(
        plan.document.open("rb"),
        as_attachment=True,
        filename=f"{plan.region.name}-{plan.title}.{extension}",
    )


# --- projects ------------------------------------------------------------------------------------


def _project(request: HttpRequest, pk: int, action: str = VIEW) -> Project:
    project = Project.objects.restrict(request.user, action).select_related("region")
    found: Project | None = project.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_page(request, _project(request, pk))


def _project_page(
    request: HttpRequest, project: Project, status: int = 200, **forms: Any
) -> HttpResponse:
    """The project's page; ``forms`` are bound forms shown again as the user filled them in
    (a refused milestone keeps its name and dates), in place of the empty ones."""
    can_change = Project.objects.restrict(request.user, CHANGE).filter(pk=project.pk).exists()
    ledger = get_ledger("projects")
    fields = []
    for column in ledger.spreadsheet_columns:
        value = ledger.mask(project, column.name)
        fields.append((ledger.field_label(column.name), value if value not in ("", None) else "—"))
    fundings = list(project.fundings.all())
    funded = sum(f.amount for f in fundings)
    today = timezone.localdate()
    milestones = [(m, m.is_late(today)) for m in project.milestones.all()]
    context = {
        "project": project,
        "fields": fields,
        "fundings": fundings,
        "funded": funded,
        "funded_share": round(100 * funded / project.budget, 1) if project.budget else None,
        "milestones": milestones,
        "villages": project.villages.order_by("code"),
        "can_change": can_change,
        "funding_form": FundingForm(initial={"year": today.year}),
        "milestone_form": MilestoneForm(),
        "villages_form": VillagesForm(
            project=project, initial={"villages": list(project.villages.all())}
        )
        if can_change
        else None,
        **forms,
    }
    return render(request, "plans/project_detail.html", context, status=status)


@login_required
@require_POST
def project_funding(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, CHANGE)
    form = FundingForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _project_page(request, project, status=400, funding_form=form)
    form.instance.project = project
    _save_child(request, form.instance, _("Funding added."))
    return redirect("plans:project", pk=project.pk)


@login_required
@require_POST
def project_milestone(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, CHANGE)
    form = MilestoneForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return _project_page(request, project, status=400, milestone_form=form)
    form.instance.project = project
    _save_child(request, form.instance, _("Milestone added."))
    return redirect("plans:project", pk=project.pk)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    project = _project(request, pk, CHANGE)
    milestone = Milestone.objects.filter(project=project, pk=mid).first()
    if milestone is None:
        raise Http404
    milestone.done_date = timezone.localdate()
    _save_child(request, milestone, _("Milestone marked done."))
    return redirect("plans:project", pk=project.pk)


@login_required
@require_POST
def child_delete(request: HttpRequest, pk: int, kind: str, cid: int) -> HttpResponse:
    project = _project(request, pk, CHANGE)
    model: Any = {"funding": Funding, "milestone": Milestone}.get(kind)
    obj = model.objects.filter(project=project, pk=cid).first() if model else None
    if obj is None:
        raise Http404
    try:
        actions.delete_child(request.user, obj)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("Deleted %(object)s.") % {"object": obj})
    return redirect("plans:project", pk=project.pk)


@login_required
@require_POST
def project_villages(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, CHANGE)
    form = VillagesForm(request.POST, project=project)
    if form.is_valid():
        try:
            actions.set_villages(request.user, project, list(form.cleaned_data["villages"]))
        except PermissionDenied as exc:
            raise Http404 from exc
        messages.success(request, _("Saved."))
    else:
        _form_errors(request, form)
    return redirect("plans:project", pk=project.pk)


@login_required
def milestone_photo(request: HttpRequest, pk: int, mid: int) -> FileResponse:
    project = _project(request, pk)
    milestone = Milestone.objects.filter(project=project, pk=mid).first()
    if milestone is None or not milestone.photo:
        raise Http404
    return FileResponse(milestone.photo.open("rb"))


def _save_child(request: HttpRequest, obj: Any, message: str) -> None:
    try:
        actions.save_child(request.user, obj)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, message)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for error in labelled_errors(form):
        messages.error(request, error)


# --- funds ---------------------------------------------------------------------------------------


def funds_summary(projects: QuerySet[Project], year: int | None = None) -> dict[str, Any]:
    """Funds by source, by county (× source) and by domain (× source), by DB aggregates."""
    fundings = Funding.objects.filter(project__in=projects.values("pk"))
    if year is not None:
        fundings = fundings.filter(year=year)
    sources = [value for value, _label in FundingSource.choices]
    by_source = dict(fundings.order_by().values_list("source").annotate(total=Sum("amount")))
    county_source: dict[int, dict[str, int]] = defaultdict(dict)
    for county, source, total in (
        fundings.order_by().values_list("project__county", "source").annotate(total=Sum("amount"))
    ):
        county_source[county][source] = total
    domain_source: dict[str, dict[str, int]] = defaultdict(dict)
    for domain, source, total in (
        fundings.order_by().values_list("project__domain", "source").annotate(total=Sum("amount"))
    ):
        domain_source[domain][source] = total
    per_project = {"n": Count("pk"), "budget": Sum("budget")}
    budgets = {
        row["county"]: row for row in projects.order_by().values("county").annotate(**per_project)
    }
    domain_budgets = {
        row["domain"]: row for row in projects.order_by().values("domain").annotate(**per_project)
    }
    names = dict(Region.objects.filter(pk__in=list(budgets)).values_list("pk", "name"))
    codes = dict(Region.objects.filter(pk__in=list(budgets)).values_list("pk", "code"))

    def row(label: str, per_source: dict[str, int], info: dict[str, Any] | None) -> dict[str, Any]:
        return {
            "label": label,
            "projects": (info or {}).get("n", 0),
            "budget": (info or {}).get("budget") or 0,
            "sources": [per_source.get(s, 0) for s in sources],
            "total": sum(per_source.values()),
        }

    counties = [
        {**row(names.get(pk, "—"), county_source.get(pk, {}), budgets[pk]), "code": codes.get(pk)}
        for pk in sorted(budgets, key=lambda pk: codes.get(pk) or "")
    ]
    domain_labels = dict(ProjectDomain.choices)
    domains = [
        {**row(str(domain_labels[d]), domain_source.get(d, {}), domain_budgets.get(d)), "key": d}
        for d in ProjectDomain.values
        if d in domain_budgets
    ]
    total = sum(by_source.values())
    return {
        "sources": [
            {
                "key": s,
                "label": str(dict(FundingSource.choices)[s]),
                "total": by_source.get(s, 0),
                "share": round(100 * by_source.get(s, 0) / total, 1) if total else None,
            }
            for s in sources
        ],
        "counties": counties,
        "domains": domains,
        "total": total,
        "budget": sum(c["budget"] for c in counties),
        "projects": sum(c["projects"] for c in counties),
    }


@login_required
def funds(request: HttpRequest) -> HttpResponse:
    _government_only(request)
    projects = Project.objects.restrict(request.user)
    region = None
    if code := request.GET.get("region", "").strip():
        region = region_of_figures(request.user, code)
        if region is None:  # beside or above her grants: those funds are not hers to total
            raise Http404
        projects = projects.filter(region.scope_filter())
    year = None
    text = request.GET.get("year", "").strip()
    if text.isascii() and text.isdigit() and len(text) <= 4:
        year = int(text)
    summary = funds_summary(projects, year)
    chart = {
        "sources": [s["label"] for s in summary["sources"]],
        "counties": [c["label"] for c in summary["counties"]],
        "series": [
            [c["sources"][i] for c in summary["counties"]] for i in range(len(summary["sources"]))
        ],
        "pie": [{"name": s["label"], "value": s["total"]} for s in summary["sources"]],
    }
    years = sorted(
        set(
            Funding.objects.filter(project__in=projects.values("pk"))
            .order_by()
            .values_list("year", flat=True)
            .distinct()
        )
    )
    context = {
        "summary": summary,
        "chart": json.dumps(chart, ensure_ascii=False),
        "region": region,
        "year": year,
        "years": years,
    }
    return render(request, "plans/funds.html", context)


# --- responsibility matrix -----------------------------------------------------------------------


@login_required
def matrix(request: HttpRequest) -> HttpResponse:
    _government_only(request)
    cells: dict[tuple[str, str], str] = {
        (r.indicator, r.department): r.role for r in Responsibility.objects.all()
    }
    keys = [i.key for i in indicators()]
    keys += sorted({key for key, _dept in cells} - set(keys))
    departments = Department.choices
    roles = dict(ResponsibilityRole.choices)
    rows = [
        {
            "key": key,
            "name": indicator_name(key),
            "cells": [
                {"role": role, "label": roles.get(role, "")}
                for role in (cells.get((key, dept), "") for dept, _label in departments)
            ],
        }
        for key in keys
    ]
    return render(
        request,
        "plans/matrix.html",
        {"rows": rows, "departments": [str(label) for _v, label in departments]},
    )
