"""A service company's people work on their own jobs: the ledgers of the company's services,
in its areas of those services; not the towns' books (households, plans, funds, the audit log),
not other companies' service areas."""

from __future__ import annotations

import pytest
from django.test import Client

from renju.accounts.models import ServiceArea
from renju.core.testing import make_company_user, make_user, places
from renju.households.models import Household
from renju.toilets.models import HouseholdToilet

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def crew():
    p = places()
    return make_company_user("co_crew", "field_worker", p.county, [p.village])


def test_a_pump_out_crew_sees_the_toilets_it_serves_and_not_the_households(crew):
    p = places()
    client = signed_in(crew)
    household = Household.objects.filter(village=p.village).first()
    toilet = HouseholdToilet.objects.filter(village=p.village).first()
    assert household is not None and toilet is not None
    assert client.get(f"/ledgers/household-toilets/{toilet.pk}/").status_code == 200
    for url in (
        f"/ledgers/households/{household.pk}/",
        f"/ledgers/households/{household.pk}/edit/",
        "/ledgers/households/",
        "/ledgers/sewage-facilities/",
        "/ledgers/projects/",
        "/audit/",
        "/plans/",
        "/plans/funds/",
        "/plans/matrix/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"/ledgers/households/{household.pk}/edit/",
        {"code": household.code, "region": p.village.code, "head_name": "改名", "members": 3},
    )
    assert response.status_code == 404
    household.refresh_from_db()
    assert household.head_name != "改名"


def test_the_menus_show_a_crew_only_what_it_may_open(crew):
    html = signed_in(crew).get("/").content.decode()
    assert "/ledgers/household-toilets/" in html
    for closed in ("/ledgers/households/", "/ledgers/projects/", "/plans/funds/", "/audit/"):
        assert f'href="{closed}' not in html, closed


def test_a_company_sees_its_own_service_areas_only(crew):
    p = places()
    other = make_company_user("co_other", "dispatcher", p.county, [p.village])
    theirs = ServiceArea.objects.get(organisation=other.organisation)
    mine = ServiceArea.objects.get(organisation=crew.organisation)
    client = signed_in(crew)
    assert client.get(f"/ledgers/service-areas/{mine.pk}/").status_code == 200
    assert client.get(f"/ledgers/service-areas/{theirs.pk}/").status_code == 404
    listed = client.get("/ledgers/service-areas/").content.decode()
    assert mine.code in listed and theirs.code not in listed


def test_a_company_reads_its_service_areas_but_cannot_change_them(crew):
    """A dispatcher set her company's area to another service (and so saw that service's
    facilities), or handed it to another company, through the API: the county gives the areas."""
    mine = ServiceArea.objects.get(organisation=crew.organisation)
    before = (mine.service, mine.organisation_id, mine.end_date)
    client = signed_in(crew)
    url = f"/api/v1/service-areas/{mine.pk}/"
    assert client.get(url).status_code == 200
    for body in ({"service": "sewage_om"}, {"end_date": "2026-01-01"}):
        assert client.patch(url, body, content_type="application/json").status_code == 404
    assert client.delete(url).status_code == 404
    assert client.get(f"/ledgers/service-areas/{mine.pk}/edit/").status_code == 404
    mine.refresh_from_db()
    assert (mine.service, mine.organisation_id, mine.end_date) == before


def test_a_company_of_another_service_does_not_see_the_toilets():
    p = places()
    sewage = make_company_user("co_sewage", "field_worker", p.county, [p.village])
    ServiceArea.objects.filter(organisation=sewage.organisation).update(service="sewage_om")
    client = signed_in(sewage)
    assert client.get("/ledgers/household-toilets/").status_code == 404
    assert client.get("/ledgers/sewage-facilities/").status_code == 200


def test_government_users_keep_every_ledger():
    p = places()
    officer = make_user("co_gov", "officer", p.town)
    client = signed_in(officer)
    for url in ("/ledgers/households/", "/ledgers/household-toilets/", "/audit/"):
        assert client.get(url).status_code == 200, url
