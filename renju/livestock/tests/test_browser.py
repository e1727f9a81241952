"""The main journey in a real Chromium: the city sets a coefficient, a county official reads
her county's manure utilisation, goes down to a town and opens a farm below the target.

Screenshots: ``var/screenshots/livestock-*.png``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from renju.accounts.demo import DEFAULT_DEMO_PASSWORD, DEMO_COUNTY
from renju.core.models import AuditEvent

from ..choices import Species
from ..models import ManureCoefficient

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_db")]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEFAULT_DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button")
    assert "/accounts/login/" not in page.url


def test_manure_journey(live_server: Any, request: Any) -> None:
    make_page: Callable[..., Any] = request.getfixturevalue("new_page")
    shots = Path(settings.VAR_DIR) / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    # The city's officer checks the pig coefficient against the census and saves it.
    city = make_page(viewport={"width": 1366, "height": 900})
    sign_in(city, base, "city_officer")
    city.goto(f"{base}/livestock/coefficients/")
    assert city.locator("[data-testid=coefficients-table] tr[data-species=pig]").count() == 1
    with city.expect_navigation():
        city.click("tr[data-species=pig] a")
    city.fill("#id_urine_kg", "3.5")
    city.check("#id_verified")
    with city.expect_navigation():
        city.click("main form button")
    row = ManureCoefficient.objects.get(species=Species.PIG)
    assert str(row.urine_kg) == "3.500" and row.verified
    assert AuditEvent.objects.filter(object_type="livestock.manurecoefficient").count() == 1
    assert "3.500" in city.locator("tr[data-species=pig]").inner_text()

    # A county official on her phone: the county by town, with the chart.
    phone = make_page(**PHONE)
    sign_in(phone, base, "county_viewer")
    phone.goto(f"{base}/livestock/?region={DEMO_COUNTY}")
    phone.wait_for_selector("[data-testid=manure-chart] canvas")
    assert "%" in phone.locator("[data-testid=total-rate]").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400  # no sideways scroll
    phone.screenshot(path=str(shots / "livestock-county.png"), full_page=True)
    towns = phone.locator("[data-testid=child-table] tbody tr[data-code]")
    assert towns.count() >= 1
    # Down to the town of the first farm below the target, then that farm's ledger page.
    below = phone.locator("[data-testid=farms-below] tbody tr[data-code]")
    if below.count():
        code = below.first.get_attribute("data-code")
        town_code = code[:9]
        with phone.expect_navigation():
            phone.click(f"[data-testid=child-table] tr[data-code='{town_code}'] a")
        assert phone.locator(f"[data-testid=farms-below] tr[data-code='{code}']").count() == 1
        with phone.expect_navigation():
            phone.click(f"[data-testid=farms-below] tr[data-code='{code}'] a")
        assert code in phone.content()
    else:  # pragma: no cover - the demo always has farms below the target in the county
        pytest.fail("no farm below the target in the demo county")
    phone.screenshot(path=str(shots / "livestock-farm.png"), full_page=True)
