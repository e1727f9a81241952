"""一厕一码 end to end in a real Chromium: from the printed label to the rated pump-out.

A town official prints the label sheet of a village the county's pump-out company serves and
reads the first toilet's code off the PDF (``pdftotext``); a villager on a phone opens
``/t/<code>`` and taps 满了需抽; the company's dispatcher accepts the case in her queue and
dispatches it to the crew member, who starts and completes the pump-out on his phone (photo,
2.5 m³, reused by a cooperative of the county); the villager confirms and rates it 5 stars on
the status page; the toilet's page shows today's pump-out and the county's supervision page
counts the case as on time. Screenshots: ``var/screenshots/journey-*.png``.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import formats, timezone, translation
from PIL import Image

from renju.accounts.demo import DEFAULT_DEMO_PASSWORD, DEMO_COUNTY
from renju.accounts.models import Organisation, User
from renju.cases.choices import OPEN_STATES, State
from renju.cases.models import Case, CasePhoto
from renju.cases.routing import route
from renju.regions.choices import Level
from renju.regions.models import Region
from renju.toilets import labels, supervision
from renju.toilets.cases import TOILET_FULL
from renju.toilets.choices import SludgeDestination
from renju.toilets.models import HouseholdToilet, PumpOut
from renju.toilets.pumpouts import receiving_organisations

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_db")]

PUMP_COMPANY = f"DEMO-{DEMO_COUNTY}-PUMP"
PC = {"viewport": {"width": 1366, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
# The code printed readably on a label: "ABCDE FGHIJ" (Crockford base 32, in two groups).
READABLE_CODE = re.compile(r"(?<![0-9A-Z])([0-9A-Z]{5}) ([0-9A-Z]{5})(?![0-9A-Z])")

Page = Any


@pytest.fixture
def shots() -> Path:
    path = Path(settings.VAR_DIR) / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def shoot(page: Page, shots: Path, name: str) -> None:
    page.screenshot(path=str(shots / f"journey-{name}.png"), full_page=True)


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEFAULT_DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button")
    assert "/accounts/login/" not in page.url, page.locator(
        "[data-testid=login-error]"
    ).all_inner_texts()


def jpeg_bytes(tmp_path: Path) -> Path:
    path = tmp_path / "pumpout.jpg"
    image = Image.new("RGB", (320, 240), (90, 110, 60))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    path.write_bytes(buffer.getvalue())
    return path


def labelled_village(official: User, company: Organisation) -> tuple[Region, HouseholdToilet]:
    """A village in the official's area served by the company, and the first toilet on its
    label sheet, which has no "toilet full" case in progress (its report opens a new case)."""
    grant = official.grants.select_related("region").first()
    assert grant is not None
    villages = Region.objects.current().filter(
        grant.region.scope_filter_for_regions(), level=Level.VILLAGE
    )
    for village in villages.order_by("code"):
        first = labels.label_queryset(official, village).first()
        if first is None or route(TOILET_FULL, village) != company:
            continue
        busy = Case.objects.filter(
            subject_type="toilets.householdtoilet",
            subject_id=first.pk,
            category=TOILET_FULL.key,
            state__in=OPEN_STATES,
        )
        if not busy.exists():
            return village, first
    raise AssertionError(f"no village of {grant.region} with labels served by {company}")


def first_page_text(pdf: Path) -> str:
    """The text of the label sheet's first page, laid out as printed."""
    return subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
        timeout=30,
    ).stdout.decode()


def first_code(text: str) -> str:
    """The first readable toilet code in the text (the top left label's)."""
    match = READABLE_CODE.search(text)
    assert match, f"no toilet code in the PDF text: {text[:500]!r}"
    return match.group(1) + match.group(2)


def find_row(page: Page, base: str, path: str, selector: str) -> Any:
    """The element ``selector`` on the paged list at ``path`` (looks through up to 20 pages)."""
    for number in range(1, 21):
        page.goto(f"{base}{path}?page={number}")
        row = page.locator(selector)
        if row.count():
            return row
        if not page.locator(f"a[href*='page={number + 1}']").count():
            break
    raise AssertionError(f"{selector} not on {path}")


