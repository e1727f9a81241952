"""The toilet indicators (S13, S14), computed per village from the toilet ledger and cases.

The policy sets no numeric toilet target, so the defaults are None ("no target") and the
county plans (一县一策) set them; the traffic light stays grey until one does.
"""

from __future__ import annotations

from django.db.models import Count, F, Q
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
    rows = (
        HouseholdToilet.objects.order_by()
        .values_list("village_id")
        .annotate(n=Count("pk", filter=Q(condition=Condition.USABLE)), d=Count("pk"))
        .values_list("village_id", "n", "d")
    )
    return _parts(list(rows), villages)


def rectification_rate(villages: list[int]) -> Parts:
    """Problem toilets fixed (resolved, confirmed or closed) ÷ problem toilets on the list."""
    rows = (
        Case.objects.filter(category="toilet.problem")
        .exclude(state=State.REJECTED)
        .order_by()
        .values_list("village_id")
        .annotate(n=Count("pk", filter=Q(state__in=DONE)), d=Count("pk"))
        .values_list("village_id", "n", "d")
    )
    return _parts(list(rows), villages)


def pumpout_on_time(villages: list[int]) -> Parts:
    """Pump-outs done by their deadline ÷ pump-outs done plus those now overdue."""
    from django.utils import timezone

    now = timezone.now()
    rows = (
        Case.objects.filter(category="toilet.full")
        .order_by()
        .values_list("village_id")
        .annotate(
            n=Count("pk", filter=Q(state__in=DONE, resolved_at__lte=F("deadline"))),
            d=Count("pk", filter=Q(state__in=DONE) | Q(state__in=OPEN_STATES, deadline__lt=now)),
        )
        .values_list("village_id", "n", "d")
    )
    return _parts(list(rows), villages)


def satisfaction(villages: list[int]) -> Parts:
    """Toilet service cases rated 4 or 5 stars ÷ rated cases."""
    rows = (
        Case.objects.filter(category__startswith="toilet.", rating__isnull=False)
        .order_by()
        .values_list("village_id")
        .annotate(n=Count("pk", filter=Q(rating__gte=4)), d=Count("pk"))
        .values_list("village_id", "n", "d")
    )
    return _parts(list(rows), villages)


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
