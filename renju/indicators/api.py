"""GET /api/v1/indicators/: kept values by region, indicator and period, with targets."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from renju.regions.services import children_for_user, region_of_figures

from . import engine
from .models import PeriodKind
from .registry import indicators


class ReadingSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField()
    region_name = serializers.CharField()
    period = serializers.CharField()
    period_start = serializers.DateField()
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True)
    value = serializers.FloatField(allow_null=True)
    unit = serializers.CharField()
    target = serializers.FloatField(allow_null=True)
    target_source = serializers.CharField()
    status = serializers.CharField()


class IndicatorValues(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("region", str, description="region code (default: your area)"),
            OpenApiParameter("indicator", str, description="indicator key (default: all)"),
            OpenApiParameter("period", str, enum=[p.value for p in PeriodKind]),
            OpenApiParameter("start", str, description="period start, YYYY-MM-DD"),
            OpenApiParameter("children", bool, description="also the region's children"),
        ],
        responses=ReadingSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        code = request.query_params.get("region")
        region = region_of_figures(request.user, code)
        if region is None:
            raise NotFound
        period = request.query_params.get("period", PeriodKind.MONTH)
        if period not in PeriodKind.values:
            raise ValidationError(
                {
                    "period": _("Choose one of: %(choices)s.")
                    % {"choices": ", ".join(PeriodKind.values)}
                }
            )
        start = None
        if raw := request.query_params.get("start"):
            try:
                start = datetime.date.fromisoformat(raw)
            except ValueError as exc:
                raise ValidationError(
                    {"start": _("Enter the period's start as a date, YYYY-MM-DD.")}
                ) from exc
        keys = [k for k in request.query_params.get("indicator", "").split(",") if k] or None
        if keys and not set(keys) <= {i.key for i in indicators()}:
            raise ValidationError({"indicator": _("Unknown indicator.")})
        regions = [region]
        if request.query_params.get("children") in {"1", "true"}:
            regions += list(children_for_user(request.user, region))
        # The period that holds today in the city's time zone, as the kept values are filed.
        start = start or engine.period_starts(timezone.localdate())[period]
        rows = engine.readings(regions, period, start, keys)
        data: list[dict[str, Any]] = [
            {
                "indicator": r.indicator.key,
                "name": str(r.indicator.name),
                "region": r.region.code,
                "region_name": r.region.name,
                "period": period,
                "period_start": start,
                "numerator": r.numerator,
                "denominator": r.denominator,
                "value": r.value,
                "unit": r.indicator.unit,
                "target": r.target,
                "target_source": r.target_source,
                "status": r.status,
            }
            for r in rows
        ]
        return Response(ReadingSerializer(data, many=True).data)
