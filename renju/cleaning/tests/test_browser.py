"""One phone-sized browser journey: a town officer inspects a village and re-checks a finding."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from PIL import Image

from renju.accounts.demo import DEFAULT_DEMO_PASSWORD
from renju.regions.choices import Kind, Level
from renju.regions.models import Region

from ..choices import FindingStatus
from ..demo import demo_town_of
from ..models import Finding, Inspection

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "brown").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.browser
@pytest.mark.usefixtures("demo_db")
def test_phone_inspection_with_photo_and_recheck(live_server: Any, request: Any) -> None:
    make_page: Callable[..., Any] = request.getfixturevalue("new_page")
    shots = Path(settings.VAR_DIR) / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    town = demo_town_of("3715")
    assert town is not None
    village = (
        Region.objects.current()
        .filter(parent=town, level=Level.VILLAGE, kind=Kind.VILLAGE_COMMITTEE)
        .order_by("code")
        .first()
    )
    assert village is not None
    open_before = list(Finding.objects.filter(village=village, status=FindingStatus.OPEN))
    page = make_page(**PHONE)
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "town_officer")
    page.fill("#id_password", DEFAULT_DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button")
    page.goto(f"{base}/cleaning/inspect/")
    page.fill("input[name=village]", village.code)
    with page.expect_navigation():
        page.click("[data-testid=start-inspection]")
    assert page.url.endswith(f"/cleaning/inspect/{village.code}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    first_item = page.locator("[data-testid^=item-]").first
    first_item.locator("input[type=checkbox]").check()
    first_item.locator("input[type=text]").fill("村口柴草堆")
    first_item.locator("input[type=file]").set_input_files(
        files=[{"name": "heap.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    if open_before:
        page.locator(f"[data-testid=recheck-{open_before[0].code}] select").select_option("yes")
    page.screenshot(path=str(shots / "cleaning-inspection.png"), full_page=True)
    with page.expect_navigation():
        page.click("[data-testid=save-inspection]")
    assert "/cleaning/inspections/" in page.url, page.locator(
        ".invalid-feedback, .alert"
    ).all_inner_texts()
    inspection = Inspection.objects.filter(village=village, is_simulated=False).latest("pk")
    assert page.locator("[data-testid=score]").inner_text() == str(inspection.score)
    assert inspection.finding_count == 1
    finding = Finding.objects.get(inspection=inspection)
    assert finding.case is not None and finding.photo
    assert finding.case.code in page.locator("[data-testid=findings]").inner_text()
    if open_before:
        assert Finding.objects.get(pk=open_before[0].pk).status == FindingStatus.RECTIFIED
    page.screenshot(path=str(shots / "cleaning-inspection-saved.png"), full_page=True)
