"""Signing in and out, passwords, sessions, and a county administrator managing her people."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from renju.accounts.models import Organisation, RoleGrant, User
from renju.core.models import AuditEvent
from renju.core.testing import HOME_COUNTY, OTHER_COUNTY, make_user, places
from renju.regions.models import Region

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Renju-2026!"  # what make_user gives every persona
NEW_PASSWORD = "Changed-Renju-2027?"


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Any:
    """The login throttle lives in the cache; every test starts (and leaves) it empty."""
    cache.clear()
    yield
    cache.clear()


def client_at(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def login_as(user: User, address: str = "10.9.0.1") -> Client:
    client = client_at(address)
    assert client.login(username=user.username, password=PASSWORD)
    return client


# --- signing in ---------------------------------------------------------------------------------


def test_login_page_is_chinese() -> None:
    response = client_at("10.1.0.1").get("/accounts/login/")
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="zh-hans">' in text
    assert "登录" in text and "人居" in text and "农村人居环境整治平台" in text
    assert 'name="username"' in text and 'name="password"' in text


def test_good_login_redirects_home_and_is_audited() -> None:
    user = make_user("acc_login", "officer", places().county)
    client = client_at("10.1.0.2")
    response = client.post("/accounts/login/", {"username": "acc_login", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    event = AuditEvent.objects.get(action="login", actor=user)
    assert event.actor_label == "acc_login"
    assert event.channel == "page"
    assert event.object_type == "accounts.user" and event.object_id == str(user.pk)
    assert client.get("/").status_code == 200


def test_login_follows_only_local_next() -> None:
    make_user("acc_next", "officer", places().county)
    data = {"username": "acc_next", "password": PASSWORD}
    local = client_at("10.1.0.3").post("/accounts/login/?next=/audit/", data)
    assert local["Location"] == "/audit/"
    foreign = client_at("10.1.0.4").post("/accounts/login/?next=https://evil.example/", data)
    assert foreign["Location"] == "/"


def test_bad_password_shows_an_error_and_is_audited() -> None:
    make_user("acc_bad", "officer", places().county)
    client = client_at("10.1.0.5")
    response = client.post("/accounts/login/", {"username": "acc_bad", "password": "wrong-one"})
    assert response.status_code == 400
    text = response.content.decode()
    assert 'data-testid="login-error"' in text
    assert "密码" in text  # Django's own Chinese message: 请输入一个正确的用户名和密码…
    event = AuditEvent.objects.get(action="login_failed", object_repr="acc_bad")
    assert event.actor is None and event.note == "10.1.0.5"
    assert not AuditEvent.objects.filter(action="login", actor_label="acc_bad").exists()
    assert client.get("/").status_code == 302  # still signed out


def test_too_many_failures_lock_even_the_right_password() -> None:
    user = make_user("acc_locked", "officer", places().county)
    client = client_at("10.1.0.6")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        response = client.post("/accounts/login/", {"username": "acc_locked", "password": "x"})
        assert response.status_code == 400
    response = client.post("/accounts/login/", {"username": "acc_locked", "password": PASSWORD})
    assert response.status_code == 429
    right = response.content.decode()
    assert "登录失败次数过多" in right
    # Locked, the password is not checked: a wrong one gets the very same answer (the right
    # one was told apart by the missing "wrong password" line), and every try still counts.
    wrong = client.post("/accounts/login/", {"username": "acc_locked", "password": "y"})
    assert wrong.status_code == 429
    assert _login_error(wrong.content.decode()) == _login_error(right)
    assert "正确的用户名和密码" not in right + wrong.content.decode()
    assert not AuditEvent.objects.filter(action="login", actor=user).exists()
    assert client.get("/").status_code == 302
    # The lock follows the username, not only the address.
    elsewhere = client_at("10.1.0.7").post(
        "/accounts/login/", {"username": "acc_locked", "password": PASSWORD}
    )
    assert elsewhere.status_code == 429


def test_a_success_resets_the_failure_count() -> None:
    make_user("acc_reset", "officer", places().county)
    client = client_at("10.1.0.8")
    for _round in range(2):
        for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
            client.post("/accounts/login/", {"username": "acc_reset", "password": "x"})
        ok = client.post("/accounts/login/", {"username": "acc_reset", "password": PASSWORD})
        assert ok.status_code == 302
        client.post("/accounts/logout/")


# --- signing out, passwords, sessions ------------------------------------------------------------


def test_logout_is_post_only_and_audited() -> None:
    user = make_user("acc_logout", "officer", places().county)
    client = login_as(user, "10.1.1.1")
    opened = client.get("/accounts/logout/")  # the address typed: home, not a blank 405
    assert opened.status_code == 302 and opened["Location"] == "/"
    assert client.get("/").status_code == 200  # a GET did not sign out
    assert client.get("/accounts/login/")["Location"] == "/"  # signed in: no form again
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert AuditEvent.objects.filter(action="logout", actor=user).count() == 1
    assert client.get("/").status_code == 302
    assert "您已退出" in client.get("/accounts/login/").content.decode()


def _login_error(html: str) -> str:
    found = re.search(r'data-testid="login-error">([^<]*)<', html)
    assert found, "no error shown"
    return found.group(1)


def test_password_change_works_and_is_audited() -> None:
    user = make_user("acc_pw", "officer", places().county)
    client = login_as(user, "10.1.1.2")
    page = client.get("/accounts/password/")
    assert page.status_code == 200 and "密码" in page.content.decode()
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(
        action="password", object_type="accounts.user", object_id=str(user.pk)
    )
    assert event.actor == user
    assert user.password not in json.dumps(event.changes)
    assert client.get("/").status_code == 200  # the session survived the change


def test_password_change_with_wrong_old_password_changes_nothing() -> None:
    user = make_user("acc_pw_bad", "officer", places().county)
    client = login_as(user, "10.1.1.3")
    response = client.post(
        "/accounts/password/",
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(
        action="password", object_type="accounts.user", object_id=str(user.pk)
    ).exists()


def test_sessions_are_short_and_end_with_the_browser() -> None:
    assert isinstance(settings.SESSION_COOKIE_AGE, int)
    assert 0 < settings.SESSION_COOKIE_AGE <= 24 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
    make_user("acc_cookie", "officer", places().county)
    response = client_at("10.1.1.4").post(
        "/accounts/login/", {"username": "acc_cookie", "password": PASSWORD}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie


def test_sessions_are_read_from_the_cache_and_outlive_losing_it() -> None:
    user = make_user("acc_cached", "officer", places().county)
    client = login_as(user, "10.1.1.5")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"]]  # read from the cache
    cache.clear()
    assert client.get("/").status_code == 200  # the database still has it
    client.post("/accounts/logout/")
    cache.clear()
    assert client.get("/").status_code == 302  # signing out removed it from both


# --- a county administrator ---------------------------------------------------------------------


@pytest.fixture
def admin() -> User:
    county = places().county
    assert county.code == HOME_COUNTY
    return make_user("acc_admin", "admin", county)


@pytest.fixture
def admin_client(admin: User) -> Client:
    return login_as(admin, "10.1.2.1")


@pytest.fixture
def near_user() -> User:
    return make_user("acc_near", "officer", places().town)


@pytest.fixture
def far_user() -> User:
    other = places().other_county
    assert other.code == OTHER_COUNTY
    return make_user("acc_far", "officer", other)


def user_data(organisation: Organisation, region_code: str, **extra: Any) -> dict[str, Any]:
    data = {
        "username": "acc_new",
        "display_name": "新来的干部",
        "phone": "13800000001",
        "organisation": organisation.pk,
        "is_active": "on",
        "role": "officer",
        "region": region_code,
        "password": "Fresh-Renju-Pass-77",
    }
    data.update(extra)
    return data


def event_text(event: AuditEvent) -> str:
    return json.dumps(event.changes, ensure_ascii=False)


def test_admin_lists_only_users_of_her_county(
    admin_client: Client, near_user: User, far_user: User
) -> None:
    response = admin_client.get("/accounts/users/?q=acc_")
    assert response.status_code == 200
    names = {u.username for u in response.context["page"].rows}
    assert {"acc_admin", "acc_near"} <= names
    assert "acc_far" not in names
    assert "acc_far" not in response.content.decode()


def test_admin_creates_a_user_in_her_county(admin_client: Client, near_user: User) -> None:
    p = places()
    org = near_user.organisation
    assert org is not None
    response = admin_client.post("/accounts/users/add/", user_data(org, p.town.code))
    assert response.status_code == 302 and response["Location"] == "/accounts/users/"
    user = User.objects.get(username="acc_new")
    assert user.organisation == org
    assert user.check_password("Fresh-Renju-Pass-77")
    assert [(g.role, g.region.code) for g in user.grants.all()] == [("officer", p.town.code)]
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert event.action == "create" and event.actor_label == "acc_admin"
    assert event.county_id == p.county.pk and event.town_id == p.town.pk
    assert "password" not in event.changes
    assert user.password not in event_text(event)
    assert event.changes["username"] == [None, "acc_new"]
    assert event.changes["grants"] == [[], [["officer", p.town.code]]]


def test_admin_cannot_grant_a_region_of_another_county(
    admin_client: Client, near_user: User
) -> None:
    p = places()
    org = near_user.organisation
    assert org is not None
    events = AuditEvent.objects.count()
    response = admin_client.post("/accounts/users/add/", user_data(org, p.other_village.code))
    assert response.status_code == 400
    form = response.context["form"]
    assert "region" in form.errors
    assert "管辖范围" in " ".join(form.errors["region"])
    assert not User.objects.filter(username="acc_new").exists()
    assert AuditEvent.objects.count() == events
    # The county itself is fine; the other county's code as a whole is refused the same way.
    refused = admin_client.post("/accounts/users/add/", user_data(org, OTHER_COUNTY))
    assert refused.status_code == 400 and "region" in refused.context["form"].errors


def test_a_name_differing_only_in_case_is_taken(admin_client: Client, near_user: User) -> None:
    org = near_user.organisation
    assert org is not None
    response = admin_client.post(
        "/accounts/users/add/", user_data(org, places().town.code, username="ACC_Near")
    )
    assert response.status_code == 400
    assert "username" in response.context["form"].errors
    assert not User.objects.filter(username="ACC_Near").exists()


def test_a_region_outside_her_area_is_named_as_such(admin_client: Client, near_user: User) -> None:
    org = near_user.organisation
    assert org is not None
    response = admin_client.post("/accounts/users/add/", user_data(org, OTHER_COUNTY))
    message = " ".join(response.context["form"].errors["region"])
    assert "管辖范围" in message and "6位、9位或12位" in message  # any level, not only villages


def test_villages_of_the_same_name_are_told_apart_by_their_town(admin: User) -> None:
    from renju.accounts.forms import UserForm
    from renju.regions.choices import Level

    p = places()
    villages = Region.objects.current().filter(county=p.county, level=Level.VILLAGE)
    a, b = villages.filter(town=p.town).first(), villages.exclude(town=p.town).first()
    assert a is not None and b is not None
    for village in (a, b):
        Organisation.objects.create(
            code=f"T-SAME-{village.code}",
            name="同名村村委会",
            kind="village_committee",
            region=village,
        )
    field: Any = UserForm(admin=admin).fields["organisation"]
    labels = [label for _pk, label in field.choices]
    assert a.parent is not None and b.parent is not None
    assert f"同名村村委会（{a.parent.name}）" in labels
    assert f"同名村村委会（{b.parent.name}）" in labels


def test_admin_cannot_use_an_organisation_seated_elsewhere(
    admin_client: Client, far_user: User
) -> None:
    p = places()
    org = far_user.organisation
    assert org is not None
    events, grants = AuditEvent.objects.count(), RoleGrant.objects.count()
    response = admin_client.post("/accounts/users/add/", user_data(org, p.town.code))
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    assert not User.objects.filter(username="acc_new").exists()
    assert (AuditEvent.objects.count(), RoleGrant.objects.count()) == (events, grants)


def test_admin_edits_a_user_of_her_county(admin_client: Client, near_user: User) -> None:
    p = places()
    org = near_user.organisation
    assert org is not None
    hash_before = near_user.password
    page = admin_client.get(f"/accounts/users/{near_user.pk}/")
    assert page.status_code == 200
    data = user_data(
        org, p.village.code, username="acc_near", display_name="改过的名字", password=""
    )
    response = admin_client.post(f"/accounts/users/{near_user.pk}/", data)
    assert response.status_code == 302
    near_user.refresh_from_db()
    assert near_user.display_name == "改过的名字"
    assert near_user.password == hash_before  # an empty password keeps the old one
    assert [(g.role, g.region.code) for g in near_user.grants.all()] == [
        ("officer", p.village.code)
    ]
    event = AuditEvent.objects.get(
        object_type="accounts.user", object_id=str(near_user.pk), action="update"
    )
    assert event.changes["display_name"] == ["", "改过的名字"]
    assert event.changes["grants"] == [[["officer", p.town.code]], [["officer", p.village.code]]]
    assert "password" not in event.changes and hash_before not in event_text(event)


def test_admin_new_password_is_not_in_the_audit(admin_client: Client, near_user: User) -> None:
    p = places()
    org = near_user.organisation
    assert org is not None
    data = user_data(org, p.town.code, username="acc_near", password="Another-Renju-Pass-88")
    assert admin_client.post(f"/accounts/users/{near_user.pk}/", data).status_code == 302
    near_user.refresh_from_db()
    assert near_user.check_password("Another-Renju-Pass-88")
    event = AuditEvent.objects.get(
        object_type="accounts.user", object_id=str(near_user.pk), action="update"
    )
    # The log says the password was reset (a tester saw an empty entry), never the hashes.
    assert event.changes["password"] == ["******", "******"]
    assert near_user.password not in event_text(event)


def test_a_user_saved_as_she_was_leaves_no_empty_entry(
    admin_client: Client, near_user: User
) -> None:
    p = places()
    org = near_user.organisation
    assert org is not None
    data = user_data(org, p.town.code, username="acc_near", display_name="", phone="", password="")
    assert admin_client.post(f"/accounts/users/{near_user.pk}/", data).status_code == 302
    assert not AuditEvent.objects.filter(
        object_type="accounts.user", object_id=str(near_user.pk), action="update"
    ).exists()


def test_admin_cannot_open_or_edit_a_user_of_another_county(
    admin_client: Client, far_user: User
) -> None:
    p = places()
    org = far_user.organisation
    assert org is not None
    assert admin_client.get(f"/accounts/users/{far_user.pk}/").status_code == 404
    data = user_data(org, p.other_county.code, username="acc_far", display_name="被改了")
    assert admin_client.post(f"/accounts/users/{far_user.pk}/", data).status_code == 404
    far_user.refresh_from_db()
    assert far_user.display_name == ""
    assert not AuditEvent.objects.filter(
        object_type="accounts.user", object_id=str(far_user.pk), action="update"
    ).exists()


def test_non_admin_gets_404_on_user_management() -> None:
    officer = make_user("acc_officer", "officer", places().county)
    client = login_as(officer, "10.1.2.2")
    for url in (
        "/accounts/users/",
        "/accounts/users/add/",
        f"/accounts/users/{officer.pk}/",
        "/accounts/organisations/",
        "/accounts/organisations/add/",
    ):
        assert client.get(url).status_code == 404, url


def org_data(region_code: str, **extra: Any) -> dict[str, Any]:
    data = {
        "code": "ACC-ORG-0001",
        "name": "测试新成立的办事处",
        "kind": "government",
        "department": "",
        "region": region_code,
        "phone": "0635-1234567",
        "is_active": "on",
    }
    data.update(extra)
    return data


def test_admin_lists_only_organisations_of_her_county(
    admin_client: Client, near_user: User, far_user: User
) -> None:
    response = admin_client.get("/accounts/organisations/?q=测试-acc_")
    assert response.status_code == 200
    names = {o.name for o in response.context["page"].rows}
    assert {"测试-acc_admin", "测试-acc_near"} <= names
    assert "测试-acc_far" not in names


def test_admin_creates_and_edits_an_organisation_in_her_county(admin_client: Client) -> None:
    p = places()
    response = admin_client.post("/accounts/organisations/add/", org_data(p.town.code))
    assert response.status_code == 302 and response["Location"] == "/accounts/organisations/"
    org = Organisation.objects.get(code="ACC-ORG-0001")
    assert (org.region, org.county_id, org.town_id) == (p.town, p.county.pk, p.town.pk)
    created = AuditEvent.objects.get(
        object_type="accounts.organisation", object_id=str(org.pk), action="create"
    )
    assert created.actor_label == "acc_admin" and created.town_id == p.town.pk
    assert created.changes["name"] == [None, "测试新成立的办事处"]

    assert admin_client.get(f"/accounts/organisations/{org.pk}/").status_code == 200
    data = org_data(p.town.code, name="测试改名后的办事处")
    response = admin_client.post(f"/accounts/organisations/{org.pk}/", data)
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "测试改名后的办事处"
    updated = AuditEvent.objects.get(
        object_type="accounts.organisation", object_id=str(org.pk), action="update"
    )
    assert updated.changes == {"name": ["测试新成立的办事处", "测试改名后的办事处"]}


def test_admin_cannot_seat_an_organisation_in_another_county(admin_client: Client) -> None:
    p = places()
    events = AuditEvent.objects.count()
    response = admin_client.post("/accounts/organisations/add/", org_data(p.other_village.code))
    assert response.status_code == 400
    assert "region" in response.context["form"].errors
    assert not Organisation.objects.filter(code="ACC-ORG-0001").exists()
    assert AuditEvent.objects.count() == events


def test_admin_cannot_edit_or_move_organisations_across_the_border(
    admin_client: Client, near_user: User, far_user: User
) -> None:
    p = places()
    far_org = far_user.organisation
    near_org = near_user.organisation
    assert far_org is not None and near_org is not None
    assert admin_client.get(f"/accounts/organisations/{far_org.pk}/").status_code == 404
    data = org_data(p.other_county.code, code=far_org.code, name="被改了")
    assert admin_client.post(f"/accounts/organisations/{far_org.pk}/", data).status_code == 404
    # Her own organisation cannot be moved out of the county either.
    data = org_data(p.other_village.code, code=near_org.code, name=near_org.name)
    response = admin_client.post(f"/accounts/organisations/{near_org.pk}/", data)
    assert response.status_code == 400
    far_org.refresh_from_db()
    near_org.refresh_from_db()
    assert far_org.name == "测试-acc_far" and near_org.region == p.town


def test_a_short_password_is_refused_in_chinese() -> None:
    from django.utils import translation

    from renju.accounts.validators import MinimumLengthValidator

    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        MinimumLengthValidator().validate("123")
    assert refused.value.messages == ["密码太短，至少需要 8 个字符。"]


def test_the_admin_signs_in_through_the_sites_form_and_is_not_found_by_officials() -> None:
    """The stock admin sign-in had no throttle; an official who is not staff was shown it."""
    anonymous = client_at("10.1.1.9").get("/admin/")
    assert anonymous.status_code == 302
    to_login = client_at("10.1.1.9").get(anonymous["Location"])
    assert to_login["Location"].startswith("/accounts/login/?next=")
    official = login_as(make_user("acc_notstaff", "officer", places().county), "10.1.1.10")
    assert official.get("/admin/login/?next=/admin/").status_code == 404
    staff = make_user("acc_staff", "admin", places().county)
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    assert login_as(staff, "10.1.1.11").get("/admin/login/")["Location"] == "/admin/"


def test_the_admin_forms_say_what_a_code_and_a_password_must_be(admin_client: Client) -> None:
    """A new user's password said "leave empty to keep the current password"; a unit typed
    wrong asked for a 12- or 15-digit code (a county's 6 digits are right); a code in use read
    "具有 单位编码 的 单位 已存在。"."""
    page = admin_client.get("/accounts/users/add/").content.decode()
    assert "留空则不修改当前密码" not in page and "密码" in page
    assert "县6位、乡镇9位、村12位" in page
    admin_client.post("/accounts/organisations/add/", org_data(places().county.code))
    again = admin_client.post("/accounts/organisations/add/", org_data(places().county.code))
    text = again.content.decode()
    assert again.status_code == 400 and "该单位编码已被另一单位使用。" in text
    wrong = admin_client.post(
        "/accounts/organisations/add/", org_data(OTHER_COUNTY, code="ACC-ORG-0002")
    )
    assert "请检查代码（6位、9位或12位）" in wrong.content.decode()


def test_a_village_committee_is_seated_in_a_village(admin_client: Client) -> None:
    p = places()
    data = org_data(p.county.code, code="ACC-VC-0001", kind="village_committee")
    refused = admin_client.post("/accounts/organisations/add/", data)
    assert refused.status_code == 400 and "村委会应设在本村" in refused.content.decode()
    seated = admin_client.post("/accounts/organisations/add/", {**data, "region": p.village.code})
    assert seated.status_code == 302
