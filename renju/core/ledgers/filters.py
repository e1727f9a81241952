"""One filterset per ledger, shared by the list page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from renju.regions.models import Region
from renju.regions.services import first_version

from .registry import Ledger

_cache: dict[str, type[django_filters.FilterSet]] = {}


class LedgerFilterSet(django_filters.FilterSet):
    """Region (by code, any level), free-text search, and the ledger's own fields."""

    region = django_filters.CharFilter(label=_("region code"), method="filter_region")
    q = django_filters.CharFilter(label=_("search"), method="filter_search")

    ledger: Ledger
    # The unit the rows were filtered by (first version of the code, current first; no scope:
    # the scoped rows under another unit are none anyway), kept for the page's breadcrumb.
    region_found: Region | None = None

    def filter_region(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        self.region_found = region = first_version(value.strip())
        if region is None:
            return queryset.none()
        return queryset.filter(region.scope_filter())

    def filter_search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        q = Q()
        for field in self.ledger.search:
            lookup = "startswith" if field == "code" or field.endswith("code") else "icontains"
            match = Q(**{f"{field}__{lookup}": value})
            if field in self.ledger.masks:
                # A masked name is found only on the rows whose name the user sees: searching
                # 王宝德 confirmed who lived behind 王** (Ledger.masks_for's rule).
                unmasked = self._unmasked(queryset)
                if unmasked is None:
                    continue
                match &= unmasked
            q |= match
        return queryset.filter(q)

    def _unmasked(self, queryset: QuerySet[Any]) -> Q | None:
        """The rows whose masked columns the user sees in full (those she may change), as a
        filter; None: none of them."""
        from renju.core.scoping import CHANGE, scope_for

        user = getattr(self.request, "user", None)
        if CHANGE not in self.ledger.actions or user is None:
            return None
        regions = scope_for(user, self.ledger.model, CHANGE)
        if regions is None:
            return Q()
        if not regions:
            return None
        return queryset.scope_q(regions)  # type: ignore[attr-defined]


def filterset_for(ledger: Ledger) -> type[django_filters.FilterSet]:
    if ledger.slug not in _cache:
        meta = type("Meta", (), {"model": ledger.model, "fields": ledger.filters})
        _cache[ledger.slug] = type(
            f"{ledger.model.__name__}FilterSet",
            (LedgerFilterSet,),
            {"Meta": meta, "ledger": ledger},
        )
    return _cache[ledger.slug]
