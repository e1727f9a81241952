"""The toilets demo step on the test city: proportions, codes, idempotency, top-up and trim."""

from __future__ import annotations

import collections
import itertools
from typing import Any

import pytest
from django.db.models import Count

from conftest import TEST_SCALE
from renju.accounts.choices import OrganisationKind
from renju.accounts.models import Organisation, ServiceArea
from renju.core.demo import DemoContext
from renju.core.models import AuditEvent
from renju.households.demo import simulate_households
from renju.households.models import Household
from renju.regions.choices import Kind, Level, LocationClass
from renju.regions.models import Region
from renju.toilets.choices import Condition, ToiletType
from renju.toilets.demo import simulate_toilets, trim_household_toilets
from renju.toilets.models import CODE_ALPHABET, ClinicToilet, HouseholdToilet, PublicToilet

pytestmark = pytest.mark.django_db


def context(scale: float = TEST_SCALE) -> DemoContext:
    # The seed and city of `renju seed_demo`'s defaults, which the root conftest ran.
    return DemoContext(scale=scale, seed=2026, city_code="3715", log=lambda m: None, data={})


def shares(field: str) -> dict[str, float]:
    rows = (
        HouseholdToilet.objects.filter(is_simulated=True).values_list(field).annotate(n=Count("pk"))
    )
    counts = dict(rows.values_list(field, "n"))
    total = sum(counts.values())
    return {key: n / total for key, n in counts.items()}


def test_every_simulated_household_has_one_toilet_coded_after_it():
    households = Household.objects.filter(is_simulated=True)
    assert households.count() > 3000
    toilets = HouseholdToilet.objects.filter(is_simulated=True).select_related("household")
    assert toilets.count() == households.count()
    assert not households.filter(toilets__isnull=True).exists()
    for toilet in toilets[:500]:
        assert toilet.code == f"{toilet.household.code}01"
        assert toilet.region_id == toilet.household.region_id
        assert toilet.village_id == toilet.household.village_id
        assert toilet.county_id == toilet.household.county_id


def test_type_and_condition_proportions_are_realistic():
    types = shares("toilet_type")
    assert 0.75 < types[ToiletType.THREE_COMPARTMENT] < 0.85
    assert 0.03 < types[ToiletType.DOUBLE_URN] < 0.09
    assert 0.02 < types[ToiletType.BIOGAS] < 0.07
    assert 0.02 < types[ToiletType.SEWER] < 0.07
    assert 0.01 < types[ToiletType.NON_SANITARY] < 0.05
    assert types.get(ToiletType.URINE_DIVERTING, 0) < 0.04
    assert types.get(ToiletType.DOUBLE_PIT, 0) < 0.03
    conditions = shares("condition")
    assert 0.89 < conditions[Condition.USABLE] < 0.95
    for problem in (Condition.UNUSABLE, Condition.HARD_TO_USE, Condition.NOT_ALL_YEAR):
        assert 0.005 < conditions[problem] < 0.05


def test_sewer_is_commoner_in_urban_fringe_and_town_seats():
    def sewer_share(classes: list[str]) -> float:
        toilets = HouseholdToilet.objects.filter(
            is_simulated=True, village__location_class__in=classes
        )
        return toilets.filter(toilet_type=ToiletType.SEWER).count() / toilets.count()

    urban = sewer_share([LocationClass.URBAN_FRINGE, LocationClass.TOWN_SEAT])
    rural = sewer_share([LocationClass.CENTRAL, LocationClass.ORDINARY, LocationClass.REMOTE])
    assert urban > 2 * rural


def test_attributes_follow_the_rules():
    toilets = HouseholdToilet.objects.filter(is_simulated=True)
    tanks = toilets.filter(
        toilet_type__in=[ToiletType.THREE_COMPARTMENT, ToiletType.DOUBLE_URN, ToiletType.BIOGAS]
    )
    volumes = list(tanks.values_list("tank_volume", flat=True))
    assert all(v is not None and 1.5 <= v <= 3 for v in volumes)
    assert not toilets.exclude(pk__in=tanks).filter(tank_volume__isnull=False).exists()
    years = set(toilets.exclude(year_built=None).values_list("year_built", flat=True))
    assert years <= set(range(2015, 2025)) and len(years) >= 8
    problems = toilets.exclude(condition=Condition.USABLE)
    assert not problems.filter(problem_cause="").exists()
    assert not toilets.filter(condition=Condition.USABLE).exclude(problem_cause="").exists()
    pumped = tanks.filter(last_pumpout__isnull=False).count() / tanks.count()
    assert 0.33 < pumped < 0.47


