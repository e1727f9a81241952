"""The foundation's user journey in a real Chromium: sign in, drill down, list, search, export.

Each test signs in through the login form of a live server, as one of the demo users the root
conftest seeds (password ``renju-demo-2026``), and leaves a screenshot of each step under
``var/screenshots/`` for a human to look at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from renju.accounts.demo import DEFAULT_DEMO_PASSWORD, DEMO_COUNTY, OTHER_COUNTY

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_db")]

PC = {"viewport": {"width": 1366, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
XLSX_HEADERS = ["户编码", "所属区划", "户主姓名", "联系电话", "家庭人口", "居住状态", "低收入户"]
MASKED_PHONE = re.compile(r"^\d{3}\*+\d{4}$")

Page = Any
NewPage = Callable[..., Page]


@pytest.fixture(scope="module")
def shots() -> Path:
    path = Path(settings.VAR_DIR) / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def shoot(page: Page, shots: Path, name: str) -> None:
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEFAULT_DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button")
    assert "/accounts/login/" not in page.url, page.locator(
        "[data-testid=login-error]"
    ).all_inner_texts()


def number(text: str) -> int:
    return int(re.sub(r"\D", "", text) or 0)


def busiest_child(page: Page) -> str:
    """The code of the child region (in the home page's table) with the most households."""
    counts: list[list[Any]] = page.eval_on_selector_all(
        "a[data-testid^=drill-]",
        "links => links.map(a => [a.dataset.testid.slice(6), a.closest('tr').cells[1].innerText])",
    )
    assert counts, "the home page lists no child regions"
    code, households = max(counts, key=lambda c: number(c[1]))
    assert number(households) > 0
    return str(code)


def table_rows(page: Page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "[data-testid=ledger-table] tbody tr",
        "rows => rows.map(r => Array.from(r.cells, c => c.innerText.trim()))",
    )


def wait_for_rows(page: Page, check: Callable[[list[list[str]]], bool]) -> list[list[str]]:
    """Waits (htmx swaps the table) until the rows pass ``check``; returns them."""
    for _ in range(50):
        rows = table_rows(page)
        if check(rows):
            return rows
        page.wait_for_timeout(100)
    raise AssertionError(f"table never matched; last rows: {table_rows(page)[:3]}")


def no_body_overflow(page: Page) -> bool:
    """The page is no wider than the screen (wide tables scroll inside .table-responsive).

    Compared with the viewport we asked for, not only ``window.innerWidth``: a mobile browser
    zooms out to fit overflowing content, and ``innerWidth`` grows with it.
    """
    return bool(
        page.evaluate(
            "w => document.documentElement.scrollWidth <= Math.min(w, window.innerWidth) + 1",
            page.viewport_size["width"],
        )
    )


def wide_elements(page: Page) -> list[str]:
    """Elements sticking out of the screen, outside horizontally scrolling tables."""
    return page.evaluate(
        """w => Array.from(document.querySelectorAll('body *'))
            .filter(e => !e.closest('.table-responsive, .dropdown-menu'))
            .filter(e => e.getBoundingClientRect().right > w + 1)
            .map(e => e.tagName + '.' + e.className)""",
        page.viewport_size["width"],
    )


def test_county_admin_drills_down_lists_searches_and_exports(
    live_server: Any, new_page: NewPage, shots: Path, tmp_path: Path
) -> None:
    from python_calamine import CalamineWorkbook

    page = new_page(**PC)
    sign_in(page, live_server.url, "county_admin")

    # Home: the county the admin sits in, with its households counted.
    assert page.locator("h1").inner_text() == "东昌府区"
    assert number(page.inner_text("[data-testid=household-count]")) > 0
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.wait_for_selector("#map .leaflet-interactive")  # county boundaries drawn
    shoot(page, shots, "01-county-home")

    # Drill down: county → town → village, through the children table.
    town = busiest_child(page)
    assert town.startswith(DEMO_COUNTY)
    page.click(f"[data-testid=drill-{town}]")
    page.wait_for_url(f"**/r/{town}/")
    town_name = page.locator("h1").inner_text()
    assert town_name.endswith(("镇", "街道", "乡")), town_name
    village = busiest_child(page)
    assert village.startswith(town[:9])
    page.click(f"[data-testid=drill-{village}]")
    page.wait_for_url(f"**/r/{village}/")
    crumbs = page.inner_text(".region-crumbs")
    assert "东昌府区" in crumbs and town_name in crumbs
    shoot(page, shots, "02-village-home")

    # The village's household ledger: masked names and phones.
    page.click("[data-testid=region-households]")
    page.wait_for_url(f"**/ledgers/households/?region={village}")
    rows = table_rows(page)
    assert rows and rows[0][0] != "没有符合条件的记录。"
    assert all(row[0].startswith(village) for row in rows)
    assert all("*" in row[2] for row in rows), [row[2] for row in rows]
    phones = [row[3] for row in rows if row[3] not in ("", "—")]
    assert phones and all(MASKED_PHONE.match(p) for p in phones), phones
    shoot(page, shots, "03-village-households")

    # Search by a household code (htmx swaps the table as one types).
    wanted = rows[-1][0]
    page.locator("input[name=q]").press_sequentially(wanted, delay=20)
    found = wait_for_rows(page, lambda r: len(r) == 1)
    assert found[0][0] == wanted
    assert f"q={wanted}" in page.url  # hx-push-url keeps the address shareable

    # Filter by residence instead, and check every row has it.
    page.fill("input[name=q]", "")
    wait_for_rows(page, lambda r: r == rows)
    status = page.locator("select[name=status]")
    option = status.locator("option").nth(1)
    label = option.inner_text()
    status.select_option(option.get_attribute("value"))
    filtered = wait_for_rows(
        page, lambda r: all(row[5] == label for row in r) or r[0][0] == "没有符合条件的记录。"
    )
    shoot(page, shots, "04-village-households-filtered")

    # Export what is shown as .xlsx and read it back.
    export = page.locator("[data-testid=export-xlsx]")
    with page.expect_download() as info:
        export.click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert sheet[0] == XLSX_HEADERS
    data = [row for row in sheet[1:] if any(cell not in ("", None) for cell in row)]
    assert data and all(str(row[0]).startswith(village) for row in data)
    status_column = XLSX_HEADERS.index("居住状态")
    if filtered[0][0] != "没有符合条件的记录。":
        # The export follows the filter in force, not the one the page was loaded with.
        assert {row[status_column] for row in data} == {label}, len(data)
        assert len(data) == len(filtered) or len(filtered) >= 50


def test_town_officer_on_a_phone(live_server: Any, new_page: NewPage, shots: Path) -> None:
    page = new_page(**PHONE)
    sign_in(page, live_server.url, "town_officer")
    assert no_body_overflow(page), wide_elements(page)
    shoot(page, shots, "11-phone-home")

    # The navbar is collapsed behind its toggler; open it and go to the households.
    nav_link = page.locator("#nav a[href$='/ledgers/households/']")
    assert not nav_link.is_visible()
    page.click(".navbar-toggler")
    nav_link.wait_for(state="visible")
    page.wait_for_selector("#nav.show:not(.collapsing)")  # the slide-down has ended
    shoot(page, shots, "12-phone-menu")
    nav_link.click()
    page.wait_for_url("**/ledgers/households/")
    rows = table_rows(page)
    assert rows and all("*" in row[2] for row in rows)
    assert no_body_overflow(page), wide_elements(page)
    shoot(page, shots, "13-phone-households")

    # One household: its details, unmasked for an officer who may change it.
    page.locator("[data-testid=ledger-table] tbody tr a").first.click()
    page.wait_for_url(re.compile(r"/ledgers/households/\d+/$"))
    detail_url = page.url
    assert page.locator("h1").inner_text().endswith(rows[0][0])
    assert "*" not in page.inner_text("main dl")
    assert no_body_overflow(page), wide_elements(page)
    shoot(page, shots, "14-phone-household")

    # Its history (seeded households may have none of their own); an edit on the phone adds one.
    before = number(page.inner_text("[data-testid=history-tab] .badge"))
    page.click("[data-testid=history-tab]")
    page.wait_for_url("**/?tab=history")
    assert page.locator("[data-testid=events] tbody tr").count() == max(before, 1)
    page.goto(detail_url)
    page.click("main a[href$='/edit/']")
    members = page.locator("#id_members")
    new_members = "9" if members.input_value() != "9" else "8"
    members.fill(new_members)
    assert no_body_overflow(page), wide_elements(page)
    with page.expect_navigation():
        page.click("main form button.btn-primary")
    assert page.url == detail_url
    assert "已保存" in page.inner_text(".alert-success")
    page.click("[data-testid=history-tab]")
    page.wait_for_url("**/?tab=history")
    events = page.locator("[data-testid=events] tbody tr")
    assert events.count() == before + 1
    event = events.first.inner_text()  # newest first
    assert "town_officer" in event and "更新" in event and f"→ {new_members}" in event, event
    assert no_body_overflow(page), wide_elements(page)
    shoot(page, shots, "15-phone-history")


def test_other_county_gets_the_same_404_as_a_missing_row(
    live_server: Any, new_page: NewPage, shots: Path
) -> None:
    from renju.households.models import Household

    inside = Household.objects.filter(county__code=DEMO_COUNTY).order_by("pk").first()
    assert inside is not None
    missing = (Household.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000

    page = new_page(**PC)
    sign_in(page, live_server.url, "county2_admin")
    assert page.locator("h1").inner_text() == "莘县"
    assert OTHER_COUNTY in page.inner_text("main")

    def seen(path: str) -> tuple[int, str]:
        """Status and page, without what differs by request alone: the CSRF tokens and the
        page's own address (the language switch returns to it)."""
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None
        html = re.sub(r"\b[A-Za-z0-9]{64}\b", "", page.content())  # masked CSRF tokens
        return response.status, html.replace(path, "")

    hidden = seen(f"/ledgers/households/{inside.pk}/")
    assert hidden[0] == 404
    assert "该页面不存在，或不在您的管辖范围内" in hidden[1]
    assert hidden == seen(f"/ledgers/households/{missing}/")
    assert inside.code not in hidden[1]
    page.goto(f"{live_server.url}/ledgers/households/{inside.pk}/")
    shoot(page, shots, "31-other-county-404")


def in_view(page: Page, selector: str) -> bool:
    """The element lies inside the window, without scrolling sideways."""
    return bool(
        page.eval_on_selector(
            selector,
            "e => { const r = e.getBoundingClientRect();"
            " return r.left >= 0 && r.right <= window.innerWidth + 1; }",
        )
    )


@pytest.mark.parametrize("width", [1200, 1366])
def test_the_menu_bar_fits_an_office_screen_in_both_languages(
    live_server: Any, new_page: NewPage, shots: Path, width: int
) -> None:
    page = new_page(viewport={"width": width, "height": 800})
    sign_in(page, live_server.url, "county_admin")
    for language in ("en", "zh-hans"):
        if page.locator("html").get_attribute("lang") != language:
            with page.expect_navigation():
                page.click(f"nav button[name=language][value={language}]")
        assert no_body_overflow(page), wide_elements(page)
        assert in_view(page, "[data-testid=user-menu]")
        assert in_view(page, "nav button[name=language]")
        shoot(page, shots, f"22-menu-bar-{language}-{width}")


def test_language_switch(live_server: Any, new_page: NewPage, shots: Path) -> None:
    page = new_page(**PC)
    sign_in(page, live_server.url, "county_admin")
    page.goto(f"{live_server.url}/ledgers/households/")
    assert page.locator("h1").inner_text().strip() == "农户"
    # A filter set in place (htmx changes the address, not the page): the switch keeps it.
    status = page.locator("select[name=status]")
    status.select_option("away")
    page.wait_for_url(re.compile(r"status=away"))

    with page.expect_navigation():
        page.click("nav button[name=language][value=en]")
    assert "/ledgers/households/" in page.url and "status=away" in page.url  # the same page
    assert page.locator("select[name=status]").input_value() == "away"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().strip() == "Households"
    page.click("[data-testid=user-menu]")
    assert page.get_by_role("button", name="Sign out").is_visible()
    shoot(page, shots, "21-english-households")

    with page.expect_navigation():
        page.click("nav button[name=language][value=zh-hans]")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("h1").inner_text().strip() == "农户"
    page.click("[data-testid=user-menu]")
    assert page.get_by_role("button", name="退出").is_visible()


def test_a_double_tapped_save_sends_the_form_once(
    live_server: Any, new_page: NewPage, shots: Path, monkeypatch: Any
) -> None:
    """The shell lets a form go once: the second tap of a double tap, while the first save is
    still on its way, is not a second request (it would have come back as 'this code already
    exists', or made a second row where nothing is unique)."""
    import time

    from renju.accounts.models import User
    from renju.core.ledgers import views as ledger_views
    from renju.core.models import AuditEvent
    from renju.households.models import Household

    posts: list[str] = []
    original = ledger_views.LedgerCreateView.post

    def slow_post(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        posts.append(request.path)
        time.sleep(0.8)  # a slow network or server: the first save is still on its way
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(ledger_views.LedgerCreateView, "post", slow_post)
    officer = User.objects.get(username="village_officer")
    village = officer.grants.get().region
    code = f"{village.code}9876"
    page = new_page(**PHONE)
    sign_in(page, live_server.url, "village_officer")
    page.goto(f"{live_server.url}/ledgers/households/add/")
    page.fill("#id_code", code)
    page.fill("#id_region", village.code)
    page.fill("#id_head_name", "测试户主")
    page.fill("#id_members", "3")
    # Two taps 200 ms apart, the second while the first save is on its way (Playwright's own
    # clicks would wait for the first navigation to end).
    with page.expect_navigation():
        page.eval_on_selector(
            "main form button.btn-primary",
            "b => { b.click(); setTimeout(() => b.click(), 200); }",
        )
    page.wait_for_load_state()
    household = Household.objects.get(code=code)
    assert page.url.endswith(f"/ledgers/households/{household.pk}/"), page.url
    assert len(posts) == 1, posts
    created = AuditEvent.objects.filter(
        action="create", object_type="households.household", object_id=str(household.pk)
    )
    assert created.count() == 1


def test_removing_a_funding_row_asks_first(
    live_server: Any, new_page: NewPage, shots: Path
) -> None:
    from renju.plans.models import Funding, Project

    project = (
        Project.objects.filter(county__code=DEMO_COUNTY, fundings__isnull=False).distinct().first()
    )
    assert project is not None
    page = new_page(**PC)
    sign_in(page, live_server.url, "county_officer")
    page.goto(f"{live_server.url}/plans/projects/{project.pk}/")
    # The new row's inputs say what they are.
    assert page.locator("label[for=id_amount]").count() == 1
    before = Funding.objects.filter(project=project).count()
    delete = page.locator("[data-testid=fundings] form[data-confirm] button").first
    page.once("dialog", lambda dialog: dialog.dismiss())  # "no"
    delete.click()
    page.wait_for_timeout(500)
    assert Funding.objects.filter(project=project).count() == before
    page.once("dialog", lambda dialog: dialog.accept())  # "yes"
    with page.expect_navigation():
        delete.click()
    assert Funding.objects.filter(project=project).count() == before - 1


def test_a_county_project_ticks_villages_found_by_name(
    live_server: Any, new_page: NewPage, shots: Path
) -> None:
    """The villages a county project covers: typed into the filter, ticked, kept with the ones
    ticked before (a multi-select dropped them on a click without Ctrl)."""
    from renju.plans.models import Project
    from renju.regions.models import Region

    project = Project.objects.filter(county__code=DEMO_COUNTY, region__level=3).first()
    assert project is not None
    before = set(project.villages.values_list("pk", flat=True))
    village = (
        Region.objects.current()
        .filter(county=project.region, level=5)
        .exclude(pk__in=before)
        .order_by("-code")
        .first()
    )
    assert village is not None
    page = new_page(**PHONE)
    sign_in(page, live_server.url, "county_officer")
    page.goto(f"{live_server.url}/plans/projects/{project.pk}/")
    ticks = page.locator("[data-checkbox-list]")
    assert ticks.locator("[data-checked-count]").inner_text() == str(len(before))
    ticks.locator("[data-checkbox-filter]").fill(village.name)
    option = ticks.locator(f"input[value='{village.pk}']")
    assert option.is_visible()
    shown = ticks.locator("[data-checkbox-option]:visible").count()
    assert 1 <= shown < ticks.locator("[data-checkbox-option]").count()
    option.check()
    assert ticks.locator("[data-checked-count]").inner_text() == str(len(before) + 1)
    shoot(page, shots, "project-villages-phone")
    with page.expect_navigation():
        ticks.locator("xpath=ancestor::form").locator("button").click()
    assert set(project.villages.values_list("pk", flat=True)) == before | {village.pk}


def test_the_region_picker_says_when_its_units_cannot_be_loaded(
    live_server: Any, new_page: NewPage, shots: Path
) -> None:
    """A unit taken out of the user's scope while her page was open answers 404: the picker
    says so instead of "Loading…" for ever (a tester waited on it)."""
    page = new_page(**PC)
    sign_in(page, live_server.url, "county2_admin")
    page.route("**/children/**", lambda route: route.fulfill(status=404, body="not found"))
    page.click("[data-testid=region-picker]")
    error = page.locator("[data-testid=load-error]")
    error.wait_for()
    assert error.inner_text() == "下级区划未能加载，请刷新页面。"
    shoot(page, shots, "32-picker-load-error")
