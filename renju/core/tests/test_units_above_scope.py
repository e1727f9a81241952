"""Units above a user's grants (the county and the city, for a town's official): pages whose
figures are the unit's own answer "not found", as a unit beside her grants does; pages that cut
every figure to her scope (the region home, lists) show her part of it; the region picker names
those units without linking them."""

from __future__ import annotations

import pytest
from django.test import Client

from renju.core.testing import make_user, places

pytestmark = pytest.mark.django_db

FIGURE_PAGES = [
    "/indicators/{code}/",
    "/indicators/reports/?region={code}",
    "/api/v1/indicators/?region={code}",
    "/cleaning/scores/?region={code}",
    "/cleaning/staffing/?region={code}",
    "/cleaning/documents/?region={code}",
    "/cleaning/campaigns/?region={code}",
]


@pytest.fixture
def town_officer():
    return make_user("above_town", "officer", places().town)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("page", FIGURE_PAGES)
def test_figures_of_a_unit_above_or_beside_are_not_found(town_officer, page):
    p = places()
    client = signed_in(town_officer)
    assert client.get(page.format(code=p.town.code)).status_code == 200
    for unit in (p.county, p.city, p.other_town_same_county):
        assert client.get(page.format(code=unit.code)).status_code == 404, unit


def test_a_report_of_a_unit_above_is_not_made(town_officer):
    p = places()
    form = {
        "region": p.county.code,
        "period_kind": "year",
        "period_start": "2026-01-01",
        "format": "xlsx",
    }
    assert signed_in(town_officer).post("/indicators/reports/", form).status_code == 404


def test_the_region_home_above_is_her_part_of_it(town_officer):
    """The city's page for a town's official: her town's villages, not the city's 2,408."""
    p = places()
    client = signed_in(town_officer)
    own = client.get(f"/r/{p.town.code}/")
    above = client.get(f"/r/{p.city.code}/")
    assert above.context["towns"] == 1
    assert above.context["villages"] == own.context["villages"]
    assert [c.code for c, _n in above.context["children"]] == [p.county.code]


def test_the_picker_names_units_above_without_linking_them(town_officer):
    p = places()
    html = signed_in(town_officer).get(f"/r/{p.town.code}/").content.decode()
    assert f'href="/r/{p.city.code}/"' not in html and f'href="/r/{p.county.code}/"' not in html
    assert f'<span class="text-muted">{p.city.name}</span>' in html
    county_officer = make_user("above_county", "officer", p.county)
    html = signed_in(county_officer).get(f"/r/{p.town.code}/").content.decode()
    assert f'href="/r/{p.county.code}/"' in html  # her own county links
    assert f'href="/r/{p.city.code}/"' not in html


def test_grants_in_several_places_open_the_first_of_them():
    """A user whose home is above her grants (two towns of two counties) still has a
    dashboard: her first grant's."""
    from renju.accounts.models import RoleGrant

    p = places()
    user = make_user("above_two", "officer", p.town)
    other_town = p.other_village.parent
    assert other_town is not None
    RoleGrant.objects.create(user=user, region=other_town, role="officer")
    response = signed_in(user).get("/indicators/")
    assert response.status_code == 200
    assert response.context["region"] == min((p.town, other_town), key=lambda r: r.code)
