"""A real Open311 client against a live server.

``georeport`` (PyPI, GeoReport v2 wrapper; needs ``requests`` and ``xmltodict``) reads the
services, a service definition, requests and one request, in JSON and in XML. It cannot post;
the other clients on PyPI (``three``, ``open311``) are Python 2 only, so the POST is sent the way
``three`` sends it (form fields ``api_key``, ``service_code``, ``address_string``, ``first_name``,
``last_name``, ``phone``, ``description``, ``jurisdiction_id`` and a ``media`` file) with
``requests``, and the answers parsed with ``xml.etree`` and ``json``.
"""

from __future__ import annotations

import io
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from renju.cases.choices import Source
from renju.cases.models import Case
from renju.core.testing import places
from renju.open311.tests.helpers import LAT, LONG, World, make_world

georeport = pytest.importorskip("georeport")
requests = pytest.importorskip("requests")


@pytest.fixture
def world(demo_db: None) -> World:
    where = places()
    return make_world(where.county, where.village, where.other_village)


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 180, 40)).save(out, format="PNG")
    return out.getvalue()


def three_style_post(root: str, world: World, fmt: str, **fields: Any) -> Any:
    data = {
        "service_code": "toilet.full",
        "api_key": world.raw_key,
        "jurisdiction_id": "",
        "first_name": "Mei",
        "last_name": "Li",
        "phone": "13700000000",
        "description": "The tank is full.",
        **fields,
    }
    files = {"media": ("photo.png", png(), "image/png")}
    return requests.post(f"{root}/requests.{fmt}", data=data, files=files, timeout=30)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_client_reads_what_a_three_style_client_posted(live_server, world, fmt):
    root = f"{live_server.url}/open311/v2"
    client = georeport.GeoReport(root, output_format=fmt)

    services = client.get_service_list()
    codes = {s["service_code"] for s in services}
    assert "toilet.full" in codes
    definition = client.get_service_definition("toilet.full")
    attributes = definition["attributes"]
    if fmt == "xml":  # xmltodict: one child is a dict, not a list
        attributes = attributes["attribute"]
        attributes = attributes if isinstance(attributes, list) else [attributes]
    assert [a["code"] for a in attributes] == ["toilet_code"]

    response = three_style_post(
        root, world, fmt, **{"attribute[toilet_code]": world.toilet.qr_code}
    )
    assert response.status_code == 200, response.text
    if fmt == "json":
        number = response.json()[0]["service_request_id"]
    else:
        number = ET.fromstring(response.content).findtext("request/service_request_id")
    case = Case.objects.get(code=number)
    assert case.source == Source.OPEN311
    assert case.photos.count() == 1

    one = client.get_service_request(number)
    assert one["service_request_id"] == number
    assert one["status"] == "open"
    listed = client.get_service_requests(service_code="toilet.full", status="open")
    listed = listed if isinstance(listed, list) else [listed]  # xmltodict, one request
    assert number in {r["service_request_id"] for r in listed}
    assert "13700000000" not in str(listed)


def test_a_three_style_post_by_location_and_an_error(live_server, world):
    root = f"{live_server.url}/open311/v2"
    response = three_style_post(root, world, "xml", lat=str(LAT), long=str(LONG))
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    number = ET.fromstring(response.content).findtext("request/service_request_id")
    assert Case.objects.get(code=number).region == world.village

    refused = three_style_post(root, world, "json", api_key="nope", lat=str(LAT), long=str(LONG))
    assert refused.status_code == 403
    assert refused.json()[0]["code"] == 403
