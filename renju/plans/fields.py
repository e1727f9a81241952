"""Model fields whose choices live outside the database schema: departments and indicator keys.

``DepartmentListField`` keeps several departments as comma-separated values
("health,water"); it reads values or labels in Chinese or English, separated by commas, 、 or
spaces, so a sheet typed by hand imports. ``IndicatorKeyField`` holds the key of a registered
indicator; its choices come from the indicator registry when a form is built (the registry
grows with the apps, the schema does not change).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from renju.accounts.choices import Department

SEPARATORS = re.compile(r"[,，、;；/\s]+")


def _department_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for value, label in Department.choices:
        table[value.lower()] = value
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                table[str(label).strip().lower()] = value
    return table


def parse_departments(value: Any) -> list[str]:
    """Department values from a list or a text; ``ValueError`` names the first unknown item."""
    items: list[str] = []
    for part in value if isinstance(value, list | tuple) else [value]:
        items += [p for p in SEPARATORS.split(str(part or "").strip()) if p]
    table = _department_lookup()
    found: list[str] = []
    for item in items:
        key = table.get(item.lower())
        if key is None:
            raise ValueError(item)
        if key not in found:
            found.append(key)
    return found


def department_labels(value: str) -> str:
    """The departments' names in a list as the language writes one (、 in Chinese, which the
    spreadsheets use and read back; ", " in English)."""
    labels = dict(Department.choices)
    separator = pgettext("list separator", ", ")
    return separator.join(str(labels.get(v, v)) for v in (value or "").split(",") if v)


class DepartmentsFormField(forms.MultipleChoiceField):
    """A multiple select that also accepts one comma-separated text; cleans to "a,b"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("max_length", None)
        kwargs.pop("empty_value", None)
        super().__init__(choices=Department.choices, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str):
            return [v for v in value.split(",") if v]
        return value

    def to_python(self, value: Any) -> list[str]:
        try:
            return parse_departments(value or [])
        except ValueError as exc:
            raise ValidationError(
                _("“%(value)s” is not a department."), code="invalid", params={"value": exc}
            ) from exc

    def clean(self, value: Any) -> Any:
        return ",".join(super().clean(value))


class DepartmentListField(models.CharField):
    """Comma-separated ``Department`` values, normalised on clean."""

    def to_python(self, value: Any) -> str:
        try:
            return ",".join(parse_departments(value or ""))
        except ValueError as exc:
            raise ValidationError(
                _("“%(value)s” is not a department."), code="invalid", params={"value": exc}
            ) from exc

    def formfield(self, *args: Any, **kwargs: Any) -> Any:
        return DepartmentsFormField(
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )


def indicator_choices() -> list[tuple[str, str]]:
    from renju.indicators.registry import indicators

    return [("", "—"), *[(i.key, str(i.name)) for i in indicators()]]


def indicator_lookup() -> dict[str, str]:
    """Indicator keys by key and by Chinese and English name (for imports)."""
    from renju.indicators.registry import indicators

    table: dict[str, str] = {}
    for indicator in indicators():
        table[indicator.key.lower()] = indicator.key
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                table[str(indicator.name).strip().lower()] = indicator.key
    return table


def indicator_name(key: str) -> str:
    from renju.indicators.registry import get_indicator

    try:
        return str(get_indicator(key).name)
    except KeyError:
        return key


class IndicatorKeyField(models.CharField):
    """The key of a registered indicator (``toilets.usable_rate``)."""

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        if value and value not in indicator_lookup().values():
            raise ValidationError(
                _("“%(value)s” is not an indicator."), code="invalid", params={"value": value}
            )

    def formfield(self, *args: Any, **kwargs: Any) -> Any:
        return forms.ChoiceField(
            choices=indicator_choices,
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )
