"""The page shell every signed-in page shares: its caching headers, its menus per role, its
language switch."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils.cache import has_vary_header

from renju.core.testing import make_user, places

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer() -> Any:
    return make_user("shell_officer", "officer", places().county)


def test_a_list_and_its_htmx_fragment_are_cached_apart(officer: Any) -> None:
    client = signed_in(officer)
    url = f"/ledgers/households/?region={places().county.code}&status=away"
    page = client.get(url)
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert b"<html" in page.content and b"<html" not in fragment.content
    assert has_vary_header(page, "HX-Request") and has_vary_header(fragment, "HX-Request")


def test_date_pickers_carry_iso_dates_in_chinese() -> None:
    import datetime

    from django.utils import translation

    from renju.core.widgets import DatePicker

    with translation.override("zh-hans"):
        html = DatePicker().render("day", datetime.date(2026, 12, 1))
    assert 'type="date"' in html and 'value="2026-12-01"' in html


def test_a_form_prefilled_with_today_shows_it_in_chinese(officer: Any) -> None:
    from django.utils import timezone

    client = signed_in(officer)
    client.cookies["django_language"] = "zh-hans"
    html = client.get("/waste/collections/new/").content.decode()
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html


def _menu_links(client: Client) -> list[str]:
    import re

    html = client.get("/").content.decode()
    nav = html[html.find("<nav") : html.find("</nav>")]
    return sorted(set(re.findall(r'href="(/[^"#]*)"', nav)))


@pytest.mark.parametrize(
    ("role", "level", "company"),
    [
        ("admin", "county", False),
        ("officer", "county", False),
        ("viewer", "county", False),
        ("dispatcher", "county", False),
        ("officer", "village", False),
        ("grid_member", "village", False),
        ("dispatcher", "county", True),
        ("field_worker", "county", True),
    ],
)
def test_every_menu_link_opens_for_who_sees_it(role: str, level: str, company: bool) -> None:
    from renju.core.testing import make_company_user

    p = places()
    if company:
        user = make_company_user(f"menu_{role}_co", role, p.county, [p.village])
    else:
        user = make_user(f"menu_{role}_{level}", role, getattr(p, level))
    client = signed_in(user)
    links = _menu_links(client)
    assert links
    assert [(url, client.get(url).status_code) for url in links] == [(url, 200) for url in links]
    assert ("/accounts/users/" in links) is (role == "admin")


def test_headings_keep_a_name_that_sets_its_own_case() -> None:
    from renju.core.ledgers.registry import heading

    assert [heading(s) for s in ("residence", "pH", "COD", "户主", "")] == [
        "Residence",
        "pH",
        "COD",
        "户主",
        "",
    ]


def test_a_month_reads_as_a_month_in_lists_and_details() -> None:
    import datetime

    from django.utils import translation

    from renju.core.formats import month_label
    from renju.core.ledgers import get_ledger

    with translation.override("zh-hans"):
        assert month_label(datetime.date(2026, 11, 1)) == "2026年11月"
    with translation.override("en"):
        assert month_label(datetime.date(2026, 11, 1)) == "November 2026"

    class Wage:
        month = datetime.date(2026, 11, 1)

    with translation.override("zh-hans"):
        assert get_ledger("cleaner-wages").mask(Wage(), "month") == "2026年11月"


def test_dates_of_things_done_are_today_at_the_latest() -> None:
    import datetime

    from django.utils import timezone

    from renju.plans.forms import MilestoneForm
    from renju.toilets.retrofit_views import StepForm
    from renju.water.forms import SurveyForm

    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    for day, ok in ((today, True), (tomorrow, False)):
        built = StepForm({"on": day.isoformat()}, step="build")
        assert built.is_valid() is ok, built.errors
        milestone = MilestoneForm(
            {"name": "验收", "due_date": day.isoformat(), "done_date": day.isoformat()}
        )
        assert ("done_date" in milestone.errors) is not ok
        survey = SurveyForm(
            {"surveyed_on": day.isoformat(), "respondents": "10", "judged_black_odorous": "2"}
        )
        assert ("surveyed_on" in survey.errors) is not ok


def test_counts_and_amounts_read_grouped_in_english_and_years_never() -> None:
    from decimal import Decimal

    from django.utils import translation

    from renju.core.formats import readable_number

    with translation.override("en"):
        assert readable_number(1089493) == "1,089,493"
        assert readable_number(Decimal("4679000.00")) == "4,679,000.00"
        assert readable_number(2026) == 2026  # a year, or any number under five digits
        assert readable_number(True) is True and readable_number("371502") == "371502"
    with translation.override("zh-hans"):  # grouped too (renju/formats), as the PDF reports
        assert readable_number(1089493) == "1,089,493"


def test_large_numbers_are_grouped_by_thousands_in_chinese_too() -> None:
    """Django's 简体中文 formats leave them whole: "230692700 元" on the funds page."""
    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.template.defaultfilters import floatformat
    from django.utils import translation

    with translation.override("zh-hans"):
        assert intcomma(230692700) == "230,692,700"
        assert floatformat(45115497.0, "0g") == "45,115,497"
        assert floatformat(1234.5, 1) == "1234.5"  # grouped only where a page asks for it
