"""Indicators, declared by the domain apps: per village a numerator and a denominator.

An indicator's ``compute(villages)`` returns ``{village_id: (numerator, denominator)}`` for the
given current villages, by one GROUP BY over its ledger or cases. Values roll up by summing
both parts (never by averaging ratios); a village with no rows has no data, which is not zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Parts = dict[int, tuple[float, float]]

HIGHER, LOWER = "higher", "lower"
_indicators: dict[str, Indicator] = {}


@dataclass(frozen=True)
class Indicator:
    """One measurable target. ``target`` is the city's default with ``target_source`` citing it
    (None: the policy sets no figure; a county plan may); ``scale`` turns the ratio into the unit
    (100 for %)."""

    key: str
    name: Any
    definition: Any
    domain: str
    compute: Callable[[list[int]], Parts] = field(compare=False, repr=False)
    unit: str = "%"
    scale: float = 100.0
    better: str = HIGHER
    target: float | None = None
    target_source: str = ""
    ledger: str = ""  # the slug of the ledger (or "cases") behind it, for drill-down
    drill_params: str = ""  # query string of that list for the rows behind the value

    def value(self, numerator: float | None, denominator: float | None) -> float | None:
        if numerator is None or not denominator:
            return None
        return numerator / denominator * self.scale

    def status(self, value: float | None, target: float | None) -> str:
        """green / amber / red against the target; grey without data or target."""
        if value is None or target is None:
            return "grey"
        gap = value - target if self.better == HIGHER else target - value
        if gap >= 0:
            return "green"
        return "amber" if abs(gap) <= 0.1 * max(abs(target), 1) else "red"


def register_indicator(indicator: Indicator) -> Indicator:
    _indicators[indicator.key] = indicator
    return indicator


def indicators() -> list[Indicator]:
    return list(_indicators.values())


def get_indicator(key: str) -> Indicator:
    return _indicators[key]


# Who works on a weak link: providers registered by domain apps (the project library), each
# ``(indicator key, [region ids]) -> {region id: [(label, url)]}``.
_weak_link_providers: list[Callable[[str, list[int]], dict[int, list[tuple[str, str]]]]] = []


def register_weak_link_provider(
    provider: Callable[[str, list[int]], dict[int, list[tuple[str, str]]]],
) -> None:
    _weak_link_providers.append(provider)


def addressing(key: str, region_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """What is already being done about ``key`` in each region (e.g. projects)."""
    found: dict[int, list[tuple[str, str]]] = {}
    for provider in _weak_link_providers:
        for region_id, items in provider(key, region_ids).items():
            found.setdefault(region_id, []).extend(items)
    return found
