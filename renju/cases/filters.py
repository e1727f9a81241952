"""The case list's filters: state, category, organisation, region, overdue, source, number."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renju.regions.services import first_version

from .choices import OPEN_STATES, Source, State
from .registry import category_choices

# Sort keys the list accepts (with or without a leading "-").
SORTS = ("code", "deadline", "created_at", "resolved_at", "state")


# The largest primary key a database stores (a signed 64-bit integer): a larger number in the
# query string would overflow SQLite's integer (a 500) and can match nothing anyway.
MAX_ID = 2**63 - 1
# ``overdue=`` values: these select the overdue cases, those all cases; anything else is invalid.
OVERDUE_ON = frozenset({"1", "true", "yes", "on"})
OVERDUE_OFF = frozenset({"", "0", "false", "no", "off"})


class IdFilter(django_filters.NumberFilter):
    """A primary key: a whole number from 1 to ``MAX_ID`` (anything else makes the form invalid)."""

    field_class = forms.IntegerField


class CaseFilterSet(django_filters.FilterSet):
    """Filters of ``/cases/`` and its export (the export uses the same query string).

    A value that is not valid (an unknown state or category, an organisation that is not a
    number...) matches nothing, and the form carries the error: never all cases.
    """

    state = django_filters.ChoiceFilter(label=_("state"), choices=State.choices)
    category = django_filters.ChoiceFilter(label=_("category"), choices=category_choices)
    source = django_filters.ChoiceFilter(label=_("source"), choices=Source.choices)
    organisation = IdFilter(
        label=_("responsible organisation"),
        field_name="assigned_org_id",
        min_value=1,
        max_value=MAX_ID,
    )
    region = django_filters.CharFilter(label=_("region code"), method="filter_region")
    overdue = django_filters.CharFilter(label=_("overdue only"), method="filter_overdue")
    q = django_filters.CharFilter(label=_("case number"), method="filter_number")

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not self.form.is_valid():
            return queryset.none()
        filtered: QuerySet[Any] = super().filter_queryset(queryset)
        return filtered

    def filter_region(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        region = first_version(value.strip())
        if region is None:
            return queryset.none()
        return queryset.filter(region.scope_filter())

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: str) -> Any:
        """``overdue=1`` (or true/yes/on): open cases past their deadline; 0/false/no/off:
        every case; any other value: none."""
        flag = value.strip().lower()
        if flag in OVERDUE_OFF:
            return queryset
        if flag not in OVERDUE_ON:
            return queryset.none()
        return queryset.filter(state__in=OPEN_STATES, deadline__lt=timezone.now())

    def filter_number(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip().upper()
        return queryset.filter(code__startswith=value) if value else queryset


def sorted_cases(queryset: QuerySet[Any], sort: str) -> QuerySet[Any]:
    """``sort`` if it is one of SORTS, else newest first."""
    if sort.lstrip("-") in SORTS:
        return queryset.order_by(sort, "-pk")
    return queryset.order_by("-pk")
