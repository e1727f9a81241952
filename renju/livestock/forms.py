"""The form of the city's manure coefficient."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _


class CoefficientForm(forms.Form):
    faeces_kg = forms.DecimalField(
        label=_("faeces (kg per head per day)"),
        max_digits=7,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("200"))],
    )
    urine_kg = forms.DecimalField(
        label=_("urine (kg per head per day)"),
        max_digits=7,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("200"))],
    )
    source = forms.CharField(label=_("source"), max_length=300)
    verified = forms.BooleanField(label=_("checked against the source"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, field in self.fields.items():
            css = "form-check-input" if name == "verified" else "form-control"
            field.widget.attrs["class"] = css
