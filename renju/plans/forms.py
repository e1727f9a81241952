"""Forms of the plan pages and of a project's funding, milestones and villages."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renju.core.validators import not_in_future
from renju.core.widgets import CheckboxList, DatePicker, ScopedFileInput
from renju.regions.choices import Level
from renju.regions.models import Region

from .models import CountyPlan, Funding, Milestone, PlanTarget, Project, TownKeyPoint

MAX_PHOTO_BYTES = 10 * 1024 * 1024


def _style(form: forms.BaseForm) -> None:
    small = " form-select-sm" if getattr(form, "compact", False) else ""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select" + small
        else:
            css = "form-control" + small.replace("select", "control")
        widget.attrs.setdefault("class", css)


def document_kind(head: bytes, data: Any) -> str | None:
    """``pdf`` or ``docx`` by what the file is (its bytes), else None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(data) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return "docx"
    return None


def validate_document(upload: Any) -> Any:
    """Accept a PDF or DOCX no larger than the upload limit, judged by content and extension."""
    limit = int(settings.RENJU_MAX_UPLOAD_BYTES)
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is too large (at most %(size)s)."),
            code="document_size",
            params={"size": filesizeformat(limit)},
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    kind = document_kind(data[:8], io.BytesIO(data))
    if kind is None or kind != extension:
        raise forms.ValidationError(
            _("The plan document must be a PDF or DOCX file."), code="document_type"
        )
    upload.name = f"plan.{kind}"
    return upload


class PlanForm(forms.ModelForm[CountyPlan]):
    document = forms.FileField(
        label=_("plan document"),
        required=False,
        help_text=_("PDF or DOCX."),
        widget=ScopedFileInput(attrs={"accept": ".pdf,.docx"}),
    )

    class Meta:
        model = CountyPlan
        fields = ["region", "title", "start_year", "end_year", "measures", "document"]
        widgets = {"measures": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, counties: list[Region] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field: Any = self.fields["region"]
        if self.instance.pk is not None:
            region_field.queryset = Region.objects.filter(pk=self.instance.region_id)
            region_field.disabled = True
            widget: Any = self.fields["document"].widget
            widget.download_url = reverse("plans:document", args=[self.instance.pk])
        else:
            region_field.queryset = Region.objects.filter(pk__in=[c.pk for c in counties or []])
            if counties and len(counties) == 1:
                region_field.initial = counties[0].pk
        _style(self)

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the kept file
            return validate_document(upload)
        return upload


class PlanTargetForm(forms.ModelForm[PlanTarget]):
    compact = True

    class Meta:
        model = PlanTarget
        fields = ["indicator", "year", "value", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class BasePlanTargetFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        plan = self.instance
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            year = data.get("year")
            if not year or data.get("DELETE") or not (plan.start_year and plan.end_year):
                continue
            if not plan.start_year <= year <= plan.end_year:
                form.add_error("year", _("The year must lie within the plan's period."))


class KeyPointForm(forms.ModelForm[TownKeyPoint]):
    compact = True

    class Meta:
        model = TownKeyPoint
        fields = ["town", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, county: Region | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        town: Any = self.fields["town"]
        town.queryset = (
            Region.objects.current().filter(county=county, level=Level.TOWN).order_by("code")
        )
        _style(self)


PlanTargetFormSet = inlineformset_factory(
    CountyPlan,
    PlanTarget,
    form=PlanTargetForm,
    formset=BasePlanTargetFormSet,
    extra=3,
    can_delete=True,
)
KeyPointFormSet = inlineformset_factory(
    CountyPlan, TownKeyPoint, form=KeyPointForm, extra=2, can_delete=True
)


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("review note"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class FundingForm(forms.ModelForm[Funding]):
    compact = True

    class Meta:
        model = Funding
        fields = ["source", "amount", "year", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        # The browser's bound is the model's (its column's 2^63 - 1 was offered).
        limits = [
            v.limit_value
            for v in Funding._meta.get_field("amount").validators
            if isinstance(v, MaxValueValidator)
        ]
        self.fields["amount"].widget.attrs["max"] = min(limits)


class MilestoneForm(forms.ModelForm[Milestone]):
    compact = True

    class Meta:
        model = Milestone
        fields = ["name", "due_date", "done_date", "photo"]
        widgets = {
            "due_date": DatePicker(),
            "done_date": DatePicker(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["done_date"].validators.append(not_in_future)  # done: today at the latest
        _style(self)

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo and getattr(photo, "size", 0) > MAX_PHOTO_BYTES:
            raise forms.ValidationError(
                _("The photo is too large (at most %(size)s)."),
                params={"size": filesizeformat(MAX_PHOTO_BYTES)},
            )
        return photo


class VillagesForm(forms.Form):
    villages = forms.ModelMultipleChoiceField(
        label=_("villages covered"),
        queryset=Region.objects.none(),
        required=False,
        widget=CheckboxList(),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["villages"]
        field.queryset = (
            Region.objects.current()
            .filter(project.region.scope_filter_for_regions(), level=Level.VILLAGE)
            .order_by("code")
        )
        # Grouped under their towns for the ticks; the queryset above still decides what is valid.
        towns: dict[str, list[tuple[int, str]]] = {}
        for village in field.queryset.select_related("parent"):
            towns.setdefault(village.parent.name, []).append((village.pk, village.name))
        field.widget.choices = (
            list(towns.items())
            if len(towns) > 1
            else [choice for choices in towns.values() for choice in choices]
        )
