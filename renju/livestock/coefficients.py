"""Manure coefficients: kg of faeces and urine one head of a species produces per day.

The city edits them on /livestock/coefficients/ (a :class:`ManureCoefficient` row per species,
audited); a species without a row uses the default below. The defaults are the excretion
coefficients most Chinese county estimates use, first published by the State Environmental
Protection Administration in 2002 (SEPA 2002, cited below). They are national averages and not
those of the pollution-source censuses (第一次/第二次全国污染源普查 畜禽养殖业产排污系数, by region
and growth stage), which the city should adopt once it holds the Shandong tables; until someone
has checked a figure against its source it is shown as 待核实.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from renju.core import audit
from renju.core.models.audit import AuditAction

from .choices import Species
from .models import ManureCoefficient

DAYS_PER_YEAR = 365

SEPA_2002 = (
    "国家环境保护总局自然生态保护司《全国规模化畜禽养殖业污染情况调查及防治对策》"
    "（中国环境科学出版社，2002）推荐排泄系数"
)
SHEEP_SOURCE = "畜禽养殖粪污产生量参数表（羊 2.6 kg/只·d，出处待核实）"


@dataclass(frozen=True)
class Coefficient:
    species: str
    faeces_kg: Decimal
    urine_kg: Decimal
    source: str
    verified: bool = False
    is_default: bool = True

    @property
    def per_day_kg(self) -> Decimal:
        return self.faeces_kg + self.urine_kg

    @property
    def per_year_t(self) -> float:
        """Tonnes of manure one head produces in a year."""
        return float(self.per_day_kg) * DAYS_PER_YEAR / 1000


def _d(value: str) -> Decimal:
    return Decimal(value)


# The defaults (待核实 until the city checks them: ``verified`` is False).
DEFAULTS: dict[str, Coefficient] = {
    Species.PIG: Coefficient(Species.PIG, _d("2.0"), _d("3.3"), SEPA_2002),
    Species.DAIRY_CATTLE: Coefficient(Species.DAIRY_CATTLE, _d("20.0"), _d("10.0"), SEPA_2002),
    Species.BEEF_CATTLE: Coefficient(
        Species.BEEF_CATTLE, _d("20.0"), _d("10.0"), f"{SEPA_2002}（“牛”，肉牛待核实）"
    ),
    Species.SHEEP_GOAT: Coefficient(Species.SHEEP_GOAT, _d("2.6"), _d("0"), SHEEP_SOURCE),
    Species.LAYER: Coefficient(Species.LAYER, _d("0.12"), _d("0"), f"{SEPA_2002}（鸡）"),
    Species.BROILER: Coefficient(Species.BROILER, _d("0.12"), _d("0"), f"{SEPA_2002}（鸡）"),
    Species.DUCK_GOOSE: Coefficient(Species.DUCK_GOOSE, _d("0.13"), _d("0"), f"{SEPA_2002}（鸭）"),
}


def current() -> dict[str, Coefficient]:
    """Every species' coefficient: the city's row, else the default."""
    found = dict(DEFAULTS)
    for row in ManureCoefficient.objects.all():
        found[row.species] = Coefficient(
            row.species, row.faeces_kg, row.urine_kg, row.source, row.verified, is_default=False
        )
    return found


def per_year_t() -> dict[str, float]:
    """Tonnes of manure per head and year, by species."""
    return {species: c.per_year_t for species, c in current().items()}


def set_coefficient(
    user: Any,
    species: str,
    faeces_kg: Decimal,
    urine_kg: Decimal,
    source: str,
    verified: bool,
    city: Any,
) -> ManureCoefficient:
    """Write the city's coefficient for ``species`` (caller checks the user may), audited."""
    with transaction.atomic():
        row = ManureCoefficient.objects.select_for_update().filter(species=species).first()
        old = audit.snapshot(row) if row is not None else {}
        action = AuditAction.UPDATE if row is not None else AuditAction.CREATE
        if row is None:
            row = ManureCoefficient(species=species)
        places = Decimal("0.001")  # as stored, so an unchanged figure is no change
        row.faeces_kg, row.urine_kg = faeces_kg.quantize(places), urine_kg.quantize(places)
        row.source, row.verified = source, verified
        row.updated_by = user
        row.save()
        changes = audit.diff(old, audit.snapshot(row))
        changes.pop("updated_at", None)
        audit.record(action, row, changes=changes, region=city, actor=user)
    return row
