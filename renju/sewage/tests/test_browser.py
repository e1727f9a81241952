"""The main journey in a real browser: a county officer opens the sewage overview, goes to the
untreated villages by priority, opens the first one, overrides the recommendation with a
reason and sees the decision recorded."""

from __future__ import annotations

from typing import Any

import pytest

from renju.accounts.demo import DEFAULT_DEMO_PASSWORD
from renju.sewage.models import ModeDecision

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_db")]


def test_officer_overrides_a_recommendation(live_server: Any, new_page: Any):
    base = live_server.url
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "county_officer")
    page.fill("#id_password", DEFAULT_DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button")
    page.goto(f"{base}/sewage/")
    assert page.locator("[data-testid=village-rate]").inner_text().strip().endswith("%")
    with page.expect_navigation():
        page.click("[data-testid=nav-priorities]")
    link = page.locator("[data-testid=village-link]").first
    name = link.inner_text().strip()
    with page.expect_navigation():
        link.click()
    recommended = page.locator("[data-testid=recommended-mode]").inner_text().strip()
    options = page.locator("#mode option")
    values = [options.nth(i).get_attribute("value") for i in range(options.count())]
    current = page.locator("#mode").input_value()
    other = next(v for v in values if v != current)
    page.select_option("#mode", other)
    page.fill("#reason", "村民意愿")
    with page.expect_navigation():
        page.click("[data-testid=decide-form] button")
    decision = ModeDecision.objects.order_by("-pk").first()
    assert decision is not None
    assert decision.chosen_mode == other and decision.reason == "村民意愿"
    assert decision.region.name == name and recommended
