"""Row factories of the water ledgers for the permission matrix (core/tests)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from renju.core.testing.matrix import RowFactory
from renju.regions.models import Region


def _body(region: Region, n: int) -> Any:
    from renju.water.models import ThresholdSet, WaterBody
    from renju.water.thresholds import ensure_default_sets

    ensure_default_sets()
    return WaterBody(
        threshold_set=ThresholdSet.objects.get(key="urban-2015"),
        code=f"T-PM-HC-{region.code}-{n}",
        name=f"矩阵测试坑塘{n}",
        region=region,
        kind="pond",
        area_m2=Decimal("1200"),
    )


def _sample(region: Region, n: int) -> Any:
    from renju.water.models import WaterBody, WaterSample

    body, _created = WaterBody.objects.get_or_create(
        code=f"T-PM-HCS-{region.code}-{n}",
        defaults={"name": f"矩阵测试沟渠{n}", "region": region, "kind": "ditch"},
    )
    return WaterSample(
        code=f"T-PM-SMP-{region.code}-{n}",
        water_body=body,
        region=region,
        sampled_on=datetime.date(2026, 6, 1),
        point="1号点",
        transparency_cm=Decimal("40"),
        do_mg_l=Decimal("5"),
        nh3n_mg_l=Decimal("1"),
    )


def _survey(region: Region, n: int) -> Any:
    from renju.water.models import PublicSurvey, WaterBody

    body, _created = WaterBody.objects.get_or_create(
        code=f"T-PM-HCQ-{region.code}-{n}",
        defaults={"name": f"矩阵测试坑塘问卷{n}", "region": region, "kind": "pond"},
    )
    return PublicSurvey(
        code=f"T-PM-PS-{region.code}-{n}",
        water_body=body,
        region=region,
        surveyed_on=datetime.date(2026, 6, 1),
        respondents=50,
        judged_black_odorous=20,
    )


FACTORIES = {
    "water-bodies": RowFactory(_body, {"location": "村南500米"}),
    "water-samples": RowFactory(_sample, {"point": "3号点"}),
    "water-surveys": RowFactory(_survey, {"note": "复核"}),
}
