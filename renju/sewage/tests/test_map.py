"""The Yellow River mainline map: villages coloured by treatment status, drawn with the
vendored Leaflet (no CDN)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from renju.accounts.choices import Role
from renju.core.testing import make_user, places
from renju.regions.choices import Level
from renju.regions.models import Region
from renju.sewage.choices import Mode
from renju.sewage.models import TreatmentStatus
from renju.sewage.views import STATUS_COLOURS, treatment_map, village_status

pytestmark = pytest.mark.django_db

YANGGU = "371521"


def _json(html: str, element_id: str) -> dict:
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert found is not None, element_id
    return json.loads(found.group(1))


def test_status_of_a_row_by_hand() -> None:
    assert village_status({"known": False, "treated": False}) == "unknown"
    assert village_status({"known": True, "treated": False}) == "untreated"
    assert village_status({"known": True, "treated": True}) == "treated"


def test_villages_without_a_position_are_left_off() -> None:
    here = Region(code="X1", name="有坐标村", latitude=36.1, longitude=115.9)
    nowhere = Region(code="X2", name="无坐标村")
    rows = [
        {"village": here, "known": True, "treated": True, "open_cases": 2},
        {"village": nowhere, "known": True, "treated": False, "open_cases": 0},
    ]
    data = treatment_map(rows)
    assert data["colours"] == STATUS_COLOURS
    [point] = data["points"]
    assert point[:5] == ["X1", "有坐标村", 36.1, 115.9, "treated"] and "2" in point[5]


def test_yellow_river_map_colours_every_placed_village(client: Client) -> None:
    villages = Region.objects.current().filter(
        county__code=YANGGU, level=Level.VILLAGE, yellow_river=True
    )
    placed = villages.exclude(latitude=None).order_by("code")
    assert placed.exists(), "the demo city places its Yellow River villages"
    # One untreated, one treated village, by hand.
    first, second = list(placed[:2])
    TreatmentStatus.objects.filter(village__in=[first, second]).delete()
    TreatmentStatus.objects.create(code="T-MAP-1", region=first, mode=Mode.UNTREATED)
    TreatmentStatus.objects.create(
        code="T-MAP-2", region=second, mode=Mode.SEWER, households_served=10
    )
    client.force_login(make_user("map-viewer", Role.VIEWER, places().city))
    response = client.get(reverse("sewage:yellow-river"), {"region": YANGGU})
    html = response.content.decode()
    assert 'data-testid="yellow-map"' in html
    data = _json(html, "yellow-map-points")
    by_code = {p[0]: p for p in data["points"]}
    assert set(by_code) == set(placed.values_list("code", flat=True))
    assert by_code[first.code][4] == "untreated" and by_code[second.code][4] == "treated"
    assert {p[4] for p in data["points"]} <= set(data["colours"])
    # Everything vendored: no script or stylesheet from another host.
    assert "/static/vendor/leaflet/leaflet.js" in html and "/static/renju/status_map.js" in html
    assert not re.search(r'(src|href)="https?://', html)


def test_yellow_river_map_is_scoped(client: Client) -> None:
    where = places()
    client.force_login(make_user("map-county", Role.VIEWER, where.county))
    assert client.get(reverse("sewage:yellow-river"), {"region": YANGGU}).status_code == 404
