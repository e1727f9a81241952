"""GET /api/v1/regions/: filter by level, parent code and code prefix."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import F, QuerySet
from django.http import Http404
from rest_framework import serializers, viewsets

from .models import Region


class RegionSerializer(serializers.ModelSerializer[Region]):
    parent: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Region
        fields = [
            "code",
            "name",
            "level",
            "kind",
            "parent",
            "valid_from",
            "valid_to",
            "registered_population",
            "resident_population",
            "household_count",
            "location_class",
            "yellow_river",
            "latitude",
            "longitude",
            "attributes_simulated",
        ]


class RegionFilterSet(django_filters.FilterSet):
    level = django_filters.NumberFilter()
    parent = django_filters.CharFilter(field_name="parent__code")
    code_prefix = django_filters.CharFilter(field_name="code", lookup_expr="startswith")
    current = django_filters.BooleanFilter(field_name="valid_to", lookup_expr="isnull")

    class Meta:
        model = Region
        fields = ["level", "kind", "yellow_river"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet[Region]):
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    lookup_field = "code"
    search_fields = ["name", "code"]

    def get_queryset(self) -> QuerySet[Region]:
        queryset: Any = Region.objects.restrict(self.request.user)
        return queryset.select_related("parent").defer("boundary").order_by("code")

    def get_object(self) -> Region:
        """The region with the code: the current unit, else its latest old version.

        Codes are unique only among current units (a unit renamed away keeps its code on its
        old row), so a plain ``get(code=...)`` fails once a code has history.
        """
        queryset = self.filter_queryset(self.get_queryset()).filter(code=self.kwargs["code"])
        region = queryset.order_by(F("valid_to").desc(nulls_first=True)).first()
        if region is None:
            raise Http404
        self.check_object_permissions(self.request, region)
        return region
