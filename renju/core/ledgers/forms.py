"""Forms of the ledger framework: the edit form, the region field, the import upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from renju.core import spreadsheets
from renju.regions.models import Region

from .registry import Ledger


class RegionCodeField(forms.ModelChoiceField):
    """A region typed as its code, limited to the regions the user may write in."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {
        "invalid_choice": _("No such region in your area (check the 12- or 15-digit code)."),
    }

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Region):
            return value.code
        if isinstance(value, int):
            region = Region.objects.filter(pk=value).first()
            return region.code if region else value
        return value


def edit_form_class(ledger: Ledger, user: Any, action: str) -> type[forms.ModelForm[Any]]:
    """A ModelForm over the ledger's columns whose related choices are scoped to the user."""
    base = modelform_factory(ledger.model, fields=ledger.columns)
    levels = getattr(ledger.model, "allowed_levels", (5, 6))

    class Form(base):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            for name, field in self.fields.items():
                model_field = ledger.model._meta.get_field(name)
                if not model_field.is_relation:
                    continue
                related: Any = model_field.related_model
                if related is Region:
                    self.fields[name] = RegionCodeField(
                        queryset=Region.objects.current()
                        .filter(level__in=levels)
                        .within(user, action),
                        to_field_name="code",
                        label=field.label,
                        help_text=_("The village (12 digits) or hamlet (15 digits) code."),
                    )
                elif hasattr(related._default_manager, "within_reach"):
                    field.queryset = related._default_manager.within_reach(user)
            for field in self.fields.values():
                css = (
                    "form-check-input"
                    if isinstance(field.widget, forms.CheckboxInput)
                    else "form-control"
                )
                if isinstance(field.widget, forms.Select):
                    css = "form-select"
                field.widget.attrs.setdefault("class", css)

        def clean(self) -> dict[str, Any]:
            """The ledger's own row rule (as on import), once every column has a value."""
            cleaned: dict[str, Any] = super().clean()
            if ledger.validate_row is not None and all(n in cleaned for n in ledger.columns):
                for name, message in ledger.validate_row(cleaned).items():
                    self.add_error(name, message)
            return cleaned

    return Form


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.RENJU_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s MB, over the limit of %(limit)s MB.")
                % {"size": f"{upload.size / 1048576:.1f}", "limit": f"{limit / 1048576:.1f}"}
            )
        head = upload.read(8192)
        upload.seek(0)
        try:
            self.cleaned_data["format"] = spreadsheets.sniff_format(upload.name, head)
        except spreadsheets.SpreadsheetError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload
