"""The water-body pages: the supervision list with its export, and a body's page with its
classification, samples, surveys, measures and the steps of the dynamic list.

Views parse, call ``workflow`` and render; "not allowed" is answered as "not found".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renju.core import audit, spreadsheets
from renju.core.forms import labelled_errors
from renju.core.models import AuditEvent
from renju.core.pagination import paginate
from renju.core.scoping import CHANGE, EXPORT, VIEW, get_scoped_or_404, user_can
from renju.regions.choices import Level
from renju.regions.models import Region
from renju.regions.services import home_region, region_for_user

from . import supervision, thresholds, workflow
from .choices import BodyKind, BodyState, Grade
from .forms import ComplaintForm, MeasureForm, StepForm, SurveyForm
from .models import WaterBody


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return query.urlencode()


def _region(request: HttpRequest) -> tuple[Region | None, bool]:
    """The narrowest of the town, county and region codes given, and whether every code given
    was found in the user's scope (a code outside it matches nothing rather than everything)."""
    found: Region | None = None
    known = True
    for key in ("town", "county", "region"):
        code = request.GET.get(key, "").strip()
        if not code:
            continue
        region = region_for_user(request.user, code)
        if region is None:
            known = False
        elif found is None:
            found = region
    return found, known


@login_required
def body_list(request: HttpRequest) -> HttpResponse:
    """The supervision list per county: filters by state, county, town; export, same layout."""
    _require(user_can(request.user, VIEW))
    region, known = _region(request)
    found = supervision.filter_bodies(supervision.bodies(request.user), request.GET, region)
    if not known:
        found = found.none()
    fmt = request.GET.get("format", "")
    if fmt in {"csv", "xlsx"}:
        _require(user_can(request.user, EXPORT))
        title = _("Supervision list of black-odorous water bodies")
        exported = WaterBody.objects.restrict(request.user, EXPORT).filter(
            pk__in=found.values("pk")
        )
        ordered = exported.select_related("region", "county", "town", "village").order_by(
            "county__code", "town__code", "code"
        )
        data = [r for _b, r in supervision.rows(ordered[:100_000])]
        audit.record_export("water.waterbody", title, len(data), request.GET)
        return spreadsheets.download_response(
            "water-bodies", title, supervision.headers(), data, fmt, stream=False
        )
    page = paginate(found, request.GET.get("page"))
    shown = region or home_region(request.user)
    counties = Region.objects.current().filter(level=Level.COUNTY).restrict(request.user)
    county_code = request.GET.get("county", "")
    towns = (
        Region.objects.current()
        .filter(level=Level.TOWN, parent__code=county_code)
        .restrict(request.user)
        .order_by("code")
        if county_code
        else Region.objects.none()
    )
    context = {
        "page": page,
        "rows": list(supervision.rows(page.rows)),
        "headers": supervision.headers(),
        "region": shown,
        "summary": [
            (c.region, [c.get(s) for s in BodyState.values], c.total)
            for c in supervision.counts_by_child(found, shown)
        ],
        "summary_states": BodyState.choices,
        "states": [("on_list", _("on the list (not accepted)")), *BodyState.choices],
        "kinds": BodyKind.choices,
        "grades": Grade.choices,
        "counties": counties.order_by("code"),
        "towns": towns,
        "query": _query(request),
        "can_export": user_can(request.user, EXPORT),
        "map_points": supervision.body_map(found),
        "map_legend": [
            (supervision.MAP_COLOURS[k], label) for k, label in supervision.map_labels()
        ],
        "map_region": shown,
    }
    return render(request, "water/list.html", context)


def _body(request: HttpRequest, pk: int, action: str = VIEW) -> WaterBody:
    bodies = WaterBody.objects.restrict(request.user, action).select_related(
        "region", "threshold_set"
    )
    body: WaterBody = get_scoped_or_404(bodies, request.user, action, pk=pk)
    return body


@login_required
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _body(request, pk))


