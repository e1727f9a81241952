"""Forms of the water-body pages (the ledger's own forms come from the ledger framework)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renju.core.scoping import VIEW
from renju.core.validators import not_in_future
from renju.core.widgets import DatePicker

from .choices import Measure


class _Styled(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            css = "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            f.widget.attrs.setdefault("class", css)


class StepForm(_Styled):
    batch = forms.CharField(label=_("remediation batch"), max_length=50, required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class MeasureForm(_Styled):
    measure = forms.ChoiceField(label=_("measure"), choices=Measure.choices)
    project: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("project"), queryset=None, to_field_name="code"
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from renju.plans.models import Project

        field: Any = self.fields["project"]
        field.queryset = Project.objects.restrict(user, VIEW).order_by("-domain", "code")


class SurveyForm(_Styled):
    surveyed_on = forms.DateField(
        label=_("survey date"),
        initial=timezone.localdate,
        widget=DatePicker(),
        validators=[not_in_future],
    )
    respondents = forms.IntegerField(label=_("respondents"), min_value=1)
    judged_black_odorous = forms.IntegerField(label=_("judged black-odorous"), min_value=0)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class ComplaintForm(_Styled):
    description = forms.CharField(
        label=_("complaint"), max_length=500, widget=forms.Textarea({"rows": 2})
    )
    reporter_name = forms.CharField(label=_("reporter"), max_length=50, required=False)
    reporter_phone = forms.CharField(label=_("phone"), max_length=20, required=False)
