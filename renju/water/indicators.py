"""The water-body indicators (S12), one GROUP BY over the ledger per indicator.

The policy sets no figure for either, so the defaults are None (no target); a county plan
sets its own.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from renju.indicators.registry import LOWER, Indicator, Parts, register_indicator

from .choices import AFTER_REMEDIATION
from .models import WaterBody

REMEDIATED = Q(state__in=sorted(AFTER_REMEDIATION))
EVER_REMEDIATED = REMEDIATED | Q(relapse_count__gt=0)


def _per_village(villages: list[int], numerator: Q, denominator: Q | None = None) -> Parts:
    wanted = set(villages)
    rows = (
        WaterBody.objects.order_by()
        .values_list("village_id")
        .annotate(n=Count("pk", filter=numerator), d=Count("pk", filter=denominator))
        .values_list("village_id", "n", "d")
    )
    return {v: (float(n), float(d)) for v, n, d in rows if v in wanted and d}


def remediated_share(villages: list[int]) -> Parts:
    """Bodies remediated, under observation or accepted ÷ bodies on the ledger."""
    return _per_village(villages, REMEDIATED)


def relapse_rate(villages: list[int]) -> Parts:
    """Bodies that relapsed at least once ÷ bodies remediated at least once."""
    return _per_village(villages, Q(relapse_count__gt=0), EVER_REMEDIATED)


register_indicator(
    Indicator(
        key="water.remediated_share",
        name=_("black-odorous water bodies remediated"),
        domain="water",
        definition=_(
            "Water bodies remediated, under observation or accepted ÷ water bodies on the "
            "black-odorous ledger (S12)."
        ),
        compute=remediated_share,
        ledger="water-bodies",
        drill_params="state=identified",
    )
)
register_indicator(
    Indicator(
        key="water.relapse_rate",
        name=_("black-odorous water body relapses"),
        domain="water",
        definition=_(
            "Water bodies that relapsed (返黑返臭) at least once ÷ water bodies remediated at "
            "least once (S12)."
        ),
        compute=relapse_rate,
        better=LOWER,
        ledger="water-bodies",
        drill_params="state=relapsed",
    )
)
