"""Forms of the cleaning pages: the inspection on a phone, the document upload."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renju.cases.photos import validate_photo
from renju.core.validators import not_in_future
from renju.core.widgets import DatePicker

from .inspections import FindingInput, RecheckInput
from .models import Campaign, Finding, ScoreItem

RECHECK_CHOICES = [("", _("not re-checked")), ("yes", _("rectified")), ("no", _("not rectified"))]


class InspectionForm(forms.Form):
    """The village's score sheet: per item found / what / photo; per open finding a re-check.

    Item fields are ``found_<id>``, ``desc_<id>``, ``photo_<id>``; re-check fields are
    ``recheck_<id>``, ``recheck_note_<id>``, ``recheck_photo_<id>``. Photos are checked by
    content and size (``cases.photos.validate_photo``).
    """

    inspected_on = forms.DateField(
        label=_("inspected on"), widget=DatePicker(), validators=[not_in_future]
    )
    inspector_name = forms.CharField(label=_("inspector"), max_length=50)
    campaign = forms.ModelChoiceField(
        label=_("campaign"),
        queryset=Campaign.objects.none(),  # scope: empty; the view sets a scoped choice
        required=False,
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(
        self,
        *args: Any,
        items: list[ScoreItem],
        open_findings: list[Finding],
        campaigns: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items, self.open_findings = items, open_findings
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.fields["inspected_on"].initial = timezone.localdate()
        for item in items:
            self.fields[f"found_{item.pk}"] = forms.BooleanField(label=item.name, required=False)
            self.fields[f"desc_{item.pk}"] = forms.CharField(
                label=_("what was found"), max_length=300, required=False
            )
            self.fields[f"photo_{item.pk}"] = forms.FileField(label=_("photo"), required=False)
        for finding in open_findings:
            self.fields[f"recheck_{finding.pk}"] = forms.ChoiceField(
                label=str(finding.item), choices=RECHECK_CHOICES, required=False
            )
            self.fields[f"recheck_note_{finding.pk}"] = forms.CharField(
                label=_("note"), max_length=300, required=False
            )
            self.fields[f"recheck_photo_{finding.pk}"] = forms.FileField(
                label=_("photo"), required=False
            )
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select"
            else:
                field.widget.attrs["class"] = "form-control"
            if name.startswith(("photo_", "recheck_photo_")):
                field.widget.attrs.update({"accept": "image/*", "capture": "environment"})

    def _photo(self, name: str) -> Any:
        upload = self.cleaned_data.get(name)
        if not upload:
            return None
        try:
            validate_photo(upload)
        except ValidationError as error:
            self.add_error(name, error)
            return None
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        self.findings: list[FindingInput] = []
        self.rechecks: list[RecheckInput] = []
        for item in self.items:
            photo = self._photo(f"photo_{item.pk}")
            if cleaned.get(f"found_{item.pk}"):
                self.findings.append(FindingInput(item, cleaned.get(f"desc_{item.pk}", ""), photo))
        for finding in self.open_findings:
            answer = cleaned.get(f"recheck_{finding.pk}")
            photo = self._photo(f"recheck_photo_{finding.pk}")
            if answer in ("yes", "no"):
                self.rechecks.append(
                    RecheckInput(
                        finding,
                        answer == "yes",
                        cleaned.get(f"recheck_note_{finding.pk}", ""),
                        photo,
                    )
                )
        return cleaned

    def item_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "item": item,
                "found": self[f"found_{item.pk}"],
                "desc": self[f"desc_{item.pk}"],
                "photo": self[f"photo_{item.pk}"],
            }
            for item in self.items
        ]

    def recheck_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "finding": f,
                "answer": self[f"recheck_{f.pk}"],
                "note": self[f"recheck_note_{f.pk}"],
                "photo": self[f"recheck_photo_{f.pk}"],
            }
            for f in self.open_findings
        ]


def document_kind(data: bytes) -> str | None:
    """``pdf`` or ``docx`` by the file's bytes, else None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return "docx"
    return None


class DocumentUploadForm(forms.Form):
    """The file of town rules or a village standard: a PDF or DOCX within the upload limit."""

    file = forms.FileField(label=_("file (PDF or DOCX)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"class": "form-control", "accept": ".pdf,.docx"})

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = int(settings.RENJU_MAX_UPLOAD_BYTES)
        if upload.size > limit:
            raise ValidationError(
                _("The file is too large (at most %(size)s)."),
                code="document_size",
                params={"size": filesizeformat(limit)},
            )
        upload.seek(0)
        kind = document_kind(upload.read())
        upload.seek(0)
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if kind is None or kind != extension:
            raise ValidationError(_("The file must be a PDF or DOCX file."), code="document_type")
        upload.name = f"document.{kind}"
        return upload
