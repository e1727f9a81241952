"""The dashboard page and the indicators API: scoped, and reading the kept values."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from renju.core.testing import make_user, places
from renju.indicators import engine

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def computed():
    engine.recompute("3715")


def test_dashboard_for_a_county_official(client):
    p = places()
    client.force_login(make_user("dash_officer", "officer", p.county))
    response = client.get("/indicators/")
    assert response.status_code == 200
    html = response.content.decode()
    assert p.county.name in html
    assert "卫生厕所" in html or "sanitary" in html
    assert client.get(f"/indicators/{p.town.code}/").status_code == 200
    assert client.get(f"/indicators/{p.other_county.code}/").status_code == 404


def test_api_values_with_children():
    p = places()
    api = APIClient()
    api.force_authenticate(make_user("dash_api", "viewer", p.county))
    rows = api.get(
        "/api/v1/indicators/", {"children": "1", "indicator": "toilets.usable_rate"}
    ).json()
    assert {r["region"] for r in rows} >= {p.county.code, p.town.code}
    row = next(r for r in rows if r["region"] == p.county.code)
    assert set(row) >= {"numerator", "denominator", "value", "target", "status"}
    assert api.get("/api/v1/indicators/", {"region": p.other_county.code}).status_code == 404
    assert api.get("/api/v1/indicators/", {"period": "week"}).status_code == 400
    assert api.get("/api/v1/indicators/", {"indicator": "nope"}).status_code == 400