def _detail_page(
    request: HttpRequest, body: WaterBody, status: int = 200, **forms: Any
) -> HttpResponse:
    """The water body's page; ``forms`` are bound forms shown again as the user filled them
    in (with what was wrong), in place of the empty ones."""
    can_change = WaterBody.objects.restrict(request.user, CHANGE).filter(pk=body.pk).exists()
    tset = body.threshold_set or thresholds.default_set()
    samples = list(body.samples.order_by("-sampled_on", "point")[:50])
    for s in samples:
        s.reason_text = "；".join(thresholds.describe(f) for f in s.reasons)
    share, survey_black = workflow.survey_share(body)
    history = list(
        AuditEvent.objects.filter(object_type="water.waterbody", object_id=str(body.pk)).order_by(
            "-time", "-pk"
        )[:100]
    )
    context = {
        "body": body,
        "threshold_set": tset,
        "rules": list(tset.rules.all()) if tset else [],
        "samples": samples,
        "surveys": list(body.surveys.all()[:20]),
        "survey_share": share,
        "survey_black": survey_black,
        "measures": list(body.measures.select_related("project")),
        "complaints": list(workflow.open_complaints(body)),
        "history": history,
        "can_change": can_change,
        "steps": [(s, STEP_LABELS[s]) for s in workflow.OFFERED.get(body.state, [])],
        "step_form": StepForm(),
        "measure_form": MeasureForm(user=request.user) if can_change else None,
        "survey_form": SurveyForm(),
        "complaint_form": ComplaintForm(),
        **forms,
    }
    return render(request, "water/detail.html", context, status=status)


STEP_LABELS: dict[str, Any] = {
    "start": gettext_lazy("Start remediation"),
    "complete": gettext_lazy("Declare remediated"),
    "observe": gettext_lazy("Start observation"),
    "accept": gettext_lazy("Accept"),
    "relapse": gettext_lazy("Mark relapsed"),
}


def _done(request: HttpRequest, body: WaterBody) -> HttpResponse:
    return redirect(reverse("water:detail", args=[body.pk]))


@login_required
@require_POST
def body_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of the dynamic list; a refused step comes back as a message."""
    body = _body(request, pk, CHANGE)
    action = workflow.STEPS.get(step)
    _require(action is not None)
    form = StepForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    try:
        if step == "start":
            workflow.start_remediation(request.user, body, form.cleaned_data.get("batch", ""), note)
        elif step == "relapse":
            workflow.relapse(request.user, body, note)
        else:
            assert action is not None
            action(request.user, body, note)
    except PermissionDenied as exc:
        raise Http404 from exc
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(code)s saved.") % {"code": body.code})
    return _done(request, body)


def _refused(request: HttpRequest, body: WaterBody, name: str, form: Any) -> HttpResponse:
    """The page again with ``form`` as filled in, and each error under its field's name."""
    messages.error(request, " ".join(labelled_errors(form)))
    return _detail_page(request, body, status=400, **{name: form})


def _form_step(
    request: HttpRequest,
    pk: int,
    name: str,
    form: Any,
    step: Callable[[Any, WaterBody, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """Validate ``form`` and run ``step(user, body, cleaned_data)``; say what happened."""
    body = _body(request, pk, CHANGE)
    if not form.is_valid():
        return _refused(request, body, name, form)
    try:
        step(request.user, body, form.cleaned_data)
    except PermissionDenied as exc:
        raise Http404 from exc
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return _done(request, body)


@login_required
@require_POST
def body_measure(request: HttpRequest, pk: int) -> HttpResponse:
    def step(user: Any, body: WaterBody, data: dict[str, Any]) -> Any:
        return workflow.add_measure(user, body, data["measure"], data["project"], data["note"])

    form = MeasureForm(request.POST, user=request.user)
    return _form_step(request, pk, "measure_form", form, step, _("Measure added."))


@login_required
@require_POST
def body_survey(request: HttpRequest, pk: int) -> HttpResponse:
    def step(user: Any, body: WaterBody, data: dict[str, Any]) -> Any:
        return workflow.record_survey(
            user,
            body,
            data["surveyed_on"],
            data["respondents"],
            data["judged_black_odorous"],
            data["note"],
        )

    survey = SurveyForm(request.POST)
    return _form_step(request, pk, "survey_form", survey, step, _("Survey recorded."))


@login_required
@require_POST
def body_complaint(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body(request, pk, CHANGE)
    form = ComplaintForm(request.POST)
    if not form.is_valid():
        return _refused(request, body, "complaint_form", form)
    try:
        case, relapsed = workflow.record_complaint(
            request.user,
            body,
            form.cleaned_data["description"],
            form.cleaned_data["reporter_name"],
            form.cleaned_data["reporter_phone"],
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        text = _("Complaint case %(code)s opened.") % {"code": case.code}
        if relapsed:
            text += " " + _("The water body is marked relapsed.")
        messages.success(request, text)
    return _done(request, body)
