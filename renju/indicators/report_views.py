"""The report page: choose a region, a period and a format; the report is made as a job."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renju.core import jobs
from renju.core.models import Job
from renju.core.widgets import DatePicker
from renju.regions.services import region_of_figures

from . import engine, reports
from .models import PeriodKind

# Reports with more rows than this (and every report down to the villages) run in the background.
DEFAULT_INLINE_REGIONS = 300


class ReportForm(forms.Form):
    """What to report on: a region code (checked against the user's scope in the view)."""

    region = forms.CharField(label=gettext_lazy("region code"), max_length=15)
    period_kind = forms.ChoiceField(
        label=gettext_lazy("period"), choices=PeriodKind.choices, initial=PeriodKind.MONTH
    )
    period_start = forms.DateField(
        label=gettext_lazy("period start"),
        widget=DatePicker(),
        help_text=gettext_lazy("Any day in the period: it is moved to the period's first day."),
    )
    format = forms.ChoiceField(label=gettext_lazy("format"), choices=())
    villages = forms.BooleanField(
        label=gettext_lazy("down to the villages"),
        required=False,
        help_text=gettext_lazy("Large reports are made in the background; you can watch them."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fmt = self.fields["format"]
        assert isinstance(fmt, forms.ChoiceField)
        fmt.choices = list(reports.iter_formats())
        for name, field in self.fields.items():
            css = "form-check-input" if name == "villages" else "form-control"
            if isinstance(field, forms.ChoiceField):
                css = "form-select"
            field.widget.attrs.setdefault("class", css)

    def clean(self) -> dict[str, Any]:
        """A period that has not begun has no values yet: its report would be a blank form
        (a mistyped year, 2099, made one without a word)."""
        data = super().clean() or {}
        start, kind = data.get("period_start"), data.get("period_kind")
        if start and kind and engine.period_starts(start)[kind] > timezone.localdate():
            self.add_error(
                "period_start", _("This period has not begun yet; it has no values to report.")
            )
        return data

    def to_request(self) -> reports.ReportRequest:
        data = self.cleaned_data
        start: datetime.date = data["period_start"]
        return reports.ReportRequest(
            region_code=data["region"].strip(),
            period_kind=data["period_kind"],
            period_start=engine.period_starts(start)[data["period_kind"]],
            fmt=data["format"],
            villages=bool(data["villages"]),
        )


def inline_limit() -> int:
    return int(getattr(settings, "RENJU_REPORT_INLINE_REGIONS", DEFAULT_INLINE_REGIONS))


@login_required
def report_form(request: HttpRequest) -> HttpResponse:
    """GET: the form (prefilled with ``?region=``); POST: start the report's job."""
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            asked = form.to_request()
            region = region_of_figures(request.user, asked.region_code)
            if region is None:
                raise Http404
            rows = reports.count_regions(request.user, region, asked.villages)
            job = Job.objects.create(
                kind=reports.JOB_KIND,
                title=_("Indicators report: %(region)s, %(period)s (%(format)s)")
                % {
                    "region": region.name,
                    "period": reports.period_label(asked.period_kind, asked.period_start),
                    "format": dict(reports.iter_formats()).get(asked.fmt, asked.fmt),
                },
                user=request.user,  # type: ignore[misc]
                params=asked.as_params(),
                total=rows,
            )
            inline = not asked.villages and rows <= inline_limit()
            jobs.start(job, inline=inline)
            return redirect("core:job", pk=job.pk)
        status = 400
    else:
        region = region_of_figures(request.user, request.GET.get("region") or None)
        if region is None:
            raise Http404
        form = ReportForm(
            initial={
                "region": region.code,
                "period_kind": PeriodKind.MONTH,
                "period_start": engine.period_starts(timezone.localdate())[PeriodKind.MONTH],
                "format": "xlsx",
            }
        )
        status = 200
    recent = Job.objects.filter(user=request.user.pk, kind=reports.JOB_KIND)[:10]
    return render(
        request, "indicators/report_form.html", {"form": form, "recent": recent}, status=status
    )
