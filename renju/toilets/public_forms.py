"""Forms of the villager's pages: the report, and confirming or reopening a case."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renju.cases.photos import PhotoField
from renju.cases.registry import get_category

from .intake import REPORT_CATEGORIES

_KEY = re.compile(r"^[A-Za-z0-9_\-]{16,64}$")
_PHONE = re.compile(r"^\+?\d{7,15}$")


def new_idempotency_key() -> str:
    """A fresh key for one rendering of the report form (a double tap re-sends the same key)."""
    return secrets.token_urlsafe(24)


class ReportForm(forms.Form):
    """What the villager sends: the problem (one of three buttons) and optional details."""

    category = forms.ChoiceField(choices=())
    description = forms.CharField(
        label=_("What is wrong (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
    )
    photo = PhotoField(label=_("Photo (optional)"), required=False)
    phone = forms.CharField(
        label=_("Your phone (optional)"),
        required=False,
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "maxlength": 24}),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            (key, get_category(key).name) for key in REPORT_CATEGORIES
        ]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", new_idempotency_key())

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s\-()]", "", self.cleaned_data.get("phone") or "")
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(
                _("Enter a phone number in digits (7 to 15)."), code="phone"
            )
        return phone

    def clean_idempotency_key(self) -> str:
        key = str(self.cleaned_data.get("idempotency_key") or "")
        if not _KEY.match(key):
            raise forms.ValidationError(
                _("The form has expired; please open the page again."), code="key"
            )
        return key


RATING_CHOICES = [(i, str(i)) for i in range(5, 0, -1)]


class ConfirmForm(forms.Form):
    """Fixed: the reporter rates the work from 1 to 5 stars, with an optional comment."""

    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose 1 to 5 stars.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
    )


class ReopenForm(forms.Form):
    """Not fixed after all: what is still wrong."""

    reason = forms.CharField(
        label=_("What is still wrong"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
        error_messages={"required": _("Say what is still wrong.")},
    )
