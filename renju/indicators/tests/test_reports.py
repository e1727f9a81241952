"""Indicator reports: the Excel table, the PDF with Chinese text and charts, scope, the job."""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone, translation
from python_calamine import CalamineWorkbook

from renju.core import jobs
from renju.core.models import Job
from renju.core.models.audit import AuditAction, AuditEvent
from renju.core.testing import make_user, places
from renju.indicators import engine, reports
from renju.indicators.models import IndicatorValue, PeriodKind
from renju.indicators.registry import indicators
from renju.regions.choices import Level
from renju.regions.models import Region

pytestmark = pytest.mark.django_db
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(autouse=True)
def computed() -> None:
    """This month's values, plus five months of history for the county (for the trend).

    The demo seed computed this month's values already; recompute only when it did not.
    """
    month = engine.period_starts(timezone.localdate())[PeriodKind.MONTH]
    kept = IndicatorValue.objects.filter(period_kind=PeriodKind.MONTH, period_start=month)
    if not kept.exists():
        engine.recompute("3715")
    county = places().county
    rows = []
    for back in range(1, 6):
        start = (month - datetime.timedelta(days=28 * back)).replace(day=1)
        for i, indicator in enumerate(indicators()):
            rows.append(
                IndicatorValue(
                    indicator=indicator.key,
                    region=county,
                    level=Level.COUNTY,
                    period_kind=PeriodKind.MONTH,
                    period_start=start,
                    numerator=60 + 5 * i - 3 * back,
                    denominator=100,
                    computed_at=timezone.now(),
                )
            )
    IndicatorValue.objects.bulk_create(rows, ignore_conflicts=True)


def month() -> datetime.date:
    return engine.period_starts(timezone.localdate())[PeriodKind.MONTH]


def labels() -> dict[str, str]:
    with translation.override(reports.REPORT_LANGUAGE):
        return reports.status_labels()


def build(user: Any, region: Region, fmt: str, villages: bool = False) -> reports.Report:
    request = reports.ReportRequest(region.code, PeriodKind.MONTH, month(), fmt, villages)
    return reports.build(user, request)


def sheet_rows(content: bytes) -> list[list[Any]]:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return [list(r) for r in workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)]


def pdf_pages(content: bytes) -> int:
    return len(re.findall(rb"/Type /Page[^s]", content))


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    assert PDFTOTEXT is not None
    done = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def spy_on_start(monkeypatch: Any) -> list[bool]:
    """Record whether each job the report page starts runs inline or on the queue."""
    calls: list[bool] = []
    original = jobs.start

    def spy(job: Job, inline: bool) -> Job:
        calls.append(inline)
        return original(job, inline)

    monkeypatch.setattr("renju.indicators.report_views.jobs.start", spy)
    return calls


def test_xlsx_header_rows_and_no_data_cells():
    p = places()
    user = make_user("rep_xlsx", "officer", p.county)
    report = build(user, p.county, "xlsx")
    rows = sheet_rows(report.content)
    towns = Region.objects.current().filter(parent=p.county).count()
    assert report.rows == towns + 1
    assert p.county.name in rows[0][0]  # the title row
    with translation.override("zh-hans"):
        from django.utils.translation import gettext as _

        assert rows[2][:3] == [_("code"), _("name"), _("level")]  # merged over 2 rows
        assert rows[3][3:8] == [
            _("value (%(unit)s)") % {"unit": "%"},
            _("numerator"),
            _("denominator"),
            _("target"),
            _("status"),
        ]
        names = [str(i.name) for i in indicators()]
    # The indicator names head groups of five columns: value, numerator, denominator, target,
    # status.
    assert [rows[2][3 + 5 * i] for i in range(len(names))] == names
    body = rows[4:]
    assert len(body) == towns + 1
    assert body[0][0] == p.county.code and body[0][1] == p.county.name
    assert {r[0] for r in body[1:]} == set(
        Region.objects.current().filter(parent=p.county).values_list("code", flat=True)
    )
    # The county has data: a number with its parts and a status word.
    first = engine.readings([p.county])[0]
    assert first.value is not None
    assert body[0][3] == pytest.approx(first.value)
    assert body[0][4] == first.numerator and body[0][5] == first.denominator
    assert body[0][7] in labels().values()
    # Some town has no data for some indicator: the value says so (not 0) and so does the status.
    no_data = labels()[reports.NO_DATA]
    empties = [r for r in body for i in range(len(names)) if r[3 + 5 * i] == no_data]
    assert empties, "expected at least one town without data in the demo"
    for r in empties:
        i = next(i for i in range(len(names)) if r[3 + 5 * i] == no_data)
        assert r[4 + 5 * i] == "" and r[5 + 5 * i] == ""
        assert r[7 + 5 * i] == no_data


def test_xlsx_down_to_villages_is_in_tree_order():
    p = places()
    user = make_user("rep_xlsx_v", "officer", p.county)
    report = build(user, p.county, "xlsx", villages=True)
    codes = [r[0] for r in sheet_rows(report.content)[4:]]
    villages = Region.objects.current().filter(county=p.county, level=Level.VILLAGE).count()
    towns = Region.objects.current().filter(parent=p.county).count()
    assert len(codes) == 1 + towns + villages
    assert codes == sorted(codes)  # a town comes right before its villages


