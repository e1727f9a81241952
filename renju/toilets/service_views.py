"""The crew member's pump-out form: completes a "toilet full" case with its record."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renju.cases.actions import CREW_ROLES, CaseActionError, is_of_assigned_org
from renju.cases.forms import PumpOutForm
from renju.cases.models import Case
from renju.cases.views import available_steps, navigation_links
from renju.core.scoping import VIEW, get_scoped_or_404

from .cases import TOILET_FULL
from .choices import SludgeDestination
from .models import PumpOut
from .pumpouts import receiving_organisations, receiving_plants, record_pumpout


class PlantPumpOutForm(PumpOutForm):
    """The pump-out form, plus the plant that received sludge sent for treatment.

    The plant is offered only when a receiver app (sewage) lists plants for the case's county;
    naming one fills the treatment site and records the delivery against the plant. Without
    plants the form is the plain ``PumpOutForm``.
    """

    def __init__(self, *args: Any, plants: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not plants:
            return
        field = forms.ChoiceField(
            label=gettext_lazy("receiving plant"),
            choices=[("", "---------"), *plants],
            required=False,
            help_text=gettext_lazy(
                "For sludge sent for treatment: the plant that took it (its delivery is recorded)."
            ),
        )
        field.widget.attrs["class"] = "form-select form-select-lg"
        fields = list(self.fields.items())
        at = next(i for i, (name, _f) in enumerate(fields) if name == "destination") + 1
        fields.insert(at, ("plant", field))
        self.fields = dict(fields)

    def clean(self) -> dict[str, Any]:
        data = self.cleaned_data
        plant = data.get("plant") or ""
        if plant:
            if data.get("destination") != SludgeDestination.TREATMENT:
                self.add_error("plant", _("Reused sludge is not delivered to a plant."))
            elif not (data.get("site") or "").strip():
                choices = dict(self.fields["plant"].choices)  # type: ignore[attr-defined]
                data["site"] = str(choices.get(plant, ""))[:100]
        return super().clean()


def _recorded(case: Case, user: Any) -> bool:
    """Whether the case's pump-out is already recorded and ``user`` is of its organisation's
    crew (who may have sent the form twice: a double tap on "save", a resubmitted page)."""
    return (
        case.category == TOILET_FULL.key
        and is_of_assigned_org(user, case, CREW_ROLES)
        and PumpOut.objects.filter(case=case).exists()
    )


def _recorded_answer(request: HttpRequest, case: Case) -> HttpResponse:
    """The answer to a recorded pump-out (for a repeat too): its success, then the crew
    member's next jobs, or, for a dispatcher who recorded a job not hers, the case (her empty
    job list looked as if the case had vanished)."""
    messages.success(request, _("Pump-out of %(code)s recorded.") % {"code": case.subject_label})
    if case.assignee_id == request.user.pk:
        return redirect("cases:my")
    return redirect("cases:detail", pk=case.pk)


@login_required
def pumpout(request: HttpRequest, pk: int) -> HttpResponse:
    """GET the form, POST the pump-out: volume, where the sludge went, fees, photos.

    A POST for a case whose pump-out is already recorded (the form sent twice) answers like the
    first one did instead of "not found".
    """
    case: Case = get_scoped_or_404(Case.objects.select_related("region"), request.user, VIEW, pk=pk)
    if case.category != TOILET_FULL.key or "resolve" not in available_steps(case, request.user):
        if request.method == "POST" and _recorded(case, request.user):
            return _recorded_answer(request, case)
        raise Http404
    form = PlantPumpOutForm(
        request.POST or None,
        request.FILES or None,
        receivers=receiving_organisations(case),
        plants=receiving_plants(case),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_pumpout(
                case,
                request.user,
                volume=data["volume"],
                destination=data["destination"],
                destination_org=data["destination_org"],
                site=data["site"],
                fee=data["fee"],
                subsidy=data["subsidy"],
                photos=data["photos"],
                note=data["note"],
                plant=data.get("plant") or "",
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except CaseActionError as exc:
            if _recorded(case, request.user):  # the other submission got there first
                return _recorded_answer(request, case)
            form.add_error(None, str(exc))
        else:
            return _recorded_answer(request, case)
    status = 400 if request.method == "POST" else 200
    context = {"case": case, "form": form, "nav": navigation_links(case)}
    return render(request, "cases/pumpout.html", context, status=status)
