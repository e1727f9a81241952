"""Uploads through the import page: every bad file gets a clear Chinese answer and changes nothing.

Whole-file problems (empty, wrong type, too big) are refused by the form on the import page;
problems inside a readable sheet are listed on the job page, row and column first, and the
file goes in whole or not at all.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.test.client import MULTIPART_CONTENT
from django.utils import timezone

from renju.accounts.models import User
from renju.core import spreadsheets
from renju.core.ledgers import get_ledger
from renju.core.models import AuditEvent, Job
from renju.core.testing import make_user, places
from renju.households.models import Household

pytestmark = pytest.mark.django_db

URL = "/ledgers/households/import/"
XLSX = spreadsheets.XLSX_CONTENT_TYPE
NOTHING_CHANGED = "未做任何更改"


def header() -> list[str]:
    return [c.header for c in get_ledger("households").spreadsheet_columns]


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("农户")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8-sig") -> bytes:
    return "".join(",".join(str(v) for v in row) + "\n" for row in rows).encode(encoding)


def good_rows(count: int = 3, start: int = 7001) -> list[list[Any]]:
    village = places().village.code
    return [
        header(),
        *(
            [f"{village}{start + i}", village, f"上传户{i}", "", 2 + i % 3, "常住", "否"]
            for i in range(count)
        ),
    ]


def households() -> list[tuple[Any, ...]]:
    """Every household as it stands, to prove nothing changed."""
    return list(Household.objects.order_by("pk").values_list())


@pytest.fixture
def officer() -> User:
    return make_user("upl_officer", "officer", places().county)


@pytest.fixture
def client(officer: User) -> Client:
    client = Client()
    client.force_login(officer)
    return client


@pytest.fixture
def unchanged() -> Iterator[None]:
    """The test must leave every household exactly as it found it."""
    before = households()
    yield
    assert households() == before


def upload(client: Client, name: str, content: bytes, content_type: str = "") -> Any:
    file = SimpleUploadedFile(name, content, content_type or "application/octet-stream")
    return client.post(URL, {"file": file})


def attachment_name(response: Any) -> str:
    match = re.search(r'filename="([^"]+)"', response["Content-Disposition"])
    assert match, response["Content-Disposition"]
    return match.group(1)


def body_of(response: Any) -> bytes:
    """A download's bytes, streamed or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def form_error(response: Any) -> str:
    assert response.status_code == 400, response.status_code
    text = response.content.decode()
    errors = re.findall(r'data-testid="upload-error">([^<]*)<', text)
    assert errors, "no upload error shown"
    return " ".join(errors)


def job_page(client: Client, response: Any) -> tuple[Job, str]:
    assert response.status_code == 302, response.status_code
    match = re.fullmatch(r"/jobs/(\d+)/", response.url)
    assert match, response.url
    page = client.get(response.url)
    assert page.status_code == 200
    return Job.objects.get(pk=int(match.group(1))), page.content.decode()


def failed_job(client: Client, response: Any) -> tuple[Job, str]:
    job, text = job_page(client, response)
    assert job.status == Job.Status.FAILED, job.errors
    assert 'data-testid="import-errors"' in text
    assert NOTHING_CHANGED in text
    count = job.result.get("error_count") or len(job.errors)
    assert f"文件未导入：发现{count}个问题" in text
    # The way back to the import form, and the status said once (the bar says 失败).
    back = re.search(r'href="([^"]*)" data-testid="job-back"', text)
    assert back and back.group(1) == f"/ledgers/{job.params['ledger']}/import/"
    assert text.count("失败") == 1
    return job, text


# --- files refused whole, on the form -----------------------------------------------------------


@pytest.mark.usefixtures("unchanged")
def test_empty_file(client: Client) -> None:
    assert "空文件" in form_error(upload(client, "空.csv", b"", "text/csv"))


