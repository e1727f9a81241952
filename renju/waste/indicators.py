"""The waste indicators (S8, S9), per village from the daily records and the ledgers.

The daily-record indicators cover the last :func:`window_days` days (30 by default): the kept
month, quarter and year values are snapshots of that window at the time of the recompute.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renju.indicators.registry import Indicator, Parts, register_indicator
from renju.regions.choices import Kind, Level
from renju.regions.models import Region

from .chain import Period, generated_kg, harmless_parts, timeliness_parts
from .choices import FacilityStatus, SiteState
from .models import Collection, CollectionPoint, ConstructionSite, RecyclingRecord
from .parameters import (
    HARMLESS_DEFINITION,
    HARMLESS_TARGET,
    HARMLESS_TARGET_SOURCE,
    RECYCLING_WINDOW_DAYS,
    SITE_COVERAGE_SOURCE,
    SITE_COVERAGE_TARGET,
    harmless_basis,
    window_days,
)

COVERED_STATES = (SiteState.IN_USE, SiteState.FULL)
ADMINISTRATIVE_VILLAGES = (Kind.VILLAGE_COMMITTEE, Kind.VILLAGE_LIKE)


def window(today: datetime.date | None = None, days: int | None = None) -> Period:
    return Period.last_days(days or window_days(), today or timezone.localdate())


def harmless_rate(villages: list[int], period: Period | None = None) -> Parts:
    """Harmless-treated kg ÷ collected kg (or ÷ generated kg, by the configured basis)."""
    period = period or window()
    treated, collected = harmless_parts(Collection.objects.all(), period)
    wanted = set(villages)
    if harmless_basis() == "generated":
        regions = Region.objects.filter(pk__in=list(wanted & set(collected)))
        parts: Parts = {}
        for region in regions:
            generated = generated_kg(region, period)
            if generated:
                parts[region.pk] = (treated.get(region.pk, 0.0), generated)
        return parts
    return {
        v: (treated.get(v, 0.0), float(kg)) for v, kg in collected.items() if v in wanted and kg
    }


def collection_timeliness(villages: list[int], period: Period | None = None) -> Parts:
    """Collections made on time ÷ collections due (see :func:`chain.timeliness_parts`)."""
    return timeliness_parts(villages, period or window())


def sorted_collection(villages: list[int]) -> Parts:
    """Villages with at least one sorting collection point in service ÷ villages with points."""
    rows = (
        CollectionPoint.objects.exclude(status=FacilityStatus.CLOSED)
        .order_by()
        .values_list("village_id")
        .annotate(n=Count("pk", filter=Q(sorting=True)))
        .values_list("village_id", "n")
    )
    wanted = set(villages)
    return {v: (1.0 if n else 0.0, 1.0) for v, n in rows if v in wanted}


def site_coverage(villages: list[int]) -> Parts:
    """Administrative villages with a construction-waste site in use ÷ administrative villages."""
    covered = set(
        ConstructionSite.objects.filter(state__in=COVERED_STATES)
        .values_list("village_id", flat=True)
        .distinct()
    )
    admin = Region.objects.filter(
        pk__in=villages, level=Level.VILLAGE, kind__in=ADMINISTRATIVE_VILLAGES
    ).values_list("pk", flat=True)
    return {v: (1.0 if v in covered else 0.0, 1.0) for v in admin}


def recycling_volume(villages: list[int], today: datetime.date | None = None) -> Parts:
    """Agricultural waste recycled in the last 365 days, tonnes ÷ villages with records."""
    period = window(today, RECYCLING_WINDOW_DAYS)
    rows = (
        RecyclingRecord.objects.filter(recorded_on__range=(period.start, period.end))
        .order_by()
        .values_list("village_id")
        .annotate(kg=Sum("weight_kg"))
        .values_list("village_id", "kg")
    )
    wanted = set(villages)
    return {v: (float(kg) / 1000, 1.0) for v, kg in rows if v in wanted and v is not None}


register_indicator(
    Indicator(
        key="waste.harmless_rate",
        name=_("harmless treatment rate of household waste"),
        domain="waste",
        definition=HARMLESS_DEFINITION,
        compute=harmless_rate,
        target=HARMLESS_TARGET,
        target_source=HARMLESS_TARGET_SOURCE,
    )
)
register_indicator(
    Indicator(
        key="waste.collection_timeliness",
        name=_("waste collection timeliness"),
        domain="waste",
        definition=_(
            "Days with a collection (at most the collections due) ÷ collections due by the "
            "operator contract's interval, last 30 days (S8 及时清运)."
        ),
        compute=collection_timeliness,
    )
)
register_indicator(
    Indicator(
        key="waste.sorted_collection",
        name=_("villages with sorted collection"),
        domain="waste",
        definition=_(
            "Villages with a sorting collection point ÷ villages with collection points (S9)."
        ),
        compute=sorted_collection,
        ledger="waste-collection-points",
        drill_params="sorting=false",
    )
)
register_indicator(
    Indicator(
        key="waste.site_coverage",
        name=_("construction-waste site coverage"),
        domain="waste",
        definition=_(
            "Administrative villages with a construction-waste site in use ÷ administrative "
            "villages (S9)."
        ),
        compute=site_coverage,
        target=SITE_COVERAGE_TARGET,
        target_source=SITE_COVERAGE_SOURCE,
        ledger="construction-waste-sites",
    )
)
register_indicator(
    Indicator(
        key="waste.recycling_volume",
        name=_("agricultural waste recycled per village"),
        domain="waste",
        definition=_(
            "Pesticide and fertiliser packaging and film recycled in the last 365 days, tonnes "
            "÷ villages with recycling records (the total is the numerator) (S9)."
        ),
        compute=recycling_volume,
        unit="t",
        scale=1.0,
        ledger="agri-recycling-records",
    )
)
