"""The REST API: token sign-in, regions, ledger endpoints, audit, pagination, schema and docs."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db.models import Q
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from renju.accounts import throttle
from renju.accounts.choices import Role
from renju.accounts.models import User
from renju.core.models import AuditEvent
from renju.core.models.audit import AuditAction, Channel
from renju.core.testing import Places, make_user, places
from renju.households.models import Household
from renju.regions.choices import Level
from renju.regions.models import Region

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Renju-2026!"  # what make_user gives every user
ADDRESS = "203.0.113.9"  # a documentation address, so throttling here locks nobody else out
TOKEN_URL = "/api/v1/auth/token/"
HOUSEHOLDS = "/api/v1/households/"
REGIONS = "/api/v1/regions/"


@pytest.fixture(scope="module")
def where(django_db_setup: None, django_db_blocker: Any) -> Places:
    with django_db_blocker.unblock():
        return places()


def client_for(user: User) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def officer(where: Places) -> User:
    return make_user("api-officer", Role.OFFICER, where.county)


@pytest.fixture
def api(officer: User) -> APIClient:
    return client_for(officer)


def household(region: Region, n: int, **extra: Any) -> Household:
    row = Household(
        code=f"{region.code[:12]}{9800 + n:04d}",
        region=region,
        head_name="接口测试",
        members=2,
        **extra,
    )
    row.save()
    return row


def events_for(obj: Any, pk: Any = None) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(pk if pk is not None else obj.pk)
        )
    )


def assert_api_event(obj: Any, action: str, user: User, pk: Any = None) -> None:
    events = events_for(obj, pk)
    assert len(events) == 1, events
    event = events[0]
    assert (event.action, event.channel, event.actor_id, event.actor_label) == (
        action,
        Channel.API,
        user.pk,
        user.username,
    )


def all_results(client: APIClient, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every row of a list endpoint, page by page."""
    rows: list[dict[str, Any]] = []
    page: int | None = 1
    while page:
        response = client.get(path, {**params, "page": page, "page_size": 500})
        assert response.status_code == 200, response.content
        rows += response.data["results"]
        page = response.data["next"]
    return rows


# --- token sign-in ---------------------------------------------------------------------------


@pytest.fixture
def unthrottled(officer: User):
    throttle.reset(officer.username, ADDRESS)
    yield
    throttle.reset(officer.username, ADDRESS)