@pytest.mark.usefixtures("unchanged")
def test_text_file(client: Client) -> None:
    error = form_error(upload(client, "农户.txt", csv_bytes(good_rows()), "text/plain"))
    assert "只能导入.xlsx和.csv文件" in error


@pytest.mark.usefixtures("unchanged")
def test_a_workbook_cut_short_is_refused_in_plain_words(client: Client) -> None:
    """A real .xlsx cut short passes the form's look at its head, then failed in the job as
    "renju.core.spreadsheets.SpreadsheetError: 无法读取工作簿：Cannot detect file format"."""
    whole = xlsx_bytes(good_rows())
    job, text = job_page(client, upload(client, "cut.xlsx", whole[:3000], XLSX))
    assert job.status == Job.Status.FAILED
    assert job.errors == ["无法读取工作簿：文件已损坏或不完整。请重新保存后再试。"], job.errors
    assert "Error" not in text and "Cannot" not in text


@pytest.mark.usefixtures("unchanged")
def test_xlsx_that_is_really_text(client: Client) -> None:
    error = form_error(upload(client, "农户.xlsx", csv_bytes(good_rows()), XLSX))
    assert "不是有效的.xlsx工作簿" in error


@pytest.mark.usefixtures("unchanged")
def test_pdf_renamed_csv(client: Client) -> None:
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 64 >>\nstream\n" + bytes(range(256))
    error = form_error(upload(client, "农户.csv", pdf, "text/csv"))
    assert "不是文本格式的.csv文件" in error


@pytest.mark.usefixtures("unchanged")
@override_settings(RENJU_MAX_UPLOAD_BYTES=1024 * 1024)
def test_file_over_the_limit(client: Client) -> None:
    content = csv_bytes(good_rows()) + b"#" * (1024 * 1024)
    error = form_error(upload(client, "大文件.csv", content, "text/csv"))
    assert "文件大小为1.0 MB，超过了1.0 MB的上限" in error
    assert not Job.objects.filter(user__username="upl_officer").exists()


@pytest.mark.usefixtures("unchanged")
def test_21_mb_upload_is_refused_cleanly_with_default_limits() -> None:
    """Django's own memory limits do not trip first: the file streams to disk, the form says no."""
    officer = make_user("upl_big", "officer", places().county)
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    token = client.get(URL).cookies["csrftoken"].value
    content = csv_bytes(good_rows()) + b"0" * (21 * 1024 * 1024)
    response = client.post(
        URL,
        {"file": SimpleUploadedFile("巨大.csv", content, "text/csv")},
        content_type=MULTIPART_CONTENT,
        HTTP_X_CSRFTOKEN=token,
    )
    assert "文件大小为21.0 MB，超过了20.0 MB的上限" in form_error(response)
    assert not Job.objects.filter(user=officer).exists()


# --- readable files with bad rows, listed on the job page ---------------------------------------


@pytest.mark.usefixtures("unchanged")
def test_wrong_headers(client: Client) -> None:
    content = xlsx_bytes([["姓名", "电话"], ["张三", "13800000000"]])
    _job, text = failed_job(client, upload(client, "表头.xlsx", content, XLSX))
    assert "缺少列：户编码" in text and "缺少列：家庭人口" in text
    assert "未知的列：姓名、电话" in text


@pytest.mark.usefixtures("unchanged")
def test_duplicate_codes(client: Client) -> None:
    rows = good_rows(2)
    rows.append(list(rows[1]))
    job, text = failed_job(client, upload(client, "重复.csv", csv_bytes(rows), "text/csv"))
    assert "第4行 户编码列: 编码重复，第2行也有" in text
    assert job.result["error_count"] == 1


@pytest.mark.usefixtures("unchanged")
def test_empty_required_cells(client: Client) -> None:
    rows = good_rows(2)
    rows[1][2] = ""  # head of household
    rows[2][4] = ""  # members
    _job, text = failed_job(client, upload(client, "空格.xlsx", xlsx_bytes(rows), XLSX))
    assert "第2行 户主姓名列: 必填，但为空" in text
    assert "第3行 家庭人口列: 必填，但为空" in text


