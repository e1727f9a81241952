"""The toilet indicators (S13, S14), computed per village from the toilet ledger and cases.

The policy sets no numeric toilet target, so the defaults are None ("no target") and the
county plans (一县一策) set them; the traffic light stays grey until one does.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renju.cases.choices import OPEN_STATES, State
from renju.cases.models import Case
from renju.households.models import Household
from renju.indicators.registry import Indicator, Parts, register_indicator

from .choices import SANITARY_TYPES, Condition
from .models import HouseholdToilet

DONE = [State.RESOLVED, State.CONFIRMED, State.CLOSED]


def _parts(rows: list[tuple[int, int, int]], villages: list[int]) -> Parts:
    wanted = set(villages)
    return {v: (float(n), float(d)) for v, n, d in rows if v in wanted}


def per_village(
    queryset: QuerySet[Any], villages: list[int], numerator: Q, denominator: Q | None = None
) -> Parts:
    """One GROUP BY village: rows matching ``numerator`` ÷ rows matching ``denominator`` (all)."""
    rows = (
        queryset.order_by()
        .values_list("village_id")
        .annotate(n=Count("pk", filter=numerator), d=Count("pk", filter=denominator))
        .values_list("village_id", "n", "d")
    )
    return _parts(list(rows), villages)


def sanitary_coverage(villages: list[int]) -> Parts:
    """Households with a sanitary toilet ÷ households."""
    households = dict(
        Household.objects.order_by()
        .values_list("village_id")
        .annotate(n=Count("pk"))
        .values_list("village_id", "n")
    )
    sanitary = dict(
        HouseholdToilet.objects.filter(toilet_type__in=sorted(SANITARY_TYPES))
        .order_by()
        .values_list("village_id")
        .annotate(n=Count("household_id", distinct=True))
        .values_list("village_id", "n")
    )
    rows = [(v, sanitary.get(v, 0), n) for v, n in households.items()]
    return _parts(rows, villages)


def usable_rate(villages: list[int]) -> Parts:
    """Toilets in usable condition ÷ toilets."""
    return per_village(HouseholdToilet.objects.all(), villages, Q(condition=Condition.USABLE))


def rectification_rate(villages: list[int]) -> Parts:
    """Problem toilets fixed (resolved, confirmed or closed) ÷ problem toilets on the list."""
    cases = Case.objects.filter(category="toilet.problem").exclude(state=State.REJECTED)
    return per_village(cases, villages, Q(state__in=DONE))


def pumpout_on_time(villages: list[int]) -> Parts:
    """Pump-outs done by their deadline ÷ pump-outs done plus those now overdue."""
    overdue = Q(state__in=OPEN_STATES, deadline__lt=timezone.now())
    return per_village(
        Case.objects.filter(category="toilet.full"),
        villages,
        Q(state__in=DONE, resolved_at__lte=F("deadline")),
        Q(state__in=DONE) | overdue,
    )


def satisfaction(villages: list[int]) -> Parts:
    """Toilet service cases rated 4 or 5 stars ÷ rated cases."""
    rated = Case.objects.filter(category__startswith="toilet.", rating__isnull=False)
    return per_village(rated, villages, Q(rating__gte=4))


register_indicator(
    Indicator(
        key="toilets.sanitary_coverage",
        name=_("sanitary toilet coverage"),
        domain="toilets",
        definition=_("Households with a sanitary toilet ÷ households."),
        compute=sanitary_coverage,
        ledger="household-toilets",
    )
)
register_indicator(
    Indicator(
        key="toilets.usable_rate",
        name=_("usable toilet rate"),
        domain="toilets",
        definition=_("Household toilets in usable condition ÷ household toilets (S13)."),
        compute=usable_rate,
        ledger="household-toilets",
        drill_params="condition=unusable",
    )
)
register_indicator(
    Indicator(
        key="toilets.rectification_rate",
        name=_("problem toilet rectification rate"),
        domain="toilets",
        definition=_("Problem toilets fixed ÷ problem toilets on the list (S13)."),
        compute=rectification_rate,
        ledger="cases",
        drill_params="category=toilet.problem",
    )
)
register_indicator(
    Indicator(
        key="toilets.pumpout_on_time",
        name=_("pump-out on-time rate"),
        domain="toilets",
        definition=_("Pump-outs done by the deadline ÷ pump-outs done or overdue (S14)."),
        compute=pumpout_on_time,
        ledger="cases",
        drill_params="category=toilet.full",
    )
)
register_indicator(
    Indicator(
        key="toilets.satisfaction",
        name=_("toilet service satisfaction"),
        domain="toilets",
        definition=_("Toilet cases the reporter rated 4 or 5 stars ÷ rated cases."),
        compute=satisfaction,
        ledger="cases",
        drill_params="category=toilet.full",
    )
)