def test_clinic_and_public_toilets():
    villages = Region.objects.current().filter(city__code="3715", level=Level.VILLAGE)
    committees = villages.filter(kind__in=[Kind.VILLAGE_COMMITTEE, Kind.VILLAGE_LIKE])
    clinics = ClinicToilet.objects.filter(is_simulated=True)
    assert clinics.count() == committees.count()
    clinic = clinics.select_related("region").first()
    assert clinic is not None and clinic.clinic_name == f"{clinic.region.name}卫生室"
    public = PublicToilet.objects.filter(is_simulated=True).count()
    assert 0.27 * villages.count() < public < 0.40 * villages.count()


def test_repair_areas_and_cooperatives():
    county = Region.objects.current().get(code="371502")
    pump = Organisation.objects.get(code="DEMO-371502-PUMP")
    pumped = set(
        ServiceArea.objects.filter(organisation=pump, service="pump_out").values_list(
            "region_id", flat=True
        )
    )
    repaired = set(
        ServiceArea.objects.filter(organisation=pump, service="toilet_repair").values_list(
            "region_id", flat=True
        )
    )
    assert pumped and repaired == pumped
    coop = Organisation.objects.get(code="DEMO-371502-COOP")
    assert coop.kind == OrganisationKind.COOPERATIVE and coop.name.endswith("农民专业合作社")
    assert coop.region_id == county.pk
    assert ServiceArea.objects.filter(organisation=coop, service="sludge_reuse").exists()
    assert Organisation.objects.filter(
        kind=OrganisationKind.COOPERATIVE, is_simulated=True
    ).count() == (Region.objects.current().filter(city__code="3715", level=Level.COUNTY).count())


def test_one_summary_audit_event_per_village():
    events = AuditEvent.objects.filter(
        object_type="toilets.householdtoilet", action="create", note="simulated household toilets"
    )
    per_village = collections.Counter(events.values_list("village_id", flat=True))
    villages = HouseholdToilet.objects.values("village_id").distinct().count()
    assert len(per_village) == villages
    assert max(per_village.values()) == 1


def test_qr_codes_are_unique_across_the_three_ledgers_and_random():
    codes: list[str] = []
    for model in (HouseholdToilet, ClinicToilet, PublicToilet):
        codes += list(model.objects.order_by("pk").values_list("qr_code", flat=True))
    assert len(codes) == len(set(codes))
    assert all(len(c) == 10 and set(c) <= set(CODE_ALPHABET) for c in codes)
    # No sequence: consecutive rows' codes are not close as base-32 numbers.
    values = [int("".join(f"{CODE_ALPHABET.index(ch):02d}" for ch in c)) for c in codes[:2000]]
    close = sum(1 for a, b in itertools.pairwise(values) if abs(a - b) < 10**12)
    assert close < 5
    # Every alphabet character is used in every position.
    for position in range(10):
        assert len({c[position] for c in codes}) == len(CODE_ALPHABET)


def test_a_second_run_adds_nothing():
    counts = [m.objects.count() for m in (HouseholdToilet, ClinicToilet, PublicToilet)]
    areas = ServiceArea.objects.count()
    events = AuditEvent.objects.count()
    simulate_toilets(context())
    assert [m.objects.count() for m in (HouseholdToilet, ClinicToilet, PublicToilet)] == counts
    assert ServiceArea.objects.count() == areas
    assert AuditEvent.objects.count() == events


def _attributes(toilet: Any) -> tuple[Any, ...]:
    return (
        toilet.household_id,
        toilet.toilet_type,
        toilet.condition,
        toilet.problem_cause,
        toilet.year_built,
        toilet.tank_volume,
        toilet.retrofit_project,
    )


def test_scale_down_trims_toilets_first_and_scale_up_restores_the_same_toilets():
    before = {t.code: _attributes(t) for t in HouseholdToilet.objects.filter(is_simulated=True)}
    qr_before = dict(HouseholdToilet.objects.values_list("code", "qr_code"))
    smaller = context(TEST_SCALE / 4)
    trim_household_toilets(smaller)  # the step just before the households step
    simulate_households(smaller)  # would fail on the protected toilets without the trim
    simulate_toilets(smaller)
    fewer = HouseholdToilet.objects.filter(is_simulated=True)
    assert fewer.count() == Household.objects.filter(is_simulated=True).count() < len(before)
    assert AuditEvent.objects.filter(note="simulated household toilets trimmed").exists()
    # Back up: the same toilets (the QR codes of the kept ones unchanged).
    again = context()
    trim_household_toilets(again)
    simulate_households(again)
    simulate_toilets(again)
    after = {t.code: _attributes(t) for t in HouseholdToilet.objects.filter(is_simulated=True)}
    assert after.keys() == before.keys()
    same = [code for code in before if before[code][1:] == after[code][1:]]
    assert len(same) == len(before)
    for code in fewer.values_list("code", flat=True)[:50]:
        assert HouseholdToilet.objects.get(code=code).qr_code == qr_before[code]
