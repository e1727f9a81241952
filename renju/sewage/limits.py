"""Discharge limits of Shandong's rural sewage standard and the checks of a test against them.

DB37/3693-2019 《农村生活污水处理处置设施水污染物排放标准》 (Shandong) has two levels: level 1
for discharge into class Ⅲ waters (and facilities of ≥ 50 m³/d into class Ⅳ/Ⅴ waters), level 2
for the smaller ones; pH, COD, SS and NH₃-N always apply, TN and TP only where the receiving
water requires them. The figures below are the city's starting values: renju could not check
them against the published text of the standard, so every one is stored with ``verified``
off and shown as 待核实 until the city confirms or corrects it on the limits page (the ammonia
values for water colder than 12 °C that such standards often give in brackets are not kept).

Edges: a value equal to a limit complies (``minimum <= value <= maximum``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from .choices import ALWAYS, NUTRIENTS, DischargeLevel, Parameter

SOURCE = "DB37/3693-2019 山东省农村生活污水处理处置设施水污染物排放标准 (待核实)"
D = Decimal

# (level, parameter) -> (minimum, maximum); None: no bound.
DEFAULT_LIMITS: dict[tuple[str, str], tuple[Decimal | None, Decimal | None]] = {
    (DischargeLevel.LEVEL_1, Parameter.PH): (D(6), D(9)),
    (DischargeLevel.LEVEL_1, Parameter.COD): (None, D(60)),
    (DischargeLevel.LEVEL_1, Parameter.SS): (None, D(20)),
    (DischargeLevel.LEVEL_1, Parameter.NH3N): (None, D(8)),
    (DischargeLevel.LEVEL_1, Parameter.TN): (None, D(20)),
    (DischargeLevel.LEVEL_1, Parameter.TP): (None, D("1.5")),
    (DischargeLevel.LEVEL_2, Parameter.PH): (D(6), D(9)),
    (DischargeLevel.LEVEL_2, Parameter.COD): (None, D(100)),
    (DischargeLevel.LEVEL_2, Parameter.SS): (None, D(30)),
    (DischargeLevel.LEVEL_2, Parameter.NH3N): (None, D(15)),
    (DischargeLevel.LEVEL_2, Parameter.TN): (None, D(30)),
    (DischargeLevel.LEVEL_2, Parameter.TP): (None, D(3)),
}
JUDGED_LEVELS = (DischargeLevel.LEVEL_1, DischargeLevel.LEVEL_2)


@dataclass(frozen=True)
class Limit:
    level: str
    parameter: str
    minimum: Decimal | None
    maximum: Decimal | None
    source: str
    verified: bool

    def allows(self, value: Decimal | float | None) -> bool:
        """Inclusive at both ends; an empty value does not comply."""
        if value is None:
            return False
        number = Decimal(str(value))
        if self.minimum is not None and number < self.minimum:
            return False
        return not (self.maximum is not None and number > self.maximum)

    @property
    def label(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"{_fmt(self.minimum)}–{_fmt(self.maximum)}"
        if self.maximum is not None:
            return f"≤ {_fmt(self.maximum)}"
        if self.minimum is not None:
            return f"≥ {_fmt(self.minimum)}"
        return "—"


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


def limits() -> dict[tuple[str, str], Limit]:
    """The limits in force: the city's rows over the defaults."""
    from .models import DischargeLimit

    found = {
        key: Limit(key[0], key[1], low, high, SOURCE, False)
        for key, (low, high) in DEFAULT_LIMITS.items()
    }
    for row in DischargeLimit.objects.all():
        found[(row.level, row.parameter)] = Limit(
            row.level, row.parameter, row.minimum, row.maximum, row.source, row.verified
        )
    return found


def required(level: str, nutrients: bool) -> tuple[str, ...]:
    if level not in JUDGED_LEVELS:
        return ()
    return (*ALWAYS, *NUTRIENTS) if nutrients else ALWAYS


def exceedances(
    test: Any, facility: Any, table: dict[tuple[str, str], Limit] | None = None
) -> list[str]:
    """The parameters of ``test`` outside the limits of ``facility``'s level ([] = complies)."""
    table = table if table is not None else limits()
    out = []
    for parameter in required(facility.discharge_level, facility.nutrient_limits):
        limit = table.get((facility.discharge_level, parameter))
        if limit is not None and not limit.allows(getattr(test, parameter)):
            out.append(parameter)
    return out


def describe(test: Any, bad: list[str], facility: Any, table: dict[tuple[str, str], Limit]) -> str:
    labels = dict(Parameter.choices)
    parts = []
    for parameter in bad:
        value = getattr(test, parameter)
        limit = table[(facility.discharge_level, parameter)]
        shown = "—" if value is None else _fmt(Decimal(str(value)))
        parts.append(f"{labels[parameter]} {shown} ({limit.label})")
    return "; ".join(parts)


def compliant_q(prefix: str = "", table: dict[tuple[str, str], Limit] | None = None) -> Q:
    """The tests that comply, as one filter (``prefix`` leads from the row to the test)."""
    table = table if table is not None else limits()
    facility = f"{prefix}facility__"
    q = Q(pk__in=[])
    for level in JUDGED_LEVELS:
        always = Q(**{f"{facility}discharge_level": level})
        for parameter in ALWAYS:
            always &= _within(prefix, parameter, table.get((level, parameter)))
        nutrients = Q()
        for parameter in NUTRIENTS:
            nutrients &= _within(prefix, parameter, table.get((level, parameter)))
        q |= always & (Q(**{f"{facility}nutrient_limits": False}) | nutrients)
    return q


def judged_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}facility__discharge_level__in": list(JUDGED_LEVELS)})


def _within(prefix: str, parameter: str, limit: Limit | None) -> Q:
    q = Q(**{f"{prefix}{parameter}__isnull": False})
    if limit is None:
        return q
    if limit.minimum is not None:
        q &= Q(**{f"{prefix}{parameter}__gte": limit.minimum})
    if limit.maximum is not None:
        q &= Q(**{f"{prefix}{parameter}__lte": limit.maximum})
    return q
