"""The supervision list's map: the villages of the listed water bodies, coloured by the worst
place of their bodies on the list (relapsed, to be remediated, remediated)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from renju.accounts.choices import Role
from renju.core.testing import make_user, places
from renju.water.choices import BodyState
from renju.water.models import WaterBody
from renju.water.supervision import MAP_COLOURS, body_map

from .conftest_helpers import make_body

pytestmark = pytest.mark.django_db


def _json(html: str, element_id: str) -> dict:
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert found is not None, element_id
    return json.loads(found.group(1))


def test_a_village_shows_its_worst_body() -> None:
    where = places()
    village = where.village
    if village.latitude is None:
        village.latitude, village.longitude = 36.4, 115.9
        village.save(update_fields=["latitude", "longitude"])
    make_body(village, "T-WM-1", state=BodyState.ACCEPTED)
    make_body(village, "T-WM-2", state=BodyState.IN_REMEDIATION)
    data = body_map(WaterBody.objects.filter(code__in=["T-WM-1", "T-WM-2"]))
    assert data["colours"] == MAP_COLOURS
    [point] = data["points"]
    assert point[0] == village.code and point[4] == "on_list" and "2" in point[5]
    make_body(village, "T-WM-3", state=BodyState.RELAPSED)
    [point] = body_map(WaterBody.objects.filter(code__startswith="T-WM-"))["points"]
    assert point[4] == "relapsed"
    [point] = body_map(WaterBody.objects.filter(code="T-WM-1"))["points"]
    assert point[4] == "remediated"


def test_water_list_map_shows_the_listed_bodies_villages(client: Client) -> None:
    from renju.water.models import WaterBody

    client.force_login(make_user("map-water", Role.VIEWER, places().city))
    html = client.get(reverse("water:list")).content.decode()
    listed = WaterBody.objects.exclude(village__latitude=None)
    if not listed.exists():
        pytest.skip("no placed water body in the demo data")
    data = _json(html, "water-map-points")
    codes = {p[0] for p in data["points"]}
    assert codes == set(listed.values_list("village__code", flat=True))
    relapsed = listed.filter(state="relapsed").values_list("village__code", flat=True)
    for point in data["points"]:
        if point[0] in set(relapsed):
            assert point[4] == "relapsed"  # the worst body of the village decides
    assert 'data-testid="water-map"' in html
