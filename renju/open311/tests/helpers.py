"""Shared set-up for the Open311 tests: an organisation with a key, a toilet in its area."""

from __future__ import annotations

from dataclasses import dataclass

from renju.accounts.choices import OrganisationKind
from renju.accounts.models import Organisation
from renju.households.models import Household
from renju.open311.models import ApiKey
from renju.regions.models import Region
from renju.toilets.models import HouseholdToilet

# A point placed on the test village (the demo's centroids are simulated).
LAT, LONG = 36.512345, 115.987654


@dataclass
class World:
    """What a test reports against: key, its organisation, a village and a toilet there."""

    organisation: Organisation
    key: ApiKey
    raw_key: str
    village: Region
    toilet: HouseholdToilet
    other_toilet: HouseholdToilet  # in another county, outside the key's area


def household_toilet(village: Region, n: int) -> HouseholdToilet:
    household = Household.objects.create(
        code=f"{village.code[:12]}{9700 + n:04d}", region=village, head_name="王五", members=3
    )
    return HouseholdToilet.objects.create(
        code=f"{household.code}01",
        household=household,
        region=village,
        toilet_type="three_compartment",
    )


def make_world(county: Region, village: Region, other_village: Region) -> World:
    village.latitude, village.longitude = LAT, LONG
    village.save()
    organisation = Organisation.objects.create(
        code="T-O311-GOV", name="测试县农业农村局", kind=OrganisationKind.GOVERNMENT, region=county
    )
    key, raw = ApiKey.issue(organisation, "测试应用")
    return World(
        organisation=organisation,
        key=key,
        raw_key=raw,
        village=village,
        toilet=household_toilet(village, 1),
        other_toilet=household_toilet(other_village, 2),
    )
