"""The livestock indicator (S3): manure utilisation rate (畜禽粪污综合利用率), target ≥ 90%."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from renju.indicators.registry import Indicator, Parts, register_indicator

from .production import TARGET, TARGET_SOURCE, village_parts


def utilisation_rate(villages: list[int]) -> Parts:
    """Manure utilised in the last 365 days (up to the village's production) ÷ manure produced
    in a year, computed from head counts × the species' coefficients."""
    return village_parts(villages)


register_indicator(
    Indicator(
        key="livestock.manure_utilisation_rate",
        name=_("manure utilisation rate"),
        domain="livestock",
        definition=_(
            "Manure utilised in the last 365 days (counted up to each village's production) ÷ "
            "manure produced in a year, from head counts of farms and household livestock × the "
            "city's coefficients per species (S3)."
        ),
        compute=utilisation_rate,
        target=TARGET,
        target_source=TARGET_SOURCE,
        ledger="manure-utilisation",
    )
)