def supervision_row(page: Page, company: str, county: str) -> list[str]:
    rows: list[list[str]] = page.eval_on_selector_all(
        "[data-testid=supervision-table] tbody tr",
        "rows => rows.map(r => Array.from(r.cells, c => c.innerText.trim()))",
    )
    for row in rows:
        if row[:2] == [company, county]:
            return row
    raise AssertionError(f"no row for {company} · {county}: {rows}")


def pct(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator * 100:.1f}%"


def test_label_to_rated_pumpout(
    live_server: Any, new_page: Callable[..., Page], shots: Path, tmp_path: Path
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    base = live_server.url
    company = Organisation.objects.get(code=PUMP_COMPANY)
    official = User.objects.get(username="town_officer")
    county_official = User.objects.get(username="county_officer")
    worker = User.objects.get(username="company_worker")
    village, expected = labelled_village(official, company)
    county = Region.objects.get(code=DEMO_COUNTY)
    period = supervision.Period.last_days(90)

    def figures() -> supervision.CompanyFigures:
        rows = supervision.company_figures(county_official, period, county)
        found = [r for r in rows if r.company_id == company.pk]
        return found[0] if found else supervision.CompanyFigures(company.pk, "", county.pk, "")

    before = figures()

    # 1. The town official makes the village's label sheet and downloads it.
    office = new_page(**PC)
    sign_in(office, base, "town_officer")
    office.goto(f"{base}/toilets/labels/")
    office.fill("#id_region", village.code)
    with office.expect_navigation():
        office.click("[data-testid=labels-form] button")
    download_link = office.locator("[data-testid=download]")
    download_link.wait_for(timeout=30_000)
    shoot(office, shots, "01-labels-ready")
    # The link's file, fetched with the official's session (bounded, unlike a browser download).
    href = download_link.get_attribute("href")
    assert href
    response = office.context.request.get(f"{base}{href}", timeout=60_000)
    assert response.ok, response.status
    assert ".pdf" in response.headers.get("content-disposition", "")
    pdf = tmp_path / "labels.pdf"
    pdf.write_bytes(response.body())
    assert pdf.read_bytes().startswith(b"%PDF")
    text = first_page_text(pdf)
    code = first_code(text)
    assert code == expected.qr_code, (code, expected.qr_code)
    # The label also names the village and gives the company's phone, in Chinese.
    assert village.name in text and "扫码报修：满了需抽" in text, text[:500]
    assert not company.phone or f"抽厕电话：{company.phone}" in text, text[:500]
    office.context.close()  # each desk closes when done: fewer pages open in one Chromium

    # 2. The villager scans it on a phone and taps 满了需抽.
    phone = new_page(**PHONE)
    phone.goto(f"{base}/t/{code}")
    assert phone.locator("[data-testid=village]").inner_text().endswith(village.name)
    shoot(phone, shots, "02-toilet-page")
    with phone.expect_navigation():
        phone.click("[data-testid=report-full]")
    assert "/t/c/" in phone.url
    status_url = phone.url
    case = Case.objects.get(reporter_token=status_url.rsplit("/", 1)[1])
    assert case.subject_id == expected.pk and case.category == TOILET_FULL.key
    assert case.assigned_org_id == company.pk and case.state == State.ASSIGNED
    assert case.deadline is not None
    assert phone.locator("[data-testid=case-code]").inner_text() == case.code
    with translation.override("zh-hans"):
        promised = formats.date_format(timezone.localtime(case.deadline), "DATETIME_FORMAT")
    assert phone.locator("[data-testid=deadline]").inner_text() == promised
    shoot(phone, shots, "03-reported")

    # 3. The company's dispatcher accepts the case and dispatches it to the crew member.
    desk = new_page(**PC)
    sign_in(desk, base, "company_dispatcher")
    row_selector = f"[data-testid=queue-row][data-code='{case.code}']"
    row = find_row(desk, base, "/cases/queue/", row_selector)
    shoot(desk, shots, "04-queue")
    with desk.expect_navigation():
        row.locator("form[action$='/accept/'] button").click()
    assert "/cases/queue/" in desk.url
    row = find_row(desk, base, "/cases/queue/", row_selector)
    row.locator("select[name=crew_member]").select_option(str(worker.pk))
    with desk.expect_navigation():
        row.locator("form[action$='/dispatch/'] button").click()
    case.refresh_from_db()
    assert (case.state, case.assignee_id) == (State.ACCEPTED, worker.pk), case.state
    assert desk.locator(".alert-success").count()
    row = find_row(desk, base, "/cases/queue/", row_selector)
    assert str(worker) in row.inner_text()  # the queue shows who has the job
    desk.context.close()

    # 4. The crew member, on his phone, starts the job and records the pump-out.
    crew = new_page(**PHONE)
    sign_in(crew, base, "company_worker")
    crew.goto(f"{base}/cases/my/")
    job = crew.locator(f"[data-testid=job][data-code='{case.code}']")
    assert job.count() == 1
    shoot(crew, shots, "05-my-jobs")
    with crew.expect_navigation():
        job.locator("[data-testid=job-start]").click()
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS
    job = crew.locator(f"[data-testid=job][data-code='{case.code}']")
    with crew.expect_navigation():
        job.locator("[data-testid=job-complete]").click()
    assert crew.url.endswith(f"/toilets/pumpout/{case.pk}/")
    crew.fill("#id_volume", "2.5")
    cooperative = receiving_organisations(case).first()
    if cooperative is not None:
        crew.select_option("#id_destination", SludgeDestination.REUSE)
        crew.select_option("#id_destination_org", str(cooperative.pk))
    else:
        crew.select_option("#id_destination", SludgeDestination.TREATMENT)
        crew.fill("#id_site", "东昌府区污水处理厂")
    crew.set_input_files("#id_photos", str(jpeg_bytes(tmp_path)))
    shoot(crew, shots, "06-pumpout-form")
    with crew.expect_navigation():
        crew.click("[data-testid=pumpout-submit]")
    assert crew.url.endswith("/cases/my/"), crew.url
    assert crew.locator(".alert-success").count()
    assert not crew.locator(f"[data-testid=job][data-code='{case.code}']").count()
    case.refresh_from_db()
    assert case.state == State.RESOLVED
    pumpout = PumpOut.objects.get(case=case)
    assert pumpout.volume == Decimal("2.5") and pumpout.company_id == company.pk
    if cooperative is not None:
        assert pumpout.destination == SludgeDestination.REUSE
        assert pumpout.destination_org_id == cooperative.pk
    assert CasePhoto.objects.filter(case=case).count() == 1
    crew.context.close()

    # 5. Back on the villager's status page: confirm and rate 5 stars.
    phone.goto(status_url)
    assert phone.locator(".public-steps li.done").count() == 4
    phone.click("[data-testid=star-5]")
    phone.fill("textarea[name=comment]", "抽得干净，很及时")
    shoot(phone, shots, "07-rate")
    with phone.expect_navigation():
        phone.click("[data-testid=confirm]")
    assert phone.locator(".public-steps li.done").count() == 5
    shoot(phone, shots, "08-confirmed")
    case.refresh_from_db()
    assert (case.state, case.rating) == (State.CONFIRMED, 5)

    # 6. The toilet's page and the ledger: pumped out today.
    today = timezone.localdate()
    expected.refresh_from_db()
    assert expected.last_pumpout == today
    phone.goto(f"{base}/t/{code}")
    with translation.override("zh-hans"):
        shown = formats.date_format(today, "DATE_FORMAT")
    assert phone.locator("[data-testid=last-pumpout]").inner_text() == shown
    shoot(phone, shots, "09-toilet-after")

    # 7. The county's supervision page counts the case, resolved on time.
    after = figures()
    assert (after.cases, after.resolved, after.on_time) == (
        before.cases + 1,
        before.resolved + 1,
        before.on_time + 1,
    )
    assert after.rated == before.rated + 1
    county_desk = new_page(**PC)
    sign_in(county_desk, base, "county_officer")
    county_desk.goto(f"{base}/toilets/supervision/?county={DEMO_COUNTY}")
    row_cells = supervision_row(county_desk, company.name, county.name)
    on_time = pct(after.on_time, after.resolved)
    assert row_cells[2:5] == [str(after.cases), str(after.resolved), on_time], row_cells
    county_desk.wait_for_selector("#supervision-chart canvas")
    county_desk.wait_for_timeout(1500)  # ECharts grows the bars for a second
    shoot(county_desk, shots, "10-supervision")

    for photo in CasePhoto.objects.filter(case=case):
        photo.image.delete(save=False)