@pytest.mark.usefixtures("unchanged")
def test_text_in_number_columns(client: Client) -> None:
    rows = good_rows(3)
    rows[1][4] = "三口"
    rows[3][4] = "2.5"
    job, text = failed_job(client, upload(client, "数字.csv", csv_bytes(rows), "text/csv"))
    assert "第2行 家庭人口列: “三口”不是数字" in text
    assert "第4行 家庭人口列" in text
    assert job.result["error_count"] == 2


@pytest.mark.usefixtures("unchanged")
def test_regions_that_do_not_exist_or_lie_elsewhere(client: Client) -> None:
    p = places()
    rows = good_rows(3)
    rows[1][1] = "371502999999"
    rows[2][1] = p.other_village.code
    rows[2][0] = f"{p.other_village.code}7001"
    _job, text = failed_job(client, upload(client, "区划.xlsx", xlsx_bytes(rows), XLSX))
    assert "第2行 所属区划列: “371502999999”不存在或不在您的管辖范围内" in text
    assert f"第3行 所属区划列: “{p.other_village.code}”不存在或不在您的管辖范围内" in text


@pytest.mark.usefixtures("unchanged")
def test_damaged_workbook(client: Client) -> None:
    content = spreadsheets.XLSX_MAGIC + b"\x00" * 200 + b"not a zip at all"
    _job, text = failed_job(client, upload(client, "损坏.xlsx", content, XLSX))
    assert "无法读取工作簿" in text


@pytest.mark.usefixtures("unchanged")
def test_one_bad_row_rejects_the_good_ones(client: Client) -> None:
    rows = good_rows(5)
    rows[5][5] = "住着"
    _job, text = failed_job(client, upload(client, "一行坏.csv", csv_bytes(rows), "text/csv"))
    assert "第6行 居住状态列" in text
    assert not Household.objects.filter(code=rows[1][0]).exists()


# --- good files ---------------------------------------------------------------------------------


def test_good_xlsx_then_the_same_file_again(client: Client) -> None:
    content = xlsx_bytes(good_rows(3))
    job, text = job_page(client, upload(client, "农户.xlsx", content, XLSX))
    assert job.status == Job.Status.DONE, job.errors
    assert "导入完成：新增3条，更新0条，0条未变。" in text
    assert 'role="progressbar"' in text
    village = places().village.code
    made = Household.objects.get(code=f"{village}7002")
    assert (made.head_name, made.members, made.village_id) == ("上传户1", 3, places().village.pk)

    before = households()
    job, text = job_page(client, upload(client, "农户.xlsx", content, XLSX))
    assert job.status == Job.Status.DONE, job.errors
    assert "导入完成：新增0条，更新0条，3条未变。" in text
    assert households() == before


def test_gb18030_csv_and_an_update(client: Client) -> None:
    rows = good_rows(2, start=7101)
    job, _text = job_page(client, upload(client, "国标.csv", csv_bytes(rows, "gb18030")))
    assert job.status == Job.Status.DONE and job.result["created"] == 2, job.errors
    rows[2][4] = 9
    job, text = job_page(client, upload(client, "国标.csv", csv_bytes(rows, "gb18030")))
    assert "导入完成：新增0条，更新1条，1条未变。" in text
    assert Household.objects.get(code=rows[2][0]).members == 9


