"""What a row in a user's scope may point to (a form's choices, an import's look-ups, the API's
related fields): rows in her scope and rows kept above her grants (the county's company for a
town's service area), never rows of another town."""

from __future__ import annotations

import io

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from renju.accounts.choices import OrganisationKind
from renju.accounts.models import Organisation, ServiceArea
from renju.core import spreadsheets
from renju.core.audit import audit_context
from renju.core.ledgers import get_ledger
from renju.core.ledgers.importer import import_rows
from renju.core.ledgers.transfer import export_rows
from renju.core.testing import make_user, places
from renju.households.models import Household

pytestmark = pytest.mark.django_db


def company(code: str, seat) -> Organisation:
    return Organisation.objects.create(
        code=code, name=f"抽厕公司{code}", kind=OrganisationKind.SERVICE_COMPANY, region=seat
    )


def test_a_towns_officer_reimports_her_export_naming_the_countys_company():
    p = places()
    officer = make_user("reach_town", "officer", p.town)
    county_company = company("T-REACH-C", p.county)
    ServiceArea.objects.create(
        code="T-REACH-SA", organisation=county_company, region=p.village, service="pump_out"
    )
    ledger = get_ledger("service-areas")
    rows = [
        [c.header for c in ledger.spreadsheet_columns],
        *export_rows(ledger, ServiceArea.objects.filter(code="T-REACH-SA"), officer),
    ]
    with audit_context(actor=officer, channel="import"):
        result = import_rows(ledger, rows, officer)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    # Another town's company is still out of reach.
    other = company("T-REACH-O", p.other_town_same_county)
    organisation = [c.name for c in ledger.spreadsheet_columns].index("organisation")
    rows[1][organisation] = other.code
    with audit_context(actor=officer, channel="import"):
        refused = import_rows(ledger, rows, officer)
    assert not refused.ok and "T-REACH-O" in refused.errors[0]


def test_the_form_offers_the_countys_company_and_not_another_towns(client):
    p = places()
    officer = make_user("reach_form", "officer", p.town)
    county_company = company("T-REACH-F", p.county)
    other = company("T-REACH-G", p.other_town_same_county)
    client.force_login(officer)
    html = client.get("/ledgers/service-areas/add/").content.decode()
    assert county_company.name in html and other.name not in html


def test_the_api_does_not_link_to_or_name_another_towns_household():
    """A toilet for a household of another town: 'does not exist' (the API linked any
    household of the city, and the row rule then named its village)."""
    p = places()
    officer = make_user("reach_api", "officer", p.town)
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=officer)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    theirs = Household.objects.filter(village=p.other_village).first()
    assert theirs is not None
    response = client.post(
        "/api/v1/household-toilets/",
        {"code": f"{theirs.code}01", "household": theirs.code, "region": p.village.code},
        format="json",
    )
    assert response.status_code == 400
    assert "不存在" in response.json()["household"][0]
    assert "region" not in response.json()  # the row rule never ran on another town's row


def test_the_export_file_itself_reads_back(client):
    """The downloaded .csv of a town's service areas re-imports through the page."""
    p = places()
    officer = make_user("reach_csv", "officer", p.town)
    ServiceArea.objects.create(
        code="T-REACH-CSV",
        organisation=company("T-REACH-H", p.county),
        region=p.village,
        service="pump_out",
    )
    client.force_login(officer)
    exported = client.get("/ledgers/service-areas/export/?format=csv")
    assert exported.status_code == 200
    content = b"".join(exported.streaming_content)
    rows = spreadsheets.read_rows(io.BytesIO(content), "csv")
    assert any(r and r[0] == "T-REACH-CSV" for r in rows)
    with audit_context(actor=officer, channel="import"):
        result = import_rows(get_ledger("service-areas"), rows, officer)
    assert result.ok, result.errors
    assert result.created == 0 and result.updated == 0


def test_a_viewer_adding_through_the_api_is_told_she_may_not():
    p = places()
    viewer = make_user("reach_viewer", "viewer", p.town)
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=viewer)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post(
        "/api/v1/households/",
        {"code": f"{p.village.code}9999", "region": p.village.code, "members": 2},
        format="json",
    )
    assert response.status_code == 403
    assert "不能" in response.json()["detail"] or "may not" in response.json()["detail"]
