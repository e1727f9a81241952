"""Forms of the villager's pages: the report, and confirming or reopening a case."""

from __future__ import annotations

import re
import secrets
import unicodedata
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from renju.cases.photos import PhotoField
from renju.cases.registry import get_category

from .intake import KEY_SHAPE, REPORT_CATEGORIES

_PHONE = re.compile(r"^\+?[0-9]{7,15}$")
_PHONE_SEPARATORS = re.compile(r"[\s\-()]")


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
        phone = phone_digits(self.cleaned_data.get("phone") or "")
        if phone is None:
            raise forms.ValidationError(
                _("Enter a phone number in digits (7 to 15)."), code="phone"
            )
        return phone

    def clean_idempotency_key(self) -> str:
        key = str(self.cleaned_data.get("idempotency_key") or "")
        if not KEY_SHAPE.match(key):
            raise forms.ValidationError(
                _("The form has expired; please open the page again."), code="key"
            )
        return key


def phone_digits(typed: str) -> str | None:
    """A phone as the crew dials it: full-width digits (a Chinese keyboard's １３８…) as
    digits, spaces and dashes dropped; None when that is not 7 to 15 digits (a leading + kept)."""
    phone = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", typed))
    return phone if not phone or _PHONE.match(phone) else None


def clean_report(data: QueryDict) -> dict[str, Any] | None:
    """The report's fields, exactly as ``ReportForm`` cleans them, when they are plainly valid.

    The hot path of the villager's report (a whole county scanning at once) checks the four
    text fields here without building the form; anything this does not accept outright (a bad
    value, a field too long, a null character, a photo: the caller passes only reports without
    files) returns ``None``, and the caller runs ``ReportForm`` for its verdict and its errors.
    So the form stays the one definition of what is valid: this accepts a subset of what it
    accepts, with the same cleaned values (``test_public.test_fast_clean_agrees_with_the_form``).
    """
    category = data.get("category")
    if category not in REPORT_CATEGORIES:
        return None
    # CharField: strip, then max_length and no null characters.
    key = (data.get("idempotency_key") or "").strip()
    if not KEY_SHAPE.match(key):  # also bounds its length (64) and excludes null characters
        return None
    description = (data.get("description") or "").strip()
    if len(description) > 500 or "\x00" in description:
        return None
    phone = (data.get("phone") or "").strip()
    if len(phone) > 24 or "\x00" in phone:
        return None
    digits = phone_digits(phone)
    if digits is None:
        return None
    return {
        "category": category,
        "description": description,
        "photo": None,
        "phone": digits,
        "idempotency_key": key,
    }


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
