"""Test helpers: personas (one user per role and level) and places inside and outside scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from renju.accounts.choices import OrganisationKind, Role
from renju.accounts.models import Organisation, RoleGrant, ServiceArea, User
from renju.regions.choices import Kind, Level
from renju.regions.models import Region

# The two counties used throughout: the demo county and another one.
HOME_COUNTY = "371502"
OTHER_COUNTY = "371522"


@dataclass
class Places:
    """A county, a town in it, a village in that town, and a village elsewhere."""

    city: Region
    county: Region
    town: Region
    village: Region
    other_town_same_county: Region
    other_county: Region
    other_village: Region


def places() -> Places:
    current = Region.objects.current()
    county = current.get(code=HOME_COUNTY)
    towns = list(current.filter(parent=county, kind=Kind.TOWN).order_by("code"))
    town = towns[0]
    village = current.filter(parent=town, level=Level.VILLAGE).order_by("code").first()
    other_county = current.get(code=OTHER_COUNTY)
    other_village = (
        current.filter(county=other_county, level=Level.VILLAGE).order_by("code").first()
    )
    assert village is not None
    assert other_village is not None
    return Places(
        city=current.get(code="3715"),
        county=county,
        town=town,
        village=village,
        other_town_same_county=towns[1],
        other_county=other_county,
        other_village=other_village,
    )


def make_user(
    username: str,
    role: str,
    region: Region,
    org_kind: str = OrganisationKind.GOVERNMENT,
    **extra: Any,
) -> User:
    """A user of a fresh organisation seated in ``region`` with one grant there."""
    org, _ = Organisation.objects.get_or_create(
        code=f"T-{username}",
        defaults={"name": f"测试-{username}", "kind": org_kind, "region": region},
    )
    user = User.objects.create_user(
        username=username, password="pw-Renju-2026!", organisation=org, **extra
    )
    RoleGrant.objects.create(user=user, role=role, region=region)
    return user


def make_company_user(username: str, role: str, county: Region, served: list[Region]) -> User:
    user = make_user(username, role, county, org_kind=OrganisationKind.SERVICE_COMPANY)
    assert user.organisation is not None
    for i, region in enumerate(served):
        ServiceArea.objects.create(
            code=f"T-SA-{username}-{i}",
            organisation=user.organisation,
            region=region,
            service=ServiceArea.Service.PUMP_OUT,
        )
    return user


ROLES = [r.value for r in Role]
