"""The crew member's pump-out form: completes a "toilet full" case with its record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from renju.cases.actions import CaseActionError
from renju.cases.forms import PumpOutForm
from renju.cases.models import Case
from renju.cases.views import available_steps, navigation_links
from renju.core.scoping import VIEW, get_scoped_or_404

from .cases import TOILET_FULL
from .pumpouts import receiving_organisations, record_pumpout


@login_required
def pumpout(request: HttpRequest, pk: int) -> HttpResponse:
    """GET the form, POST the pump-out: volume, where the sludge went, fees, photos."""
    case: Case = get_scoped_or_404(Case.objects.select_related("region"), request.user, VIEW, pk=pk)
    if case.category != TOILET_FULL.key or "resolve" not in available_steps(case, request.user):
        raise Http404
    form = PumpOutForm(
        request.POST or None, request.FILES or None, receivers=receiving_organisations(case)
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
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except CaseActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Pump-out of %(code)s recorded.") % {"code": case.subject_label}
            )
            return redirect("cases:my")
    status = 400 if request.method == "POST" else 200
    context = {"case": case, "form": form, "nav": navigation_links(case)}
    return render(request, "cases/pumpout.html", context, status=status)
