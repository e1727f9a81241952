"""The main journey in a browser: the county's chain, a town's chain, a full crop-vine point."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from renju.accounts.demo import DEFAULT_DEMO_PASSWORD, DEMO_COUNTY
from renju.cases.models import Case
from renju.regions.choices import Level
from renju.regions.models import Region

from ..models import CropVinePoint

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_db")]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_county_officer_follows_the_chain_and_reports_a_full_vine_point(
    live_server: Any, request: Any
) -> None:
    make_page: Callable[..., Any] = request.getfixturevalue("new_page")
    village = (
        Region.objects.current()
        .filter(county__code=DEMO_COUNTY, level=Level.VILLAGE)
        .order_by("code")
        .first()
    )
    assert village is not None
    point = CropVinePoint.objects.create(
        code="T-JRN-GY", name="旅程瓜秧点", region=village, capacity_t=30
    )
    page = make_page(**PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "county_officer")
    page.fill("#id_password", DEFAULT_DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button")

    page.goto(f"{live_server.url}/waste/chain/")
    assert page.locator("[data-testid=harmless-rate]").inner_text().endswith("%")
    assert page.locator("[data-testid=chain-villages] tbody tr").count() > 10
    with page.expect_navigation():
        page.locator("a.badge").first.click()  # the county's first town
    assert "region=" in page.url
    assert page.locator("[data-testid=chain-stations] tbody tr").count() >= 1

    page.goto(f"{live_server.url}/waste/vines/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    row = page.locator(f"[data-testid=vine-{point.code}]")
    row.locator("input[name=level]").fill("85")
    with page.expect_navigation():
        row.locator(f"[data-testid=vine-report-{point.code}]").click()
    case = Case.objects.get(category="waste.crop_vine_full", subject_id=point.pk)
    assert case.code in page.locator(".alert").first.inner_text()
    assert page.locator(f"[data-testid=vine-{point.code}] a").inner_text() == case.code


def test_village_cadre_records_a_collection_on_a_phone(live_server: Any, request: Any) -> None:
    """The phone form: the cadre's village is preset; a double tap still records one row."""
    from renju.accounts.models import User

    from ..models import Collection, CollectionPoint

    make_page: Callable[..., Any] = request.getfixturevalue("new_page")
    user = User.objects.get(username="village_grid")
    village = user.grants.get().region
    page = make_page(**PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "village_grid")
    page.fill("#id_password", DEFAULT_DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button")

    page.goto(f"{live_server.url}/waste/collections/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The date picker shows today (an ISO value the browser keeps, in Chinese too).
    assert page.input_value("#id_collected_on") == timezone.localdate().isoformat()
    before = Collection.objects.filter(region=village).count()
    page.fill("#id_collected_on", "2020-03-03")
    page.fill("#id_weight_kg", "365")
    with page.expect_navigation():
        page.locator("[data-testid=record-save]").dblclick()
    rows = Collection.objects.filter(region=village, collected_on="2020-03-03")
    assert rows.count() == 1 and Collection.objects.filter(region=village).count() == before + 1
    row = rows.get()
    assert row.code == f"{village.code}20030301" and row.weight_kg == 365
    assert row.code in page.locator(".alert").first.inner_text()
    assert row.code in page.locator("[data-testid=record-recent]").inner_text()

    # A collection point's page fits the phone too.
    point = CollectionPoint.objects.restrict(user).first()
    assert point is not None
    page.goto(f"{live_server.url}/waste/points/{point.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
