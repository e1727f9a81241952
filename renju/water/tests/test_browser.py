"""The main journey of the dynamic list in a real Chromium, on a PC and a phone.

A county official finds a newly identified pond on the supervision list of her county, gives
it a dredging measure with its project and starts its remediation in a batch; a clean sample
entered through the sample ledger lets her declare it remediated and put it under
observation; a villager's complaint recorded on a phone marks it relapsed (返黑返臭), back on
the list; the export of the list holds it in the page's layout.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from renju.accounts.demo import DEFAULT_DEMO_PASSWORD, DEMO_COUNTY
from renju.regions.choices import Level
from renju.regions.models import Region
from renju.water import thresholds
from renju.water.choices import BodyState
from renju.water.models import WaterBody

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_db")]
PC = {"viewport": {"width": 1366, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
Page = Any


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEFAULT_DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button")
    assert "/accounts/login/" not in page.url


def test_identified_to_relapsed(live_server: Any, new_page: Callable[..., Page]) -> None:
    from renju.plans.models import Project

    thresholds.ensure_default_sets()
    county = Region.objects.current().get(code=DEMO_COUNTY)
    village = (
        Region.objects.current().filter(county=county, level=Level.VILLAGE).order_by("code").first()
    )
    assert village is not None
    body = WaterBody(code="HC-JOURNEY-01", name="旅程测试坑塘", region=village, kind="pond")
    body.save()
    project = Project.objects.create(
        code="XM-JOURNEY-W",
        region=county,
        name="旅程黑臭水体整治项目",
        domain="water",
        lead_department="ecology",
        budget=800_000,
    )
    base = live_server.url

    desk = new_page(**PC)
    sign_in(desk, base, "county_officer")
    desk.goto(f"{base}/water/?county={DEMO_COUNTY}&state=on_list&q=HC-JOURNEY")
    desk.locator("[data-testid=water-table] a", has_text=body.code).click()
    assert desk.locator("[data-testid=body-state]").inner_text().strip()

    desk.select_option("#id_measure", "dredging")
    desk.select_option("#id_project", project.code)
    with desk.expect_navigation():
        desk.click("[data-testid=measure-form] button")
    assert project.code in desk.locator("[data-testid=measures]").inner_text()

    desk.fill("[data-testid=step-start] input[name=batch]", "2026年第三批")
    with desk.expect_navigation():
        desk.click("[data-testid=step-start] button")
    body.refresh_from_db()
    assert (body.state, body.batch) == (BodyState.IN_REMEDIATION, "2026年第三批")

    desk.goto(f"{base}/ledgers/water-samples/add/")
    desk.fill("#id_code", "HC-JOURNEY-01-S1")
    desk.select_option("#id_water_body", str(body.pk))
    desk.fill("#id_region", village.code)
    desk.fill("#id_sampled_on", timezone.localdate().isoformat())
    desk.fill("#id_point", "1号点")
    desk.fill("#id_transparency_cm", "45")
    desk.fill("#id_depth_cm", "120")
    desk.fill("#id_do_mg_l", "4.5")
    desk.fill("#id_nh3n_mg_l", "2.1")
    with desk.expect_navigation():
        desk.click("main form button.btn-primary")
    assert "/add/" not in desk.url

    desk.goto(f"{base}/water/{body.pk}/")
    assert "45" in desk.locator("[data-testid=samples]").inner_text()
    with desk.expect_navigation():
        desk.click("[data-testid=step-complete] button")
    with desk.expect_navigation():
        desk.click("[data-testid=step-observe] button")
    body.refresh_from_db()
    assert body.state == BodyState.OBSERVATION

    phone = new_page(**PHONE)
    sign_in(phone, base, "county_officer")
    phone.goto(f"{base}/water/{body.pk}/")
    phone.fill("[data-testid=complaint-form] textarea", "坑塘又发黑发臭了")
    with phone.expect_navigation():
        phone.click("[data-testid=complaint-form] button")
    body.refresh_from_db()
    assert (body.state, body.relapse_count) == (BodyState.RELAPSED, 1)
    badge = phone.locator("[data-testid=body-state]").inner_text()
    assert badge.strip() in {"relapsed", str(BodyState.RELAPSED.label), "返黑返臭"}

    with desk.expect_download() as download:
        desk.goto(f"{base}/water/?county={DEMO_COUNTY}&q=HC-JOURNEY")
        desk.click("[data-testid=export-xlsx]")
    from python_calamine import CalamineWorkbook

    path = download.value.path()
    with open(path, "rb") as f:
        rows = CalamineWorkbook.from_filelike(io.BytesIO(f.read())).get_sheet_by_index(0)
    table = rows.to_python()
    assert len(table) == 2 and table[1][0] == body.code and project.code in str(table[1][13])
