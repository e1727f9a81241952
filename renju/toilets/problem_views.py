"""Pages of problem toilets (S13): the rectification ledger, the survey, the verification.

Views parse, call an action of ``problems`` and render; scope is ``restrict()`` plus the
actions' own checks, and "not allowed" is answered as "not found".
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renju.cases.actions import CaseActionError
from renju.cases.choices import State
from renju.cases.models import Case
from renju.cases.photos import PhotoField
from renju.core import audit, spreadsheets
from renju.core.pagination import paginate
from renju.core.scoping import CHANGE, EXPORT, VIEW, get_scoped_or_404, user_can
from renju.regions.services import home_region, region_for_user

from . import problems
from .choices import PROBLEM_CONDITIONS, Condition
from .models import HouseholdToilet

# --- shared by the toilet pages -----------------------------------------------------------


def require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def posted(request: HttpRequest) -> Any:
    """The submitted data of a POST (even an empty one, so the form is bound), else None."""
    return request.POST if request.method == "POST" else None


def query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return query.urlencode()


# --- forms --------------------------------------------------------------------------------


class SurveyForm(forms.Form):
    """One toilet's survey result."""

    toilet = forms.CharField(
        label=gettext_lazy("toilet code"),
        max_length=32,
        help_text=gettext_lazy("The ledger code or the code on the toilet's label."),
    )
    condition = forms.ChoiceField(label=gettext_lazy("condition"), choices=Condition.choices)
    cause = forms.CharField(label=gettext_lazy("problem cause"), max_length=200, required=False)
    measure = forms.CharField(
        label=gettext_lazy("rectification measure"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Leave empty for the standard measure of the condition."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for f in self.fields.values():
            f.widget.attrs["class"] = (
                "form-select" if isinstance(f, forms.ChoiceField) else "form-control"
            )

    def clean_toilet(self) -> HouseholdToilet:
        code = self.cleaned_data["toilet"].strip().upper()
        found = (
            HouseholdToilet.objects.restrict(self.user, CHANGE)
            .filter(Q(code=code) | Q(qr_code=code))
            .first()
        )
        if found is None:
            raise forms.ValidationError(_("No toilet with this code in your regions."))
        return found


class VerifyForm(forms.Form):
    """The official's verification of a fix: a photo and a note."""

    photo = PhotoField(label=gettext_lazy("photo of the fixed toilet"))
    note = forms.CharField(
        label=gettext_lazy("note"), max_length=300, required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photo"].widget.attrs.update({"class": "form-control", "accept": "image/*"})
        self.fields["note"].widget.attrs.update({"class": "form-control", "rows": 3})


# --- pages --------------------------------------------------------------------------------


def _can_survey(user: Any) -> bool:
    return problems.is_government(user) and user_can(user, CHANGE)


@login_required
def problem_list(request: HttpRequest) -> HttpResponse:
    """The rectification ledger (整改台账): list, filters and export in the same layout."""
    require(user_can(request.user, VIEW))
    region = region_for_user(request.user, request.GET.get("region", "").strip())
    cases = problems.filter_cases(problems.problem_cases(request.user), request.GET, region)
    fmt = request.GET.get("format", "")
    if fmt in {"csv", "xlsx"}:
        require(user_can(request.user, EXPORT))
        title = _("Problem toilet rectification ledger")
        rows = [row for _case, row in problems.ledger_rows(request.user, cases[:100_000])]
        audit.record_export("cases.case", title, len(rows), request.GET)
        return spreadsheets.download_response(
            "problem-toilets", title, problems.ledger_headers(), rows, fmt, stream=False
        )
    page = paginate(cases, request.GET.get("page"))
    shown = region or home_region(request.user)
    context = {
        "page": page,
        "rows": list(problems.ledger_rows(request.user, page.rows)),
        "headers": problems.ledger_headers(),
        "region": shown,
        "region_ancestors": shown.ancestors() if shown else [],
        "summary": problems.summary_by_child(cases, shown),
        "states": [
            ("active", _("active")),
            ("overdue", _("overdue")),
            *[(s.value, s.label) for s in State],
        ],
        "conditions": [(c.value, c.label) for c in Condition if c in PROBLEM_CONDITIONS],
        "query": query_without_page(request),
        "can_export": user_can(request.user, EXPORT),
        "can_survey": _can_survey(request.user),
        "active_states": [s.value for s in State if s.value in problems.OPEN_STATES],
    }
    return render(request, "toilets/problem_list.html", context)


@login_required
@require_POST
def run_survey(request: HttpRequest) -> HttpResponse:
    """Open a case for every problem toilet without one, in the chosen region (or all)."""
    require(_can_survey(request.user))
    toilets = HouseholdToilet.objects.restrict(request.user, CHANGE)
    code = request.POST.get("region", "").strip()
    if code:
        region = region_for_user(request.user, code)
        require(region is not None)
        assert region is not None
        toilets = toilets.filter(region.scope_filter())
    try:
        count = problems.open_problem_cases(request.user, toilets)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("%(count)s rectification cases opened.") % {"count": count})
    url = reverse("toilets:problems")
    return redirect(f"{url}?region={code}" if code else url)


@login_required
def record_survey(request: HttpRequest) -> HttpResponse:
    """Enter one toilet's survey result; a problem opens its rectification case."""
    require(_can_survey(request.user))
    form = SurveyForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            case = problems.record_survey(
                request.user,
                form.cleaned_data["toilet"],
                form.cleaned_data["condition"],
                form.cleaned_data["cause"],
                form.cleaned_data["measure"],
            )
        except PermissionDenied:
            form.add_error("toilet", _("No toilet with this code in your regions."))
        else:
            if case is None:
                messages.success(request, _("Saved; the toilet is usable."))
            else:
                messages.success(
                    request, _("Saved; rectification case %(code)s.") % {"code": case.code}
                )
            return redirect("toilets:problems")
    return render(
        request,
        "toilets/problem_form.html",
        {"form": form, "title": _("Record a survey result")},
        status=400 if form.errors else 200,
    )


@login_required
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    """A town official verifies the fix with a photo: the case is resolved, the toilet usable."""
    case = get_scoped_or_404(
        Case.objects.filter(category=problems.CATEGORY), request.user, CHANGE, pk=pk
    )
    require(problems.is_government(request.user))
    form = VerifyForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            problems.verify_rectification(
                case, request.user, form.cleaned_data["photo"], form.cleaned_data["note"]
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except CaseActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Rectification of %(code)s verified.") % {"code": case.code}
            )
            return redirect("toilets:problems")
    return render(
        request,
        "toilets/problem_form.html",
        {
            "form": form,
            "title": _("Verify the rectification of %(code)s") % {"code": case.code},
            "case": case,
            "multipart": True,
        },
        status=400 if form.errors else 200,
    )
