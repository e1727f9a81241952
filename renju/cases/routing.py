"""Who fixes a case, and by when."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from renju.accounts.choices import SERVICE_AREA_KINDS, OrganisationKind
from renju.accounts.models import Organisation, ServiceArea
from renju.regions.models import Region

from .models import CategorySLA, RoutingRule
from .registry import Category, get_category


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


def serving_organisations(category_key: str, region: Region) -> QuerySet[Organisation]:
    """Active organisations with an active service area on ``region`` or one of its ancestors,
    for the category's service when it names one (for any service otherwise)."""
    areas = ServiceArea.objects.filter(
        status=ServiceArea.Status.ACTIVE, region_id__in=_chain(region)
    )
    try:
        service = get_category(category_key).service
    except KeyError:
        service = ""
    if service:
        areas = areas.filter(service=service)
    return Organisation.objects.filter(is_active=True, pk__in=areas.values("organisation_id"))


def serves(organisation: Organisation, category_key: str, region: Region) -> bool:
    """Whether ``organisation`` has an active service area covering ``region`` for the
    category's service (a body that is not a company serves everywhere it is seated over).

    The assignment form offers a company only where it serves: its scope is its service areas
    (the rule of ``ServiceArea``). A case may still reach a company elsewhere (a county's
    routing rule, a sewage facility's named operator, an area that ended while the case was
    open); the company does the work given to it all the same.
    """
    if organisation.kind not in SERVICE_AREA_KINDS:
        return True
    return serving_organisations(category_key, region).filter(pk=organisation.pk).exists()


def sla(category: Category, region: Region) -> tuple[int, int]:
    """(hours to fix, days to reopen) for the category in the region's county."""
    override = CategorySLA.objects.filter(category=category.key, county_id=region.county_id).first()
    if override is not None:
        return override.hours, override.reopen_days
    return category.sla_hours, category.reopen_days


def deadline(category: Category, region: Region, start: datetime.datetime | None = None) -> Any:
    hours, _days = sla(category, region)
    return (start or timezone.now()) + datetime.timedelta(hours=hours)
