"""Open311 GeoReport v2: every endpoint in JSON and XML, errors, keys, reporting, privacy."""

from __future__ import annotations

import datetime
import json
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone

from renju.cases.choices import EventKind, Source, State
from renju.cases.models import Case, CaseEvent
from renju.core.models import AuditEvent
from renju.core.models.audit import AuditAction, Channel
from renju.core.testing import places
from renju.open311.models import ApiKey, hash_key
from renju.open311.tests.helpers import LAT, LONG, World, household_toilet, make_world

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
TOILET_SERVICES = {
    "toilet.full",
    "toilet.broken",
    "toilet.other",
    "toilet.problem",
    "toilet.public_check",
}


@pytest.fixture
def world() -> World:
    where = places()
    return make_world(where.county, where.village, where.other_village)


@pytest.fixture
def client() -> Client:
    return Client(enforce_csrf_checks=True)  # the API must not need a CSRF token


def get_json(client: Client, path: str, **params: Any) -> Any:
    response = client.get(f"{BASE}/{path}", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def get_xml(client: Client, path: str, **params: Any) -> ET.Element:
    response = client.get(f"{BASE}/{path}", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def post(client: Client, world: World, fmt: str = "json", **fields: Any) -> Any:
    data = {"api_key": world.raw_key, "service_code": "toilet.full", **fields}
    return client.post(f"{BASE}/requests.{fmt}", {k: v for k, v in data.items() if v is not None})


def assert_json_error(response: Any, code: int) -> None:
    assert response.status_code == code
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = json.loads(response.content)
    assert len(body) == 1
    assert body[0]["code"] == code
    assert body[0]["description"]


def assert_xml_error(response: Any, code: int) -> None:
    assert response.status_code == code
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == "errors"
    error = root.find("error")
    assert error is not None
    assert error.findtext("code") == str(code)
    assert error.findtext("description")


# --- discovery and services ------------------------------------------------------------------


def test_discovery_json_and_xml(client):
    body = get_json(client, "discovery.json")
    assert {"changeset", "contact", "key_service", "endpoints"} <= body.keys()
    (endpoint,) = body["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert datetime.datetime.fromisoformat(body["changeset"]).tzinfo is not None

    root = get_xml(client, "discovery.xml")
    assert root.tag == "discovery"
    endpoint_xml = root.find("endpoints/endpoint")
    assert endpoint_xml is not None
    assert endpoint_xml.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert [f.text for f in endpoint_xml.findall("formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_services_json_and_xml(client):
    services = get_json(client, "services.json")
    assert {s["service_code"] for s in services} == TOILET_SERVICES
    full = next(s for s in services if s["service_code"] == "toilet.full")
    assert full["metadata"] is True
    assert full["type"] == "realtime"
    assert full["service_name"]
    assert full["description"]
    assert full["group"]
    assert list(full) == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]

    root = get_xml(client, "services.xml")
    assert root.tag == "services"
    codes = {s.findtext("service_code") for s in root.findall("service")}
    assert codes == TOILET_SERVICES
    assert {s.findtext("metadata") for s in root.findall("service")} == {"true"}


def test_bare_path_answers_xml_or_the_format_parameter(client):
    assert get_xml(client, "services").tag == "services"
    assert isinstance(get_json(client, "services", format="json"), list)
    response = client.get(f"{BASE}/services", {"format": "csv"})
    assert_xml_error(response, 400)


def test_service_definition_json_and_xml(client):
    body = get_json(client, "services/toilet.full.json")
    assert body["service_code"] == "toilet.full"
    (attribute,) = body["attributes"]
    assert attribute["code"] == "toilet_code"
    assert attribute["datatype"] == "string"
    assert attribute["required"] is False
    assert attribute["variable"] is True

    root = get_xml(client, "services/toilet.broken.xml")
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "toilet.broken"
    assert root.findtext("attributes/attribute/code") == "toilet_code"
    assert root.findtext("attributes/attribute/required") == "false"


def test_unknown_service_is_404_in_both_formats(client):
    assert_json_error(client.get(f"{BASE}/services/road.pothole.json"), 404)
    assert_xml_error(client.get(f"{BASE}/services/road.pothole.xml"), 404)


def test_unknown_path_is_404_in_the_spec_format(client):
    assert_json_error(client.get(f"{BASE}/nothing.json"), 404)
    assert_xml_error(client.get(f"{BASE}/nothing"), 404)


# --- api keys --------------------------------------------------------------------------------


def test_a_key_is_kept_only_as_its_hash(world):
    stored = ApiKey.objects.get(pk=world.key.pk)
    assert stored.key_hash == hash_key(world.raw_key)
    assert world.raw_key not in {stored.key_hash, stored.prefix, stored.name}
    assert ApiKey.authenticate(world.raw_key) == stored
    assert ApiKey.authenticate(world.raw_key + "x") is None
    assert ApiKey.objects.get(pk=world.key.pk).last_used_at is not None


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_without_or_with_a_bad_key_is_403(client, world, fmt):
    check = assert_json_error if fmt == "json" else assert_xml_error
    check(post(client, world, fmt, api_key=None, address_id=world.toilet.qr_code), 403)
    check(post(client, world, fmt, api_key="wrong", address_id=world.toilet.qr_code), 403)
    world.key.is_active = False
    world.key.save()
    check(post(client, world, fmt, address_id=world.toilet.qr_code), 403)
    assert not Case.objects.filter(source=Source.OPEN311).exists()


def test_admin_shows_a_new_key_once(world):
    from renju.accounts.models import User

    admin = User.objects.create_superuser("o311-admin", password="pw-Renju-2026!")
    browser = Client()
    browser.force_login(admin)
    response = browser.post(
        "/admin/open311/apikey/add/",
        {"name": "新应用", "organisation": world.organisation.pk, "is_active": "on"},
        follow=True,
    )
    assert response.status_code == 200
    key = ApiKey.objects.get(name="新应用")
    shown = [str(m) for m in response.context["messages"]]
    raw = next(word for m in shown for word in m.split() if hash_key(word) == key.key_hash)
    assert ApiKey.authenticate(raw) == key


# --- reporting -------------------------------------------------------------------------------


def test_post_with_the_toilet_code_as_address_id_opens_a_case(client, world):
    response = post(
        client,
        world,
        address_id=world.toilet.qr_code,
        description="满了，请尽快来抽",
        first_name="三",
        last_name="张",
        phone="13800000000",
        email="zhang@example.com",
        account_id="acc-1",
        media_url="https://example.com/p.jpg",
    )
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    (body,) = json.loads(response.content)
    case = Case.objects.get(code=body["service_request_id"])
    assert body["account_id"] == "acc-1"
    assert body["service_notice"]
    assert case.source == Source.OPEN311
    assert case.category == "toilet.full"
    assert case.subject_type == "toilets.householdtoilet"
    assert case.subject_id == world.toilet.pk
    assert case.region == world.village
    assert case.reporter_name == "张三"
    assert case.reporter_phone == "13800000000"
    assert case.description == "满了，请尽快来抽"
    assert case.data["open311"]["organisation"] == world.organisation.code
    assert case.data["open311"]["media_url"] == "https://example.com/p.jpg"


def test_post_with_the_toilet_code_as_attribute_answers_xml(client, world):
    code = world.toilet.qr_code.lower()  # codes are read off labels: case does not matter
    response = post(
        client, world, "xml", service_code="toilet.broken", **{"attribute[toilet_code]": code}
    )
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == "service_requests"
    number = root.findtext("request/service_request_id")
    case = Case.objects.get(code=number)
    assert case.category == "toilet.broken"
    assert case.subject_id == world.toilet.pk
    assert root.find("request/service_notice") is not None
    assert root.findtext("request/account_id") == ""


def test_post_runs_on_the_api_audit_channel_with_the_key_organisation(client, world):
    response = post(client, world, address_id=world.toilet.qr_code)
    number = json.loads(response.content)[0]["service_request_id"]
    case = Case.objects.get(code=number)
    (event,) = AuditEvent.objects.filter(
        object_type="cases.case", object_id=str(case.pk), action=AuditAction.CREATE
    )
    assert event.channel == Channel.API
    assert world.organisation.code in str(event.changes["data"][1])  # the key's organisation


def test_the_same_device_and_request_twice_is_one_case(client, world):
    fields: dict[str, Any] = {
        "lat": LAT,
        "long": LONG,
        "device_id": "phone-1",
        "client_request_id": "r-42",
    }
    first = json.loads(post(client, world, description="第一次", **fields).content)
    again = json.loads(post(client, world, description="重试", **fields).content)
    assert first[0]["service_request_id"] == again[0]["service_request_id"]
    case = Case.objects.get(code=first[0]["service_request_id"])
    assert case.report_count == 1
    assert case.region == world.village
    assert Case.objects.filter(source=Source.OPEN311).count() == 1
    # The same device's next request (another token) is a new report.
    other = post(client, world, **{**fields, "client_request_id": "r-43"})
    assert json.loads(other.content)[0]["service_request_id"] != case.code


def test_a_retry_without_a_token_is_recognised_by_device_and_content(client, world):
    fields: dict[str, Any] = {"lat": LAT, "long": LONG, "device_id": "phone-2"}
    fields["description"] = "堵了"
    first = json.loads(post(client, world, **fields).content)
    again = json.loads(post(client, world, **fields).content)
    assert first[0]["service_request_id"] == again[0]["service_request_id"]
    assert Case.objects.filter(source=Source.OPEN311).count() == 1


def test_a_second_report_of_the_same_toilet_joins_its_open_case(client, world):
    first = json.loads(post(client, world, address_id=world.toilet.qr_code).content)
    second = json.loads(
        post(client, world, address_id=world.toilet.qr_code, device_id="phone-3").content
    )
    assert first[0]["service_request_id"] == second[0]["service_request_id"]
    case = Case.objects.get(code=first[0]["service_request_id"])
    assert case.report_count == 2
    assert case.events.filter(kind=EventKind.REPORT_ATTACHED).count() == 1


def test_post_by_village_name(client, world):
    world.village.name = "开放三一一测试村"
    world.village.save()
    response = post(client, world, service_code="toilet.other", address_string="开放三一一测试村")
    assert response.status_code == 200, response.content
    case = Case.objects.get(source=Source.OPEN311)
    assert case.region == world.village
    assert case.subject_id is None


@pytest.mark.parametrize(
    ("fields", "fmt"),
    [
        ({"service_code": None}, "json"),
        ({"service_code": "road.pothole"}, "xml"),
        ({}, "json"),  # no location at all
        ({"address_id": "ZZZZZZZZZZ"}, "xml"),  # no such toilet
        ({"lat": "36.5"}, "json"),  # lat without long
        ({"lat": "north", "long": "east"}, "json"),
        ({"lat": "-33.86", "long": "151.2"}, "xml"),  # far from every village of the area
        ({"address_string": "没有这个村"}, "json"),
        ({"description": "长" * 4001, "lat": LAT, "long": LONG}, "json"),
        ({"email": "not-an-address", "lat": LAT, "long": LONG}, "xml"),
        ({"media_url": "javascript:alert(1)", "lat": LAT, "long": LONG}, "json"),
        ({"phone": "abcdefg", "lat": LAT, "long": LONG}, "json"),
        ({"phone": "12345", "lat": LAT, "long": LONG}, "xml"),  # too few digits
        ({"phone": "1" * 25, "lat": LAT, "long": LONG}, "json"),
    ],
)
def test_bad_reports_are_400(client, world, fields, fmt):
    response = post(client, world, fmt, **fields)
    (assert_json_error if fmt == "json" else assert_xml_error)(response, 400)
    assert not Case.objects.filter(source=Source.OPEN311).exists()


def test_phone_follows_the_villager_report_form(client, world):
    """The phone rule is ReportForm's: separators dropped, 7 to 15 digits, its message."""
    from django.utils import translation

    response = post(client, world, phone="call me", lat=LAT, long=LONG)
    assert_json_error(response, 400)
    with translation.override("zh-hans"):
        message = translation.gettext("Enter a phone number in digits (7 to 15).")
    assert message in json.loads(response.content)[0]["description"]
    response = post(client, world, phone="+86 138-0000 0000", lat=LAT, long=LONG)
    assert response.status_code == 200, response.content
    case = Case.objects.get(code=json.loads(response.content)[0]["service_request_id"])
    assert case.reporter_phone == "+8613800000000"


def test_a_null_character_is_an_open311_error(client, world):
    """NUL in a multipart report, or reaching a view by any route, is a 400 in the spec's format."""
    from django.test import RequestFactory

    from renju.open311 import views

    response = post(client, world, address_id=world.toilet.qr_code, description="满\x00了")
    assert_json_error(response, 400)  # the test client posts multipart
    assert not Case.objects.filter(source=Source.OPEN311).exists()
    request = RequestFactory().get(f"{BASE}/requests.xml", {"service_code": "toilet.full\x00"})
    assert_xml_error(views.requests_view(request, fmt="xml"), 400)
    request = RequestFactory().post(f"{BASE}/requests.json", {"description": "\x00"})
    assert_json_error(views.requests_view(request, fmt="json"), 400)
    # Through the whole stack: RejectNulMiddleware leaves the answer to the view.
    assert_json_error(client.get(f"{BASE}/requests.json", {"service_code": "a\x00"}), 400)
    assert_xml_error(
        client.post(
            f"{BASE}/requests.xml",
            "description=%00",
            content_type="application/x-www-form-urlencoded",
        ),
        400,
    )


def test_a_toilet_outside_the_key_area_is_refused(client, world):
    assert_json_error(post(client, world, address_id=world.other_toilet.qr_code), 400)


def test_csrf_is_not_required_but_get_and_post_only(client, world):
    assert_json_error(client.put(f"{BASE}/requests.json"), 405)
    assert_xml_error(client.post(f"{BASE}/services.xml"), 405)


# --- reading requests ----------------------------------------------------------------------


def reported(client: Client, world: World, **fields: Any) -> Case:
    fields.setdefault("address_id", world.toilet.qr_code)
    response = post(client, world, **fields)
    assert response.status_code == 200, response.content
    return Case.objects.get(code=json.loads(response.content)[0]["service_request_id"])


PUBLIC_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "lat",
    "long",
    "media_url",
}


def test_get_requests_json_shows_public_fields_only(client, world):
    case = reported(
        client,
        world,
        description="满了",
        first_name="三",
        last_name="张",
        phone="13912345678",
        email="zhang@example.com",
        device_id="dev-secret",
    )
    response = client.get(f"{BASE}/requests.json")
    text = response.content.decode()
    for secret in ("13912345678", "zhang@example.com", "张三", "dev-secret", world.toilet.qr_code):
        assert secret not in text
    body = json.loads(text)
    item = next(r for r in body if r["service_request_id"] == case.code)
    assert set(item) == PUBLIC_FIELDS
    assert item["status"] == "open"
    assert item["service_code"] == "toilet.full"
    assert item["address"] == world.village.name
    assert (item["lat"], item["long"]) == (LAT, LONG)
    assert item["description"] == "满了"
    requested = datetime.datetime.fromisoformat(item["requested_datetime"])
    assert requested.utcoffset() == datetime.timedelta(hours=8)  # Asia/Shanghai, with offset
    assert item["expected_datetime"] is None or "+08:00" in item["expected_datetime"]


def test_get_requests_xml(client, world):
    case = reported(client, world)
    root = get_xml(client, "requests.xml")
    assert root.tag == "service_requests"
    request = next(
        r for r in root.findall("request") if r.findtext("service_request_id") == case.code
    )
    assert {child.tag for child in request} == PUBLIC_FIELDS
    assert request.findtext("status") == "open"
    assert request.findtext("lat") == str(LAT)


def test_status_maps_and_filters(client, world):
    case = reported(client, world)
    rejected = reported(
        client, world, service_code="toilet.broken", address_id=world.toilet.qr_code
    )
    Case.objects.filter(pk=rejected.pk).update(state=State.REJECTED, reject_reason="重复报告")
    CaseEvent.objects.create(case=case, kind=EventKind.ACCEPTED, note="已安排抽粪车")
    CaseEvent.objects.create(case=case, kind=EventKind.COMMENT, note="内部备注：联系王五")

    open_ones = get_json(client, "requests.json", status="open")
    closed_ones = get_json(client, "requests.json", status="closed")
    assert case.code in {r["service_request_id"] for r in open_ones}
    assert rejected.code not in {r["service_request_id"] for r in open_ones}
    (closed,) = [r for r in closed_ones if r["service_request_id"] == rejected.code]
    assert closed["status"] == "closed"
    assert closed["status_notes"] == "重复报告"
    (opened,) = [r for r in open_ones if r["service_request_id"] == case.code]
    assert opened["status_notes"] == "已安排抽粪车"  # the internal comment is not shown

    both = get_json(client, "requests.json", status="open,closed")
    assert {case.code, rejected.code} <= {r["service_request_id"] for r in both}
    assert_json_error(client.get(f"{BASE}/requests.json", {"status": "pending"}), 400)


def test_filters_by_id_service_and_dates(client, world):
    full = reported(client, world)
    broken = reported(client, world, service_code="toilet.broken")
    ids = get_json(client, "requests.json", service_request_id=f"{full.code}, {broken.code}")
    assert {r["service_request_id"] for r in ids} == {full.code, broken.code}
    only = get_json(client, "requests.json", service_code="toilet.broken")
    assert broken.code in {r["service_request_id"] for r in only}
    assert full.code not in {r["service_request_id"] for r in only}

    now = timezone.now()
    before = (now - datetime.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M:%SZ")
    after = (now + datetime.timedelta(minutes=5)).isoformat()
    found = get_json(client, "requests.json", start_date=before, end_date=after)
    assert {full.code, broken.code} <= {r["service_request_id"] for r in found}
    old = (now - datetime.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    older = (now - datetime.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M:%SZ")
    earlier = get_json(client, "requests.json", start_date=old, end_date=older)
    assert not {full.code, broken.code} & {r["service_request_id"] for r in earlier}
    # Too long a period, an end before the start, a date that is not one: 400.
    year_ago = (now - datetime.timedelta(days=365)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert_json_error(
        client.get(f"{BASE}/requests.json", {"start_date": year_ago, "end_date": after}), 400
    )
    assert_xml_error(
        client.get(f"{BASE}/requests.xml", {"start_date": after, "end_date": before}), 400
    )
    assert_json_error(client.get(f"{BASE}/requests.json", {"start_date": "yesterday"}), 400)


def test_dates_at_the_ends_of_the_calendar_are_no_500(client, world):
    reported(client, world)
    url = f"{BASE}/requests.json"
    # Starting in the future, with no end: nothing can have been requested yet.
    assert_json_error(client.get(url, {"start_date": "9999-12-31T00:00:00Z"}), 400)
    # Year 1 in Beijing is before year 1 in UTC, where the database compares: out of range.
    assert_json_error(client.get(url, {"start_date": "0001-01-01T00:00:00+08:00"}), 400)
    assert_xml_error(
        client.get(f"{BASE}/requests.xml", {"end_date": "9999-12-31T23:59:59-08:00"}), 400
    )
    # Ending on the first day there is: the 90 days before it are held there, and empty.
    assert get_json(client, "requests.json", end_date="0001-01-01T00:00:00Z") == []
    assert get_json(client, "requests.json", start_date="0001-01-01T00:00:00Z") == []
    assert get_json(client, "requests.json", end_date="9999-12-31T00:00:00Z") == []


def test_lat_and_long_are_not_filters_of_the_list(client, world):
    """Not ignored: a client that thinks it filtered by place would be misled."""
    url = f"{BASE}/requests.json"
    for params in ({"lat": "abc"}, {"lat": "36.5"}, {"long": "east"}, {"lat": LAT, "long": LONG}):
        assert_json_error(client.get(url, params), 400)
    assert_xml_error(client.get(f"{BASE}/requests.xml", {"lat": "abc", "long": "1"}), 400)


def test_old_cases_are_outside_the_default_90_days(client, world):
    case = reported(client, world)
    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - datetime.timedelta(days=120))
    assert case.code not in {r["service_request_id"] for r in get_json(client, "requests.json")}
    by_id = get_json(client, "requests.json", service_request_id=case.code)
    assert [r["service_request_id"] for r in by_id] == [case.code]


def test_one_request_json_and_xml(client, world):
    case = reported(client, world)
    (item,) = get_json(client, f"requests/{case.code}.json")
    assert item["service_request_id"] == case.code
    root = get_xml(client, f"requests/{case.code}.xml")
    assert root.findtext("request/service_request_id") == case.code
    assert_json_error(client.get(f"{BASE}/requests/T2000010100001.json"), 404)
    assert_xml_error(client.get(f"{BASE}/requests/T2000010100001.xml"), 404)


def test_cases_of_other_domains_are_not_requests(client, world):
    case = reported(client, world)
    Case.objects.filter(pk=case.pk).update(category="roads.pothole")
    assert_json_error(client.get(f"{BASE}/requests/{case.code}.json"), 404)


def test_tokens_are_never_issued(client):
    assert_json_error(client.get(f"{BASE}/tokens/abc123.json"), 404)
    assert_xml_error(client.get(f"{BASE}/tokens/abc123.xml"), 404)


def test_another_toilet_in_the_area_gets_its_own_case(client, world):
    second = household_toilet(world.village, 3)
    a = reported(client, world)
    b = reported(client, world, address_id=second.qr_code)
    assert a.pk != b.pk
    assert b.subject_id == second.pk