def test_template_is_an_xlsx_with_the_export_header(client: Client) -> None:
    response = client.get("/ledgers/households/template/")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "households-template.xlsx" in response["Content-Disposition"]
    assert response.content.startswith(spreadsheets.XLSX_MAGIC)
    template = spreadsheets.read_rows(io.BytesIO(response.content), "xlsx")
    exported = client.get("/ledgers/households/export/?format=xlsx")
    assert exported.status_code == 200
    export_rows = spreadsheets.read_rows(io.BytesIO(exported.content), "xlsx")
    assert template[0] == export_rows[0] == header()
    assert all(all(cell in ("", None) for cell in row) for row in template[1:])
    # The filled-in template imports.
    filled = xlsx_bytes([template[0], *good_rows(1, start=7201)[1:]])
    job, _text = job_page(client, upload(client, "模板.xlsx", filled, XLSX))
    assert job.status == Job.Status.DONE and job.result["created"] == 1, job.errors


@override_settings(RENJU_IMPORT_BACKGROUND_ROWS=5)
def test_large_file_goes_through_the_queue(
    client: Client, officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from renju.core import tasks

    queued: list[int] = []
    real_task = tasks.run_job_task

    def spy(job_id: int) -> Any:
        queued.append(job_id)
        return real_task(job_id)  # Huey runs it at once in tests (immediate mode)

    monkeypatch.setattr(tasks, "run_job_task", spy)
    content = csv_bytes(good_rows(40, start=7301))
    job, text = job_page(client, upload(client, "大批.csv", content, "text/csv"))
    assert queued == [job.pk]
    assert job.status == Job.Status.DONE, job.errors
    assert (job.result["created"], job.done, job.total) == (40, 40, 40)
    assert 'role="progressbar"' in text and 'aria-valuenow="100"' in text
    assert "导入完成：新增40条，更新0条，0条未变。" in text
    assert Household.objects.filter(code__startswith=places().village.code[:12] + "73").count()


@override_settings(RENJU_IMPORT_BACKGROUND_ROWS=5)
@pytest.mark.usefixtures("unchanged")
def test_large_bad_file_in_the_background_changes_nothing(client: Client) -> None:
    rows = good_rows(40, start=7401)
    rows[30][4] = "很多"
    _job, text = failed_job(client, upload(client, "大批坏.csv", csv_bytes(rows), "text/csv"))
    assert "第31行 家庭人口列: “很多”不是数字" in text


@override_settings(RENJU_IMPORT_BACKGROUND_ROWS=5)
@pytest.mark.usefixtures("unchanged")
def test_a_background_job_speaks_the_language_it_was_started_in(client: Client) -> None:
    """The queue has no page: its errors came out in Chinese on an English page."""
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    rows = good_rows(40, start=7501)
    rows[30][4] = "many"
    job, text = job_page(client, upload(client, "big-bad.csv", csv_bytes(rows), "text/csv"))
    assert job.status == Job.Status.FAILED and job.params["language"] == "en"
    assert "Row 31, column" in text and "“many” is not a number" in text, job.errors


def test_a_running_job_shows_a_polling_progress_bar(client: Client, officer: User) -> None:
    job = Job.objects.create(kind="ledger_import", title="导入测试", user=officer, total=10)
    text = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'role="progressbar"' in text
    assert 'hx-trigger="every 1s"' in text
    partial = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith("<div") and "<html" not in partial
    stranger = Client()
    stranger.force_login(make_user("upl_stranger", "officer", places().county))
    assert stranger.get(f"/jobs/{job.pk}/").status_code == 404


def test_a_row_changed_after_the_export_is_not_undone_by_its_reimport(
    client: Client, officer: User
) -> None:
    """An older export re-imported reset a toilet marked unusable meanwhile: the export says
    when it was made, and a row it would change that changed since is refused (the file whole)."""
    from openpyxl import load_workbook

    village = places().village
    first, second = (
        Household.objects.create(
            code=f"{village.code}{n}", region=village, head_name="导出户", members=2
        )
        for n in (7601, 7602)
    )
    query = f"?region={village.code}&q={village.code}76&format=xlsx"
    exported = client.get(f"/ledgers/households/export/{query}")
    content = exported.content
    assert spreadsheets.exported_at(io.BytesIO(content)) is not None
    # Someone else changes the first row after the export.
    Household.objects.filter(pk=first.pk).update(
        members=5, updated_at=timezone.now() + datetime.timedelta(seconds=5)
    )
    # The sheet, edited in Excel: the second row's members changed (the first left as exported).
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    members = header.index("家庭人口") + 1
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == second.code:
            row[members - 1].value = 4
    edited = io.BytesIO()
    book.save(edited)
    # The first row, as exported, differs from what it is now: refused, nothing written.
    job, text = job_page(client, upload(client, "edited.xlsx", edited.getvalue()))
    assert job.status == Job.Status.FAILED, (job.status, job.result, job.params)
    assert f"第{2}行" in text or "第2行" in text
    assert "导出之后" in text, job.errors
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.members, second.members) == (5, 2)
    # A fresh export, edited the same way, goes through.
    fresh = client.get(f"/ledgers/households/export/{query}").content
    book = load_workbook(io.BytesIO(fresh))
    for row in book.active.iter_rows(min_row=2):
        if row[0].value == second.code:
            row[members - 1].value = 4
    again = io.BytesIO()
    book.save(again)
    job, _text = job_page(client, upload(client, "fresh.xlsx", again.getvalue()))
    assert job.status == Job.Status.DONE, job.errors
    second.refresh_from_db()
    assert second.members == 4