@pytest.mark.usefixtures("unthrottled")
def test_token_for_good_password(officer: User):
    client = APIClient(REMOTE_ADDR=ADDRESS)
    response = client.post(TOKEN_URL, {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 200
    key = response.data["token"]
    assert Token.objects.get(key=key).user == officer
    # The same token again, and it opens the API.
    again = client.post(TOKEN_URL, {"username": officer.username, "password": PASSWORD})
    assert again.data["token"] == key
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(HOUSEHOLDS).status_code == 200
    # Each sign-in through the API is on record, as a page's sign-in is.
    signed_in = AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=officer)
    assert signed_in.count() == 2 and {e.channel for e in signed_in} == {Channel.API}


@pytest.mark.usefixtures("unthrottled")
def test_a_new_password_ends_the_api_token(officer: User):
    """An administrator's reset (or her own change) ends the token with the sessions: a token
    got before the reset was still answered 200."""
    client = APIClient(REMOTE_ADDR=ADDRESS)
    key = client.post(TOKEN_URL, {"username": officer.username, "password": PASSWORD}).data["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(HOUSEHOLDS).status_code == 200
    officer.first_name = "改"
    officer.save()  # other changes keep it
    assert client.get(HOUSEHOLDS).status_code == 200
    officer.set_password("Reset-Renju-2027?")
    officer.save()
    assert client.get(HOUSEHOLDS).status_code == 401
    assert not Token.objects.filter(user=officer).exists()


@pytest.mark.usefixtures("unthrottled")
def test_token_refused_for_bad_password(officer: User):
    client = APIClient(REMOTE_ADDR=ADDRESS)
    response = client.post(TOKEN_URL, {"username": officer.username, "password": "wrong"})
    assert response.status_code == 400
    assert "token" not in response.data
    assert not Token.objects.filter(user=officer).exists()
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED, object_repr=officer.username)
    assert failed.channel == Channel.API and failed.note == ADDRESS


@pytest.mark.usefixtures("unthrottled")
def test_token_throttled_after_repeated_failures(officer: User, settings: Any):
    client = APIClient(REMOTE_ADDR=ADDRESS)
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        response = client.post(TOKEN_URL, {"username": officer.username, "password": "wrong"})
        assert response.status_code == 400
    # Locked: even the right password waits out the window.
    response = client.post(TOKEN_URL, {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 429
    assert not Token.objects.filter(user=officer).exists()


@pytest.mark.usefixtures("unthrottled")
def test_token_body_that_is_not_an_object_is_a_400(officer: User):
    client = APIClient(REMOTE_ADDR=ADDRESS, HTTP_ACCEPT_LANGUAGE="zh-hans")
    for body in ["[1, 2]", '"abc"', "123", "null"]:
        response = client.post(TOKEN_URL, body, content_type="application/json")
        assert response.status_code == 400, body
        assert set(response.json()) == {"detail"}
        assert '"username"' in response.json()["detail"]
    assert not Token.objects.filter(user=officer).exists()
    # No credential was tried: the attempts count for nothing.
    good = client.post(TOKEN_URL, {"username": officer.username, "password": PASSWORD})
    assert good.status_code == 200


@pytest.mark.usefixtures("unthrottled")
def test_json_that_does_not_parse_is_a_translated_400(api: APIClient):
    token = APIClient(REMOTE_ADDR=ADDRESS)
    response = token.post(TOKEN_URL, '{"username": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "请求体不是有效的 JSON（第 1 行，第 14 列）。"}
    response = api.post(HOUSEHOLDS, b"\xff{", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "请求体不是有效的 JSON。"}
    response = api.post(
        HOUSEHOLDS, "{bad", content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json() == {"detail": "The request body is not valid JSON (line 1, column 2)."}


def test_api_needs_a_token():
    client = APIClient()
    assert client.get(HOUSEHOLDS).status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get(HOUSEHOLDS).status_code == 401


# --- regions -------------------------------------------------------------------------------


@pytest.fixture
def town_user(where: Places) -> User:
    return make_user("api-town", Role.VIEWER, where.town)


def test_town_user_sees_her_subtree_and_ancestors(where: Places, town_user: User):
    rows = all_results(client_for(town_user), REGIONS)
    codes = {row["code"] for row in rows}
    town = where.town
    ancestors = {r.code for r in town.ancestors()}
    assert ancestors == {where.city.code, where.county.code}
    expected = set(
        Region.objects.filter(Q(town=town) | Q(pk__in=town.ancestor_ids())).values_list(
            "code", flat=True
        )
    )
    assert codes == expected
    assert all(code.startswith(town.code) or code in ancestors for code in codes)
    assert where.other_town_same_county.code not in codes
    assert where.other_village.code not in codes
    # Outside the subtree, a region is not found.
    client = client_for(town_user)
    assert client.get(f"{REGIONS}{where.other_town_same_county.code}/").status_code == 404
    assert client.get(f"{REGIONS}{where.village.code}/").status_code == 200


def test_region_filters(where: Places, officer: User, api: APIClient):
    county = where.county
    towns = all_results(api, REGIONS, level=Level.TOWN, parent=county.code)
    expected = set(
        Region.objects.filter(parent=county, level=Level.TOWN).values_list("code", flat=True)
    )
    assert {r["code"] for r in towns} == expected and expected
    assert all(r["parent"] == county.code and r["level"] == Level.TOWN for r in towns)

    prefix = where.town.code
    under = all_results(api, REGIONS, code_prefix=prefix)
    assert under and all(r["code"].startswith(prefix) for r in under)
    assert len(under) == Region.objects.filter(code__startswith=prefix).count()

    # The county officer sees only her county's subtree: no other county's villages.
    assert all_results(api, REGIONS, code_prefix=where.other_county.code) == []


def test_region_current_filter_and_history(where: Places, town_user: User):
    """A village renamed away keeps its row (valid_to set) under the same code."""
    village = where.village
    old = Region(
        code=village.code,
        name=f"{village.name}（旧）",
        level=village.level,
        kind=village.kind,
        parent=village.parent,
        valid_to=datetime.date(2020, 1, 1),
    )
    old.save()
    client = client_for(town_user)
    current = all_results(client, REGIONS, code_prefix=village.code, current="true")
    history = all_results(client, REGIONS, code_prefix=village.code, current="false")
    assert [r["code"] for r in history] == [village.code]
    assert history[0]["valid_to"] == "2020-01-01"
    assert village.code in {r["code"] for r in current}
    assert all(r["valid_to"] is None for r in current)
    # By code, the current unit answers (not an error because an old version shares the code).
    response = client.get(f"{REGIONS}{village.code}/")
    assert response.status_code == 200
    assert (response.data["name"], response.data["valid_to"]) == (village.name, None)


# --- ledger endpoints ------------------------------------------------------------------------


def test_list_is_scoped_and_filtered(where: Places, api: APIClient):
    away = household(where.village, 1, status="away")
    home = household(where.village, 2)
    outside = household(where.other_village, 3, status="away")

    rows = all_results(api, HOUSEHOLDS, status="away")
    codes = {r["code"] for r in rows}
    assert away.code in codes and home.code not in codes and outside.code not in codes
    assert all(r["status"] == "away" for r in rows)
    assert all(r["code"].startswith(where.county.code) for r in rows)

    in_village = all_results(api, HOUSEHOLDS, region=where.village.code)
    assert {r["region"] for r in in_village} == {where.village.code}
    assert {away.code, home.code} <= {r["code"] for r in in_village}
    in_town = all_results(api, HOUSEHOLDS, region=where.town.code)
    assert all(r["region"].startswith(where.town.code) for r in in_town)
    assert len(in_town) == Household.objects.filter(town=where.town).count()
    # Filtering by a region outside the scope finds nothing (it does not widen the scope).
    assert all_results(api, HOUSEHOLDS, region=where.other_village.code) == []

    found = all_results(api, HOUSEHOLDS, q=away.code)
    assert [r["code"] for r in found] == [away.code]
    assert all_results(api, HOUSEHOLDS, q=outside.code) == []


def test_create_update_delete_are_audited(where: Places, officer: User, api: APIClient):
    code = f"{where.village.code}9901"
    payload = {"code": code, "region": where.village.code, "head_name": "新户", "members": 4}
    response = api.post(HOUSEHOLDS, payload, format="json")
    assert response.status_code == 201, response.data
    assert response.data["region"] == where.village.code
    created = Household.objects.get(code=code)
    assert (created.county_id, created.members) == (where.county.pk, 4)
    assert_api_event(created, AuditAction.CREATE, officer)

    response = api.patch(f"{HOUSEHOLDS}{created.pk}/", {"members": 5}, format="json")
    assert response.status_code == 200, response.data
    assert Household.objects.get(pk=created.pk).members == 5
    event = AuditEvent.objects.get(object_id=str(created.pk), action=AuditAction.UPDATE)
    assert (event.channel, event.actor_id, event.changes) == (
        Channel.API,
        officer.pk,
        {"members": [4, 5]},
    )

    full = {**payload, "members": 6, "status": "away"}
    response = api.put(f"{HOUSEHOLDS}{created.pk}/", full, format="json")
    assert response.status_code == 200, response.data
    assert Household.objects.get(pk=created.pk).status == "away"
    assert AuditEvent.objects.filter(object_id=str(created.pk), action="update").count() == 2

    pk = created.pk
    response = api.delete(f"{HOUSEHOLDS}{pk}/")
    assert response.status_code == 204
    assert not Household.objects.filter(pk=pk).exists()
    deleted = [e for e in events_for(created, pk) if e.action == AuditAction.DELETE]
    assert len(deleted) == 1
    assert [e.action for e in events_for(created, pk)].count(AuditAction.CREATE) == 1
    assert all(
        e.channel == Channel.API and e.actor_id == officer.pk for e in events_for(created, pk)
    )


def test_create_outside_scope_is_does_not_exist(where: Places, api: APIClient):
    code = f"{where.other_village.code}9902"
    payload = {"code": code, "region": where.other_village.code, "head_name": "外县", "members": 2}
    response = api.post(HOUSEHOLDS, payload, format="json")
    assert response.status_code == 400
    assert "does not exist" in str(response.data["region"]) or "不存在" in str(
        response.data["region"]
    )
    assert not Household.objects.filter(code=code).exists()
    assert not AuditEvent.objects.filter(object_repr=code).exists()


def test_create_checks_code_against_region(where: Places, api: APIClient):
    """A household's code is its village's code plus four digits (the ledger's row rule)."""
    other_village = (
        Region.objects.current()
        .filter(town=where.town, level=Level.VILLAGE)
        .exclude(pk=where.village.pk)
        .order_by("code")
        .first()
    )
    assert other_village is not None
    code = f"{other_village.code}9903"
    payload = {"code": code, "region": where.village.code, "head_name": "错码", "members": 2}
    response = api.post(HOUSEHOLDS, payload, format="json")
    assert response.status_code == 400
    assert "code" in response.data
    assert not Household.objects.filter(code=code).exists()


def test_out_of_scope_object_is_not_found(where: Places, api: APIClient):
    outside = household(where.other_village, 4)
    before = Household.objects.filter(pk=outside.pk).values().get()
    path = f"{HOUSEHOLDS}{outside.pk}/"
    assert api.get(path).status_code == 404
    assert api.patch(path, {"members": 9}, format="json").status_code == 404
    assert api.put(path, {"code": outside.code, "members": 9}, format="json").status_code == 404
    assert api.delete(path).status_code == 404
    assert Household.objects.filter(pk=outside.pk).values().get() == before
    assert events_for(outside) == []


def test_not_found_names_nothing_and_is_translated(where: Places, api: APIClient):
    """Another county's row and a missing one answer the same words, naming no model."""
    outside = household(where.other_village, 7)
    missing = Household.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert missing is not None
    bodies = []
    for pk in (outside.pk, missing + 1000):
        path = f"{HOUSEHOLDS}{pk}/"
        for response in (
            api.get(path),
            api.patch(path, {"members": 9}, format="json"),
            api.delete(path),
        ):
            assert response.status_code == 404
            bodies.append(response.json())
    assert bodies == [{"detail": "不存在，或不在您的管辖范围内。"}] * len(bodies)
    english = api.get(f"{HOUSEHOLDS}{outside.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"detail": "Not found, or not in your area."}


def test_move_out_of_scope_is_refused(where: Places, api: APIClient):
    row = household(where.village, 5)
    before = Household.objects.filter(pk=row.pk).values().get()
    response = api.patch(
        f"{HOUSEHOLDS}{row.pk}/", {"region": where.other_village.code}, format="json"
    )
    assert response.status_code == 400
    assert "region" in response.data
    assert Household.objects.filter(pk=row.pk).values().get() == before
    assert events_for(row) == []


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_roles_on_the_api(where: Places, role: str):
    """The API follows ROLE_ACTIONS like the pages: what a role may not do is not found."""
    from renju.accounts.choices import ROLE_ACTIONS

    user = make_user(f"api-{role}", role, where.county)
    client = client_for(user)
    may = ROLE_ACTIONS[role]
    row = household(where.village, 6)

    assert client.get(f"{HOUSEHOLDS}{row.pk}/").status_code == (200 if "view" in may else 404)

    code = f"{where.village.code}9907"
    payload = {"code": code, "region": where.village.code, "head_name": "角色", "members": 2}
    response = client.post(HOUSEHOLDS, payload, format="json")
    assert response.status_code == (201 if "add" in may else 403)  # told, not "no such region"
    assert Household.objects.filter(code=code).exists() == ("add" in may)

    response = client.patch(f"{HOUSEHOLDS}{row.pk}/", {"members": 8}, format="json")
    assert response.status_code == (200 if "change" in may else 404)
    assert (Household.objects.get(pk=row.pk).members == 8) == ("change" in may)

    response = client.delete(f"{HOUSEHOLDS}{row.pk}/")
    assert response.status_code == (204 if "delete" in may else 404)
    assert Household.objects.filter(pk=row.pk).exists() != ("delete" in may)
    assert all(e.channel == Channel.API and e.actor_id == user.pk for e in events_for(row))


def test_service_area_endpoint(where: Places, officer: User, api: APIClient):
    from renju.accounts.models import Organisation

    org = Organisation.objects.filter(county=where.county, kind="service_company").first()
    assert org is not None
    payload = {
        "code": "T-API-SA-1",
        "organisation": org.code,
        "region": where.town.code,  # service areas may cover a town
        "service": "sewage_om",
    }
    response = api.post("/api/v1/service-areas/", payload, format="json")
    assert response.status_code == 201, response.data
    assert response.data["organisation"] == org.code
    from renju.accounts.models import ServiceArea

    area = ServiceArea.objects.get(code="T-API-SA-1")
    assert_api_event(area, AuditAction.CREATE, officer)
    response = api.post(
        "/api/v1/service-areas/",
        {**payload, "code": "T-API-SA-2", "region": where.other_county.code},
        format="json",
    )
    assert response.status_code == 400 and "region" in response.data


# --- pagination ------------------------------------------------------------------------------


def test_pagination_shape(api: APIClient):
    first = api.get(HOUSEHOLDS, {"page_size": 2})
    assert first.status_code == 200
    assert list(first.data) == ["count", "count_capped", "page", "next", "previous", "results"]
    assert first.data["count"] > 2 and first.data["count_capped"] is False
    assert (first.data["page"], first.data["next"], first.data["previous"]) == (1, 2, None)
    assert len(first.data["results"]) == 2
    second = api.get(HOUSEHOLDS, {"page_size": 2, "page": 2})
    assert (second.data["page"], second.data["next"], second.data["previous"]) == (2, 3, 1)
    assert {r["id"] for r in first.data["results"]}.isdisjoint(
        r["id"] for r in second.data["results"]
    )
    count = first.data["count"]
    last_page = -(-count // 2)
    last = api.get(HOUSEHOLDS, {"page_size": 2, "page": last_page + 5})  # past the end: last
    assert (last.data["page"], last.data["next"]) == (last_page, None)
    row = first.data["results"][0]
    assert {"id", "code", "region", "head_name", "members", "status", "created_at"} <= set(row)


# --- schema and docs -------------------------------------------------------------------------


def test_schema_is_openapi_3():
    response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert re.search(r"^openapi: ['\"]?3\.", text, re.M) or '"openapi": "3.' in text
    assert "/api/v1/households/" in text and "/api/v1/regions/" in text
    assert "/api/v1/auth/token/" in text


def test_schema_describes_ledgers_for_their_users_and_advertises_q():
    schema = APIClient().get("/api/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en").json()
    households = schema["paths"]["/api/v1/households/"]
    descriptions = [
        op.get("description", "")
        for item in schema["paths"].values()
        for op in item.values()
        if isinstance(op, dict)
    ]
    assert not any("audit actor" in d or "DRF" in d for d in descriptions)
    assert households["get"]["description"].startswith("The households within your area")
    assert "search with q (code, head_name" in households["get"]["description"]
    names = {p["name"] for p in households["get"]["parameters"]}
    assert {"q", "region", "ordering", "page"} <= names and "search" not in names
    for path, item in schema["paths"].items():
        if "get" in item and path.endswith("/") and "{" not in path and "/regions/" not in path:
            assert "search" not in {p["name"] for p in item["get"].get("parameters", [])}, path
    # The regions' search is DRF's search, and it works there.
    regions = {p["name"] for p in schema["paths"]["/api/v1/regions/"]["get"]["parameters"]}
    assert "search" in regions


def test_ledger_search_is_q(where: Places, api: APIClient):
    row = household(where.village, 8)
    Household.objects.filter(pk=row.pk).update(head_name="徐兰测试")
    found = api.get(HOUSEHOLDS, {"q": "徐兰测试"}).data["results"]
    assert [r["id"] for r in found] == [row.pk]


def test_docs_use_only_local_static_files():
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    sources = re.findall(r"<script[^>]*\bsrc=[\"']([^\"']+)", html)
    sources += re.findall(r"<link[^>]*\bhref=[\"']([^\"']+)", html)
    assert sources, html[:500]
    for src in sources:
        assert not re.match(r"^(https?:)?//", src), src
        assert src.startswith("/static/"), src
        assert finders.find(src.removeprefix("/static/").split("?")[0]), src
    assert not re.search(r"https?://(cdn|unpkg|cdnjs|fonts)\.", html)


@pytest.fixture(autouse=True)
def _no_leftover_lock():
    yield
    cache.delete_many([f"renju:login:addr:{ADDRESS}"])


def test_deleting_a_row_others_point_to_is_refused_with_a_reason(
    where: Places, officer: User, api: APIClient, client: Any
):
    """A household with a toilet: the API answered 500 (ProtectedError), the page too. Now 409
    with what still points to it, the page its message; nothing deleted, nothing on record."""
    from renju.toilets.tests.test_public import make_household_toilet

    toilet = make_household_toilet(where.village)
    home = toilet.household
    response = api.delete(f"{HOUSEHOLDS}{home.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 409
    assert "未删除" in response.data["detail"] and "（户厕：1）" in response.data["detail"]
    client.force_login(officer)
    page = client.post(f"/ledgers/households/{home.pk}/delete/", follow=True)
    assert page.status_code == 200 and "未删除" in page.content.decode()
    assert Household.objects.filter(pk=home.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.DELETE).exists()


def test_an_optional_link_may_be_left_empty_and_a_bad_code_reads_as_the_import_says(
    where: Places, officer: User, api: APIClient
):
    """A village's own cleaner has no company: the API required one (``null`` refused), so a
    GET → PUT round trip of most demo rows failed. A code that is not one (a list) was echoed
    back as Python."""
    url = "/api/v1/cleaners/"
    row = {
        "code": f"{where.village.code}QC01",
        "region": where.village.code,
        "name": "李保洁",
        "contract_start": "2026-01-01",
        "monthly_wage": "1500.00",
    }
    listed = api.options(url).data["actions"]["POST"]
    assert listed["company"]["required"] is False
    created = api.post(url, {**row, "company": None}, format="json")
    assert created.status_code == 201, created.data
    back = api.get(f"{url}{created.data['id']}/").data
    assert back["company"] is None
    again = api.put(f"{url}{created.data['id']}/", back, format="json")
    assert again.status_code == 200, again.data
    for value in (["371502"], {"a": 1}):
        bad = api.post(
            HOUSEHOLDS,
            {"code": f"{where.village.code}9990", "region": value, "head_name": "甲", "members": 1},
            format="json",
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
        assert bad.status_code == 400 and str(bad.data["region"][0]) == "请以文本形式填写编码。"
    elsewhere = api.post(
        HOUSEHOLDS,
        {
            "code": "371522999999990",
            "region": where.other_village.code,
            "head_name": "甲",
            "members": 1,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert (
        str(elsewhere.data["region"][0])
        == f"“{where.other_village.code}”不存在或不在您的管辖范围内"
    )


def test_implausible_coordinates_and_dates_are_refused(where: Places, api: APIClient):
    """Latitude 999 and year 1 were stored; a document adopted in 2099 too."""
    site = {
        "code": f"{where.village.code}JZ99",
        "region": where.village.code,
        "name": "测试建筑垃圾点",
        "location": "村东",
        "latitude": 36.4,
        "longitude": 115.9,
        "capacity_m3": "200",
    }
    url = "/api/v1/construction-waste-sites/"
    for field, value in (("latitude", 999), ("longitude", -181), ("latitude", 1e308)):
        refused = api.post(url, {**site, field: value}, format="json")
        assert refused.status_code == 400 and field in refused.data, (field, value)
    good = api.post(url, site, format="json")
    assert good.status_code == 201, good.data
    document = {
        "code": f"{where.town.code}DOC99",
        "region": where.town.code,
        "kind": "town_rules",
        "title": "村规民约",
    }
    docs = "/api/v1/cleaning-documents/"
    for day in ("0001-01-01", "2099-01-01"):
        refused = api.post(docs, {**document, "adopted_on": day}, format="json")
        assert refused.status_code == 400 and "adopted_on" in refused.data, day


def test_a_bigint_field_says_what_is_wrong_in_chinese(where: Places, api: APIClient):
    """DRF's own catalogue leaves "A valid biginteger is required." in English."""
    response = api.post(
        "/api/v1/projects/", {"budget": "abc"}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert str(response.data["budget"][0]) == "请填写合法的整数值。"
