"""Shared builders of the water tests (not fixtures: plain functions)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from renju.core import actions
from renju.regions.models import Region
from renju.water import thresholds
from renju.water.models import WaterBody, WaterSample

CLEAN = {"transparency_cm": "60", "do_mg_l": "5", "nh3n_mg_l": "1", "depth_cm": "100"}
BLACK = {"transparency_cm": "12", "do_mg_l": "1.2", "nh3n_mg_l": "18", "depth_cm": "100"}


def make_body(region: Region, code: str, **extra: Any) -> WaterBody:
    thresholds.ensure_default_sets()
    body = WaterBody(code=code, name=f"测试坑塘{code}", region=region, kind="pond", **extra)
    body.save()
    return body


def make_project(region: Region, code: str) -> Any:
    from renju.plans.models import Project

    project, _created = Project.objects.get_or_create(
        code=code,
        defaults={
            "region": region,
            "name": "测试黑臭水体整治项目",
            "domain": "water",
            "lead_department": "ecology",
            "budget": 300_000,
        },
    )
    return project


def add_sample(
    user: Any,
    body: WaterBody,
    code: str,
    values: dict[str, str],
    day: datetime.date | None = None,
) -> WaterSample:
    """A sample written like the ledger does it (save_object → after_write classifies)."""
    sample = WaterSample(
        code=code,
        water_body=body,
        region=body.region,
        sampled_on=day or timezone.localdate(),
        point="1号点",
        **{k: Decimal(v) for k, v in values.items()},
    )
    actions.save_object(user, sample)
    sample.refresh_from_db()
    return sample
