"""The case list's filters: state, category, organisation, region, overdue, source, number."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renju.regions.models import Region

from .choices import OPEN_STATES, Source, State
from .registry import category_choices

# Sort keys the list accepts (with or without a leading "-").
SORTS = ("code", "deadline", "created_at", "resolved_at", "state")


class CaseFilterSet(django_filters.FilterSet):
    """Filters of ``/cases/`` and its export (the export uses the same query string)."""

    state = django_filters.ChoiceFilter(label=_("state"), choices=State.choices)
    category = django_filters.ChoiceFilter(label=_("category"), choices=category_choices)
    source = django_filters.ChoiceFilter(label=_("source"), choices=Source.choices)
    organisation = django_filters.NumberFilter(
        label=_("responsible organisation"), field_name="assigned_org_id"
    )
    region = django_filters.CharFilter(label=_("region code"), method="filter_region")
    overdue = django_filters.CharFilter(label=_("overdue only"), method="filter_overdue")
    q = django_filters.CharFilter(label=_("case number"), method="filter_number")

    def filter_region(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        region = Region.objects.filter(code=value.strip()).current_first().first()
        if region is None:
            return queryset.none()
        return queryset.filter(region.scope_filter())

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: str) -> Any:
        """``overdue=1`` (or true/yes/on): open cases past their deadline."""
        if value.strip().lower() not in {"1", "true", "yes", "on"}:
            return queryset
        return queryset.filter(state__in=OPEN_STATES, deadline__lt=timezone.now())

    def filter_number(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip().upper()
        return queryset.filter(code__startswith=value) if value else queryset


def sorted_cases(queryset: QuerySet[Any], sort: str) -> QuerySet[Any]:
    """``sort`` if it is one of SORTS, else newest first."""
    if sort.lstrip("-") in SORTS:
        return queryset.order_by(sort, "-pk")
    return queryset.order_by("-pk")
