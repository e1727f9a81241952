"""The signed-in user, her grants and her company's areas are kept between requests
(``accounts.backends.signed_in_user``); every change to them counts from the next request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from renju.accounts.models import RoleGrant, ServiceArea, User
from renju.core.testing import make_company_user, make_user, places
from renju.households.models import Household
from renju.toilets.models import HouseholdToilet

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Renju-2026!"  # what make_user gives every persona


def signed_in(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def household_page(region_pk: int) -> str:
    household = Household.objects.filter(village=region_pk).first()
    assert household is not None
    return f"/ledgers/households/{household.pk}/"


def officer_on_a_household_page(username: str) -> tuple[User, Client, str]:
    """A county officer signed in, and a household page of her county that she sees."""
    p = places()
    officer = make_user(username, "officer", p.county)
    client = signed_in(officer)
    page = household_page(p.village.pk)
    assert client.get(page).status_code == 200
    return officer, client, page


def test_the_second_page_reads_neither_the_user_nor_her_grants() -> None:
    client = signed_in(make_user("pc_reader", "viewer", places().county))
    assert client.get("/ledgers/households/").status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/ledgers/households/").status_code == 200
    tables = " ".join(q["sql"] for q in captured)
    assert '"accounts_user"' not in tables and '"accounts_rolegrant"' not in tables


def test_a_revoked_grant_counts_from_the_next_request() -> None:
    officer, client, page = officer_on_a_household_page("pc_revoked")
    RoleGrant.objects.filter(user=officer).delete()
    assert client.get(page).status_code == 404


def test_a_grant_moved_to_another_county_counts_from_the_next_request() -> None:
    p = places()
    officer = make_user("pc_moved", "officer", p.county)
    client = signed_in(officer)
    here, there = household_page(p.village.pk), household_page(p.other_village.pk)
    assert (client.get(here).status_code, client.get(there).status_code) == (200, 404)
    grant = RoleGrant.objects.get(user=officer)
    grant.region = p.other_county
    grant.save()
    assert (client.get(here).status_code, client.get(there).status_code) == (404, 200)


def test_a_deactivated_user_is_signed_out_at_the_next_request() -> None:
    officer = make_user("pc_gone", "officer", places().county)
    client = signed_in(officer)
    assert client.get("/").status_code == 200
    officer.is_active = False
    officer.save()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_password_changed_elsewhere_ends_the_other_sessions() -> None:
    officer = make_user("pc_password", "officer", places().county)
    client = signed_in(officer)
    assert client.get("/").status_code == 200
    officer.set_password("Another-Renju-2027?")
    officer.save()
    assert client.get("/").status_code == 302


def test_a_company_losing_an_area_loses_its_rows_at_the_next_request() -> None:
    p = places()
    crew = make_company_user("pc_crew", "field_worker", p.county, [p.village])
    client = signed_in(crew)
    toilet = HouseholdToilet.objects.filter(village=p.village).first()
    assert toilet is not None
    page = f"/ledgers/household-toilets/{toilet.pk}/"
    assert client.get(page).status_code == 200
    area = ServiceArea.objects.get(organisation=crew.organisation)
    area.status = ServiceArea.Status.ENDED
    area.save()
    assert client.get(page).status_code == 404


def test_an_organisation_turned_company_is_scoped_as_one_at_the_next_request() -> None:
    officer, client, page = officer_on_a_household_page("pc_turned")
    organisation = officer.organisation
    assert organisation is not None
    organisation.kind = "service_company"
    organisation.save()
    assert client.get(page).status_code == 404  # a company has no business in households
