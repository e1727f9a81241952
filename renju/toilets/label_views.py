"""Pages for toilet QR labels: one toilet's QR image, and label sheets for a town or village.

Rules: a QR image is served only for a toilet the user may view (else 404, as for a code that
does not exist); sheets are made for one kind of toilet (household, public, village clinic) in
a town or village inside the user's view scope, for the toilets of that kind there she may
view; a village's sheets are made inside the request when small, a
town's in the background; either way the user lands on the job page with the download.
"""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from renju.core import audit, jobs
from renju.core.models import Job
from renju.core.scoping import VIEW
from renju.regions.choices import Level
from renju.regions.models import Region

from . import labels
from .models import ClinicToilet, HouseholdToilet, PublicToilet

QR_CONTENT_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


def _find_toilet(user: Any, qr_code: str) -> Any:
    """The toilet with ``qr_code`` among those the user may view, else 404."""
    for model in (HouseholdToilet, ClinicToilet, PublicToilet):
        toilet = model.objects.restrict(user, VIEW).filter(qr_code=qr_code).first()
        if toilet is not None:
            return toilet
    raise Http404


@login_required
def qr_image(request: HttpRequest, qr_code: str, fmt: str) -> HttpResponse:
    """A toilet's QR code (PNG or SVG) encoding its public address."""
    _find_toilet(request.user, qr_code)
    qr = labels.make_qr(labels.public_base_url(request), qr_code)
    buffer = io.BytesIO()
    if fmt == "svg":
        qr.save(buffer, kind="svg", scale=8, border=4, xmldecl=False, title=qr_code)
    else:
        qr.save(buffer, kind="png", scale=8, border=4)
    response = HttpResponse(buffer.getvalue(), content_type=QR_CONTENT_TYPES[fmt])
    response["Cache-Control"] = "private, max-age=3600"
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="toilet-{qr_code}.{fmt}"'
    return response


KIND_CHOICES = [
    ("household", gettext_lazy("Household toilets")),
    ("public", gettext_lazy("Public toilets")),
    ("clinic", gettext_lazy("Village clinic toilets")),
]


class LabelsForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of toilet"),
        choices=KIND_CHOICES,
        initial=labels.DEFAULT_KIND,
        required=False,  # household toilets when not given
        widget=forms.RadioSelect,
    )
    region = forms.CharField(
        label=gettext_lazy("Town or village code"),
        max_length=12,
        help_text=gettext_lazy(
            "A 9-digit town code (all its villages in one file) or a 12-digit village code."
        ),
        widget=forms.TextInput(
            attrs={"class": "form-control", "list": "label-towns", "inputmode": "numeric"}
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_kind(self) -> str:
        return str(self.cleaned_data.get("kind") or labels.DEFAULT_KIND)

    def clean_region(self) -> Region:
        code = self.cleaned_data["region"].strip()
        region = (
            Region.objects.within(self.user, VIEW)
            .current()
            .filter(code=code, level__in=(Level.TOWN, Level.VILLAGE))
            .first()
        )
        if region is None:
            raise forms.ValidationError(_("No town or village with this code in your area."))
        return region


def _towns(user: Any) -> list[Region]:
    """The towns a user may pick from (up to 300, for the suggestion list)."""
    towns = Region.objects.within(user, VIEW).current().filter(level=Level.TOWN).order_by("code")
    return list(towns[:300])


@login_required
@require_http_methods(["GET", "POST"])
def labels_page(request: HttpRequest) -> HttpResponse:
    """Pick a town or village; its label sheets are made and offered on the job page."""
    user = request.user
    if request.method == "POST":
        form = LabelsForm(request.POST, user=user)
        if form.is_valid():
            region: Region = form.cleaned_data["region"]
            kind: str = form.cleaned_data["kind"]
            count = labels.label_queryset(user, region, kind).count()
            if count:
                job = Job.objects.create(
                    kind="toilet_labels",
                    title=_("QR labels: %(region)s (%(count)s %(kind)s)")
                    % {
                        "region": region.name,
                        "count": count,
                        "kind": dict(KIND_CHOICES)[kind],
                    },
                    user=user,  # type: ignore[misc]
                    total=count,
                    params={
                        "region": region.pk,
                        "region_code": region.code,
                        "kind": kind,
                        "base_url": labels.public_base_url(request),
                        "request_id": audit.current().request_id,
                    },
                )
                inline = region.level == Level.VILLAGE and count <= labels.INLINE_LABELS
                jobs.start(job, inline=inline)
                return redirect("core:job", pk=job.pk)
            form.add_error(
                "region",
                _("There are no household toilets here that you may see.")
                if kind == labels.DEFAULT_KIND
                else _("There are no toilets of this kind here that you may see."),
            )
    else:
        kind = request.GET.get("kind", "")
        form = LabelsForm(
            initial={
                "region": request.GET.get("region", ""),
                "kind": kind if kind in labels.KINDS else labels.DEFAULT_KIND,
            },
            user=user,
        )
    return render(
        request,
        "toilets/labels.html",
        {
            "form": form,
            "towns": _towns(user),
            "per_page": labels.COLUMNS * labels.ROWS,
            "inline_labels": labels.INLINE_LABELS,
        },
        status=400 if form.errors else 200,
    )
