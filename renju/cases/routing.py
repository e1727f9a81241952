"""Who fixes a case, and by when."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from renju.accounts.choices import OrganisationKind
from renju.accounts.models import Organisation, ServiceArea
from renju.regions.models import Region

from .models import CategorySLA, RoutingRule
from .registry import Category


def _chain(region: Region) -> list[int]:
    """The region and its ancestors, most specific first."""
    ids = [region.pk, region.village_id, region.town_id, region.county_id, region.city_id]
    return [i for i in dict.fromkeys(ids) if i]


def route(category: Category, region: Region) -> Organisation | None:
    """Routing rule (most specific region first), else the serving company, else the town."""
    chain = _chain(region)
    rules = {
        r.region_id: r
        for r in RoutingRule.objects.filter(
            category=category.key, region_id__in=chain
        ).select_related("organisation")
    }
    for region_id in chain:
        if region_id in rules and rules[region_id].organisation.is_active:
            return rules[region_id].organisation
    if category.service:
        areas = {
            a.region_id: a
            for a in ServiceArea.objects.filter(
                service=category.service, status=ServiceArea.Status.ACTIVE, region_id__in=chain
            ).select_related("organisation")
        }
        for region_id in chain:
            if region_id in areas and areas[region_id].organisation.is_active:
                return areas[region_id].organisation
    if region.town_id:
        return Organisation.objects.filter(
            region_id=region.town_id, kind=OrganisationKind.GOVERNMENT, is_active=True
        ).first()
    return None


def sla(category: Category, region: Region) -> tuple[int, int]:
    """(hours to fix, days to reopen) for the category in the region's county."""
    override = CategorySLA.objects.filter(category=category.key, county_id=region.county_id).first()
    if override is not None:
        return override.hours, override.reopen_days
    return category.sla_hours, category.reopen_days


def deadline(category: Category, region: Region, start: datetime.datetime | None = None) -> Any:
    hours, _days = sla(category, region)
    return (start or timezone.now()) + datetime.timedelta(hours=hours)
