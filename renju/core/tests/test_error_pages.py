"""What a user sees when something goes wrong: a page in the site's shell and language, never
Django's bare English one, and never a 500 for input the user typed (a NUL character, a page
number past the end)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.views import defaults

from renju.core import pagination
from renju.core.pagination import MAX_PAGE
from renju.core.testing import make_user, places

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer() -> Any:
    return make_user("err_officer", "officer", places().county)


def signed_in(user: Any, language: str = "zh-hans") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_out_of_scope_is_a_chinese_page_in_the_shell(officer: Any) -> None:
    client = signed_in(officer)
    for url in (f"/r/{places().other_county.code}/", "/ledgers/households/999999999/", "/nope/"):
        response = client.get(url)
        assert response.status_code == 404, url
        html = response.content.decode()
        assert 'data-testid="error-page"' in html and "该页面不存在，或不在您的管辖范围内" in html
        assert 'data-testid="user-menu"' in html  # the navigation is there: a way on
        assert "The requested resource was not found" not in html


def test_the_404_page_in_english(officer: Any) -> None:
    html = signed_in(officer, "en").get("/nope/").content.decode()
    assert "This page does not exist, or it is not in your area." in html


def test_anonymous_404_has_no_navigation() -> None:
    response = Client().get("/nope/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "未找到" in html and 'data-testid="user-menu"' not in html


def test_permission_denied_page() -> None:
    request = RequestFactory().get("/")
    response = defaults.permission_denied(request, Exception())
    assert response.status_code == 403
    assert "无权操作" in response.content.decode()


def test_an_expired_form_says_so(officer: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_the_500_page_stands_alone() -> None:
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器出错了" in html and "Server error" in html and "{%" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/audit/?region=%00",
        "/audit/?actor=a%00b",
        "/toilets/retrofits/?q=%00",
        "/water/?region=%00",
        "/plans/funds/?region=%00",
        "/ledgers/households/?q=%00",
        "/api/v1/indicators/?region=%00",
        "/?x%00=1",
    ],
)
def test_a_nul_character_is_a_bad_request_not_a_server_error(officer: Any, url: str) -> None:
    response = signed_in(officer).get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):  # the API answers in its own format, JSON
        assert "空字符" in response.json()["detail"]
    else:
        assert "请求有误" in response.content.decode()


def test_a_nul_character_in_a_form_is_refused(officer: Any) -> None:
    form = urlencode({"old_password": "a\x00"})  # as a browser sends a form
    response = signed_in(officer).post(
        "/accounts/password/", form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/ledgers/households/?page=99999999999999999999999",
        "/cases/?page=99999999999999999999999",
        "/toilets/problems/?page=99999999999999999999999",
        "/api/v1/households/?page=99999999999999999999999",
    ],
)
def test_a_page_past_the_end_is_the_last_page(officer: Any, url: str, monkeypatch: Any) -> None:
    # A capped count (the full city's lists) does not bound the page number by the rows.
    monkeypatch.setattr(pagination, "COUNT_CAP", 10)
    response = signed_in(officer).get(url)
    assert response.status_code == 200
    if url.startswith("/api/"):
        assert 1 <= response.json()["page"] <= MAX_PAGE


def test_past_the_end_of_a_capped_list_lands_on_its_last_page(monkeypatch: Any) -> None:
    from renju.regions.models import Region

    monkeypatch.setattr(pagination, "COUNT_CAP", 10)
    regions = Region.objects.order_by("pk")
    total = regions.count()
    last = -(-total // 7)
    page = pagination.paginate(regions, 10**9, size=7)
    assert (page.number, page.capped) == (last, True)
    assert page.rows == list(regions[(last - 1) * 7 :])
    assert page.start_index == (last - 1) * 7 + 1 and page.end_index == total


@pytest.mark.parametrize(
    "url",
    [
        "/toilets/supervision/?since=0001-01-01",
        "/toilets/supervision/?until=9999-12-31",
        "/toilets/supervision/?since=9999-12-31&format=xlsx",
        "/plans/funds/?year=%C2%B2",  # "²": a digit to str.isdigit(), not to int()
        "/plans/funds/?year=99999999999999999999",
    ],
)
def test_odd_dates_and_digits_are_no_500(officer: Any, url: str) -> None:
    assert signed_in(officer).get(url).status_code == 200


def test_a_household_code_with_a_superscript_digit_is_refused(officer: Any) -> None:
    from renju.core.ledgers import get_ledger

    p = places()
    check = get_ledger("households").validate_row
    assert check is not None
    errors = check({"code": f"{p.village.code}123²", "region": p.village})
    assert "code" in errors


def test_a_busy_database_asks_to_try_again_instead_of_a_500(rf) -> None:
    """SQLite holds one writer: a sign-in during a long import waited out the lock's timeout
    and answered 500; it is a 503 with the time to wait, in both languages."""
    from django.db import OperationalError

    from renju.core.views import server_error

    request = rf.get("/accounts/login/")
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        busy = server_error(request)
    assert busy.status_code == 503 and busy["Retry-After"] == "10"
    assert "系统正忙" in busy.content.decode() and "try again in a moment" in busy.content.decode()
    try:
        raise ValueError("anything else")
    except ValueError:
        assert server_error(request).status_code == 500