def test_pdf_pages_and_chinese_text(tmp_path):
    p = places()
    user = make_user("rep_pdf", "officer", p.county)
    report = build(user, p.county, "pdf")
    assert report.content.startswith(b"%PDF-")
    assert report.content.rstrip().endswith(b"%%EOF")
    # Title, summary, one page per indicator, the weakest links.
    assert report.pages == 3 + len(indicators())
    assert pdf_pages(report.content) == report.pages
    assert b"STSong-Light" in report.content  # the built-in CID font, no font file embedded
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = pdf_text(report.content, tmp_path)
    assert p.county.name in text
    assert p.town.name in text  # a chart label
    assert text.count("\f") == report.pages


def test_scope_another_county_is_404(client):
    p = places()
    user = make_user("rep_scope", "officer", p.county)
    client.force_login(user)
    page = client.get("/indicators/reports/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'name="region" value="{p.county.code}"' in html
    assert f'name="period_start" value="{month().isoformat()}"' in html  # ISO for type=date
    assert client.get(f"/indicators/reports/?region={p.other_county.code}").status_code == 404
    form = {
        "region": p.other_county.code,
        "period_kind": "month",
        "period_start": month().isoformat(),
        "format": "xlsx",
    }
    assert client.post("/indicators/reports/", form).status_code == 404
    assert not Job.objects.filter(user=user).exists()
    with pytest.raises(LookupError):
        build(user, p.other_county, "xlsx")


def test_small_report_runs_inline_and_is_audited(client, monkeypatch):
    p = places()
    user = make_user("rep_inline", "officer", p.county)
    client.force_login(user)
    calls = spy_on_start(monkeypatch)
    form = {
        "region": p.county.code,
        "period_kind": "quarter",
        "period_start": timezone.localdate().isoformat(),
        "format": "xlsx",
    }
    response = client.post("/indicators/reports/", form)
    job = Job.objects.get(user=user, kind=reports.JOB_KIND)
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert calls == [True]
    assert job.status == Job.Status.DONE, job.errors
    assert ".xlsx" in job.title  # the format by its name ("Excel 表格（.xlsx）"), not its key
    assert (
        job.params["period_start"]
        == engine.period_starts(timezone.localdate())[PeriodKind.QUARTER].isoformat()
    )
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=user)
    assert event.region_id == p.county.pk
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert sheet_rows(content)[4][0] == p.county.code


@override_settings(RENJU_REPORT_INLINE_REGIONS=0)
def test_large_report_runs_as_a_background_job(client, monkeypatch):
    p = places()
    user = make_user("rep_job", "officer", p.county)
    client.force_login(user)
    calls = spy_on_start(monkeypatch)
    form = {
        "region": p.county.code,
        "period_kind": "month",
        "period_start": month().isoformat(),
        "format": "pdf",
    }
    response = client.post("/indicators/reports/", form)
    job = Job.objects.get(user=user, kind=reports.JOB_KIND)
    assert response.status_code == 302
    assert calls == [False]  # queued (Huey runs immediately in tests)
    assert job.status == Job.Status.DONE, job.errors
    assert job.result["pages"] == 3 + len(indicators())
    assert job.output_file.name.endswith(".pdf")
    with job.output_file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    page = client.get(f"/jobs/{job.pk}/")
    assert 'data-testid="download"' in page.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=user).count() == 1


def test_villages_always_go_to_the_background(client, monkeypatch):
    p = places()
    user = make_user("rep_villages", "officer", p.town)
    client.force_login(user)
    calls = spy_on_start(monkeypatch)
    form = {
        "region": p.town.code,
        "period_kind": "year",
        "period_start": "2026-05-17",
        "format": "pdf",
        "villages": "on",
    }
    client.post("/indicators/reports/", form)
    job = Job.objects.get(user=user, kind=reports.JOB_KIND)
    assert calls == [False]
    assert job.status == Job.Status.DONE, job.errors
    assert job.params["period_start"] == "2026-01-01"


def test_a_period_that_has_not_begun_is_refused_and_the_form_kept(client):
    p = places()
    user = make_user("rep_future", "officer", p.county)
    client.force_login(user)
    next_year = (
        timezone.localdate().replace(month=1, day=1).replace(year=timezone.localdate().year + 1)
    )
    form = {
        "region": p.county.code,
        "period_kind": "year",
        "period_start": next_year.isoformat(),
        "format": "xlsx",
    }
    response = client.post("/indicators/reports/", form)
    assert response.status_code == 400
    html = response.content.decode()
    assert "该时段尚未开始" in html
    assert f'value="{next_year.isoformat()}"' in html
    assert not Job.objects.filter(user=user).exists()
    # A later day of the current year names a period that has begun: accepted.
    form["period_start"] = timezone.localdate().replace(month=12, day=31).isoformat()
    assert client.post("/indicators/reports/", form).status_code == 302


def test_dashboard_links_to_the_report_page(client):
    p = places()
    client.force_login(make_user("rep_dash", "officer", p.county))
    html = client.get("/indicators/").content.decode()
    assert f"/indicators/reports/?region={p.county.code}" in html


def test_a_village_or_a_period_without_values_still_makes_both_reports():
    p = places()
    user = make_user("rep_edge", "officer", p.county)
    village = reports.build(
        user, reports.ReportRequest(p.village.code, PeriodKind.MONTH, month(), "pdf")
    )
    assert village.rows == 1 and village.pages == 3 + len(indicators())
    old = reports.ReportRequest(p.county.code, PeriodKind.YEAR, datetime.date(2020, 6, 1), "xlsx")
    body = sheet_rows(reports.build(user, old).content)[4:]
    no_data = labels()[reports.NO_DATA]
    assert body and all(r[3 + 5 * i] == no_data for r in body for i in range(len(indicators())))
    assert reports.build(user, dataclasses.replace(old, fmt="pdf")).content.startswith(b"%PDF")
