"""The default responsibility matrix (S18): which department leads and which cooperate, by
the indicator's domain, following the policy's division of work (the agriculture and rural
affairs bureau leads overall; ecology and environment leads sewage and water bodies; housing
leads household waste; transport leads rural roads; natural resources leads village planning).
"""

from __future__ import annotations

from renju.accounts.choices import Department as Dept

DOMAIN_MATRIX: dict[str, tuple[str, tuple[str, ...]]] = {
    "toilets": (Dept.AGRICULTURE, (Dept.HEALTH, Dept.FINANCE)),
    "sewage": (Dept.ECOLOGY, (Dept.HOUSING, Dept.WATER, Dept.AGRICULTURE)),
    "water": (Dept.ECOLOGY, (Dept.WATER, Dept.AGRICULTURE)),
    "waste": (Dept.HOUSING, (Dept.URBAN_MANAGEMENT, Dept.ECOLOGY, Dept.AGRICULTURE)),
    "cleaning": (Dept.AGRICULTURE, (Dept.URBAN_MANAGEMENT, Dept.HOUSING)),
    "roads": (Dept.TRANSPORT, (Dept.FINANCE, Dept.AGRICULTURE)),
    "villagescape": (Dept.HOUSING, (Dept.NATURAL_RESOURCES, Dept.AGRICULTURE)),
    "planning": (Dept.NATURAL_RESOURCES, (Dept.HOUSING, Dept.AGRICULTURE)),
    "livestock": (Dept.AGRICULTURE, (Dept.ECOLOGY,)),
    "community": (Dept.AGRICULTURE, (Dept.FINANCE,)),
}
FALLBACK: tuple[str, tuple[str, ...]] = (Dept.AGRICULTURE, ())


def assignments(key: str, domain: str) -> list[tuple[str, str]]:
    """``[(department, role)]`` for an indicator: the lead first, then the cooperating ones."""
    lead, cooperating = DOMAIN_MATRIX.get(domain, FALLBACK)
    return [(lead, "lead"), *[(d, "cooperate") for d in cooperating if d != lead]]
