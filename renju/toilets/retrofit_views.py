"""Pages of retrofit applications (愿改尽改): the list with filters and export, one form per step.

Views parse, call an action of ``retrofits`` and render; an application out of scope is 404.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renju.core import audit, spreadsheets
from renju.core.pagination import paginate
from renju.core.scoping import ADD, CHANGE, EXPORT, VIEW, user_can
from renju.core.validators import not_in_future
from renju.core.widgets import DatePicker
from renju.households.models import Household
from renju.regions.services import home_region, region_for_user

from . import retrofits
from .choices import SANITARY_TYPES, ToiletType
from .models import RetrofitApplication
from .problem_views import posted, query_without_page, require
from .problems import is_government

STEP_TITLES: dict[str, Any] = {
    "approve": gettext_lazy("Approve"),
    "build": gettext_lazy("Mark built"),
    "accept": gettext_lazy("Accept (quality check)"),
    "pay": gettext_lazy("Pay subsidy"),
    "refuse": gettext_lazy("Refuse"),
}


def _style(form: forms.Form) -> None:
    for f in form.fields.values():
        f.widget.attrs["class"] = (
            "form-select" if isinstance(f, forms.ChoiceField) else "form-control"
        )


class ApplyForm(forms.Form):
    """A household's application for a new sanitary toilet."""

    household = forms.CharField(label=gettext_lazy("household code"), max_length=20)
    toilet_type = forms.ChoiceField(
        label=gettext_lazy("toilet type"),
        choices=[(t.value, t.label) for t in ToiletType if t in SANITARY_TYPES],
    )
    applied_on = forms.DateField(
        label=gettext_lazy("applied on"),
        required=False,
        widget=DatePicker(),
        validators=[not_in_future],
    )
    note = forms.CharField(label=gettext_lazy("note"), max_length=300, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        _style(self)

    def clean_household(self) -> Household:
        code = self.cleaned_data["household"].strip()
        found = Household.objects.restrict(self.user, ADD).filter(code=code).first()
        if found is None:
            raise forms.ValidationError(_("No household with this code in your regions."))
        return found


class StepForm(forms.Form):
    """The date of a step and a note; the amount for a payment, a reason for a refusal."""

    on = forms.DateField(
        label=gettext_lazy("date"), required=False, widget=DatePicker(), validators=[not_in_future]
    )
    amount = forms.DecimalField(
        label=gettext_lazy("subsidy (yuan)"),
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )
    note = forms.CharField(label=gettext_lazy("note"), max_length=300, required=False)

    def __init__(self, *args: Any, step: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if step != "pay":
            del self.fields["amount"]
        if step == "refuse":
            del self.fields["on"]
            self.fields["note"].required = True
            self.fields["note"].label = gettext_lazy("reason")
        _style(self)


@login_required
def retrofit_list(request: HttpRequest) -> HttpResponse:
    """The applications in scope, with filters and export in the same layout."""
    require(user_can(request.user, VIEW))
    region = region_for_user(request.user, request.GET.get("region", "").strip())
    apps = retrofits.filter_retrofits(
        retrofits.scoped_retrofits(request.user, VIEW), request.GET, region
    )
    fmt = request.GET.get("format", "")
    if fmt in {"csv", "xlsx"}:
        require(user_can(request.user, EXPORT))
        title = _("Retrofit applications")
        rows = [retrofits.row(a) for a in apps[:100_000].iterator(chunk_size=2000)]
        audit.record_export("toilets.retrofitapplication", title, len(rows), request.GET)
        return spreadsheets.download_response(
            "retrofits", title, retrofits.headers(), rows, fmt, stream=False
        )
    page = paginate(apps, request.GET.get("page"))
    shown = region or home_region(request.user)
    can_act = is_government(request.user) and user_can(request.user, CHANGE)
    context = {
        "page": page,
        "rows": [
            (a, retrofits.row(a), [(s, STEP_TITLES[s]) for s in retrofits.next_steps(a)])
            for a in page.rows
        ],
        "headers": retrofits.headers(),
        "region": shown,
        "region_ancestors": shown.ancestors() if shown else [],
        "statuses": RetrofitApplication.Status.choices,
        "toilet_types": ToiletType.choices,
        "query": query_without_page(request),
        "can_export": user_can(request.user, EXPORT),
        "can_apply": user_can(request.user, ADD),
        "can_act": can_act,
    }
    return render(request, "toilets/retrofit_list.html", context)


@login_required
def retrofit_apply(request: HttpRequest) -> HttpResponse:
    """Enter a household's application."""
    require(user_can(request.user, ADD))
    form = ApplyForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            retrofits.apply(
                request.user,
                form.cleaned_data["household"],
                form.cleaned_data["toilet_type"],
                form.cleaned_data["applied_on"],
                form.cleaned_data["note"],
            )
        except PermissionDenied:
            form.add_error("household", _("No household with this code in your regions."))
        except retrofits.RetrofitError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Application saved."))
            return redirect("toilets:retrofits")
    return render(
        request,
        "toilets/retrofit_form.html",
        {"form": form, "title": _("New retrofit application")},
        status=400 if form.errors else 200,
    )


@login_required
def retrofit_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of an application (approve, build, accept, pay, refuse)."""
    if step not in retrofits.STEPS:
        raise Http404
    app = retrofits.scoped_retrofits(request.user, CHANGE).filter(pk=pk).first()
    require(app is not None)
    assert app is not None
    require(is_government(request.user))
    form = StepForm(posted(request), step=step)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if step == "pay":
                retrofits.pay(request.user, app, data["amount"], data["on"], data["note"])
            elif step == "refuse":
                retrofits.refuse(request.user, app, data["note"])
            else:
                action = {
                    "approve": retrofits.approve,
                    "build": retrofits.mark_built,
                    "accept": retrofits.accept,
                }[step]
                action(request.user, app, data["on"], data["note"])
        except PermissionDenied as exc:
            raise Http404 from exc
        except retrofits.RetrofitError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("toilets:retrofits")
    return render(
        request,
        "toilets/retrofit_form.html",
        {"form": form, "title": f"{STEP_TITLES[step]} · {app.household.code}", "app": app},
        status=400 if form.errors else 200,
    )
