"""The limit checks at and around each limit: a value equal to a limit complies (inclusive),
the smallest step beyond it does not; pH is a range inclusive at both ends; TN and TP count only
where the facility's permit requires them; a required value left empty does not comply. The
Python check (``exceedances``) and the SQL filter (``compliant_q``) must agree."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import translation

from renju.accounts.choices import Role
from renju.core.models import AuditEvent
from renju.core.testing import make_user, places
from renju.sewage import actions, limits
from renju.sewage.choices import DischargeLevel, FacilityKind
from renju.sewage.models import SewageFacility, WaterTest

pytestmark = pytest.mark.django_db
D = Decimal
GOOD = {"ph": D("7"), "cod": D("10"), "ss": D("5"), "nh3n": D("1"), "tn": D("5"), "tp": D("0.5")}
STEP = D("0.001")  # the readings' resolution (3 decimal places)
PH_STEP = D("0.01")  # pH is kept to 2 decimal places (PostgreSQL rounds 9.001 to 9.00)


def _facility(level: str, nutrients: bool = False, n: int = 0) -> SewageFacility:
    where = places()
    facility = SewageFacility(
        code=f"T-LIM-{level}-{int(nutrients)}-{n}",
        name="限值测试站",
        kind=FacilityKind.VILLAGE_PLANT,
        region=where.village,
        design_capacity=D("60"),
        discharge_level=level,
        nutrient_limits=nutrients,
        discharge_registration="DJ-T",
    )
    facility.save()
    return facility


def _test(facility: SewageFacility, n: int, **values: Decimal | None) -> WaterTest:
    test = WaterTest(
        code=f"T-LIM-WT-{facility.code}-{n}",
        facility=facility,
        region=facility.region,
        sampled_on=datetime.date(2026, 1, 5),
        lab="测试",
        **{**GOOD, **values},
    )
    test.save()
    return test


def _sql_compliant(test: WaterTest) -> bool:
    return WaterTest.objects.filter(pk=test.pk).filter(limits.compliant_q()).exists()


def _cases() -> list[tuple[str, str, Decimal, bool]]:
    """(level, parameter, value, complies) at and just past every bound of the defaults."""
    out = []
    for (level, parameter), (low, high) in limits.DEFAULT_LIMITS.items():
        step = PH_STEP if parameter == "ph" else STEP
        if high is not None:
            out += [(level, parameter, high, True), (level, parameter, high + step, False)]
        if low is not None:
            out += [(level, parameter, low, True), (level, parameter, low - step, False)]
    return out


@pytest.mark.parametrize(("level", "parameter", "value", "complies"), _cases())
def test_each_limit_is_inclusive(level: str, parameter: str, value: Decimal, complies: bool):
    facility = _facility(level, nutrients=True)
    test = _test(facility, 0, **{parameter: value})
    bad = limits.exceedances(test, facility)
    assert (bad == []) is complies
    assert bad == ([] if complies else [parameter])
    assert _sql_compliant(test) is complies


def test_the_defaults_are_the_figures_we_state():
    """Level 1 COD 60, SS 20, NH3-N 8, TN 20, TP 1.5; level 2 COD 100, SS 30, NH3-N 15, TN 30,
    TP 3; pH 6–9 — all marked 待核实 until the city confirms them."""
    table = limits.limits()
    maxima = {key: lim.maximum for key, lim in table.items()}
    assert maxima[(DischargeLevel.LEVEL_1, "cod")] == 60
    assert maxima[(DischargeLevel.LEVEL_2, "nh3n")] == 15
    assert (
        table[(DischargeLevel.LEVEL_1, "ph")].minimum,
        maxima[(DischargeLevel.LEVEL_1, "ph")],
    ) == (6, 9)
    assert not any(lim.verified for lim in table.values())
    assert "待核实" in limits.SOURCE


def test_nutrients_count_only_where_required():
    plain = _facility(DischargeLevel.LEVEL_1, nutrients=False)
    strict = _facility(DischargeLevel.LEVEL_1, nutrients=True, n=1)
    high_tn = {"tn": D("99"), "tp": D("9")}
    loose = _test(plain, 0, **high_tn)
    tight = _test(strict, 0, **high_tn)
    assert limits.exceedances(loose, plain) == []
    assert _sql_compliant(loose)
    assert limits.exceedances(tight, strict) == ["tn", "tp"]
    assert not _sql_compliant(tight)
    # Not required, not measured: still complies; required and missing: does not.
    assert limits.exceedances(_test(plain, 1, tn=None, tp=None), plain) == []
    missing = _test(strict, 1, tn=None)
    assert limits.exceedances(missing, strict) == ["tn"]
    assert not _sql_compliant(missing)


def test_a_missing_required_value_does_not_comply():
    facility = _facility(DischargeLevel.LEVEL_2)
    test = _test(facility, 0, cod=None)
    assert limits.exceedances(test, facility) == ["cod"]
    assert not _sql_compliant(test)


def test_no_discharge_facilities_are_not_judged():
    facility = _facility(DischargeLevel.NO_DISCHARGE)
    test = _test(facility, 0, cod=D("500"))
    assert limits.exceedances(test, facility) == []
    assert not WaterTest.objects.filter(pk=test.pk).filter(limits.judged_q()).exists()


def test_the_city_edits_a_limit_with_its_source_and_it_applies_at_once():
    where = places()
    facility = _facility(DischargeLevel.LEVEL_2)
    test = _test(facility, 0, cod=D("55"))
    assert limits.exceedances(test, facility) == []
    county_officer = make_user("lim-county", Role.OFFICER, where.county)
    with pytest.raises(actions.PermissionDenied):
        actions.save_limit(county_officer, DischargeLevel.LEVEL_2, "cod", None, D("50"), "x", True)
    city_officer = make_user("lim-city", Role.OFFICER, where.city)
    before = AuditEvent.objects.filter(object_type="sewage.dischargelimit").count()
    actions.save_limit(
        city_officer, DischargeLevel.LEVEL_2, "cod", None, D("50"), "市生态环境局核定 2026", True
    )
    assert AuditEvent.objects.filter(object_type="sewage.dischargelimit").count() == before + 1
    limit = limits.limits()[(DischargeLevel.LEVEL_2, "cod")]
    assert (limit.maximum, limit.verified) == (D("50"), True)
    assert limits.exceedances(test, facility) == ["cod"]
    assert not _sql_compliant(test)
    with pytest.raises(ValueError, match="minimum"):
        actions.save_limit(city_officer, DischargeLevel.LEVEL_2, "ph", D("9"), D("6"), "x", False)


@pytest.fixture(autouse=True)
def _messages_in_english() -> Iterator[None]:
    """The messages above are checked as written in the code (the English msgids)."""
    with translation.override("en"):
        yield