def test_a_csv_export_says_when_in_its_file_name_and_its_reimport_checks_it(
    client: Client, officer: User
) -> None:
    """A .csv has no properties: the time is in the file name the browser saves it under, and
    the re-import of that file refuses to undo a change made since, as the .xlsx's does."""
    village = places().village
    first, second = (
        Household.objects.create(
            code=f"{village.code}{n}", region=village, head_name="导出户", members=2
        )
        for n in (7611, 7612)
    )
    exported = client.get(f"/ledgers/households/export/?q={village.code}761&format=csv")
    name = attachment_name(exported)
    stamp = spreadsheets.exported_at_from_name(name)
    assert stamp is not None and abs(stamp - timezone.now()) < datetime.timedelta(minutes=1)
    assert spreadsheets.exported_at_from_name(name.replace(".csv", " (1).csv")) == stamp
    assert spreadsheets.exported_at_from_name("我的表.csv") is None
    # The file as the browser saved it (a .csv streams: read it before the change below).
    text = body_of(exported).decode("utf-8-sig")
    Household.objects.filter(pk=first.pk).update(
        members=5, updated_at=timezone.now() + datetime.timedelta(seconds=5)
    )
    rows = list(csv.reader(io.StringIO(text)))
    members = rows[0].index("家庭人口")
    for row in rows[1:]:
        if row[0] == second.code:
            row[members] = "4"
    edited = io.StringIO()
    csv.writer(edited).writerows(rows)
    job, page = job_page(client, upload(client, name, edited.getvalue().encode(), "text/csv"))
    assert job.status == Job.Status.FAILED and "导出之后" in page, job.errors
    second.refresh_from_db()
    assert second.members == 2


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_empty_export_reimports_as_nothing_to_change_an_empty_template_is_refused(
    client: Client, fmt: str
) -> None:
    """An export of a filter that matched nothing re-imports unchanged (like any export); the
    template, headers only, sent by mistake, says it has no rows."""
    exported = client.get(f"/ledgers/households/export/?q=NO-SUCH-CODE&format={fmt}")
    content, name = body_of(exported), attachment_name(exported)
    events = AuditEvent.objects.count()
    job, _text = job_page(client, upload(client, name, content, "text/csv"))
    assert job.status == Job.Status.DONE, job.errors
    assert (job.result["created"], job.result["updated"]) == (0, 0)
    assert AuditEvent.objects.count() == events + 1  # the import itself, on record
    template = client.get("/ledgers/households/template/").content
    job, text = job_page(client, upload(client, "households-template.xlsx", template))
    assert job.status == Job.Status.FAILED and "表格没有数据行" in text
