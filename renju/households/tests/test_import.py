"""Importing households: the good file, every kind of bad row, and all-or-nothing."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from renju.core.audit import audit_context
from renju.core.ledgers import get_ledger
from renju.core.ledgers.importer import import_rows
from renju.core.models import AuditEvent
from renju.core.testing import make_user, places
from renju.households.models import Household

Rows = list[list[Any]]

pytestmark = pytest.mark.django_db


def header() -> list[str]:
    return [c.header for c in get_ledger("households").spreadsheet_columns]


@pytest.fixture
def officer():
    return make_user("imp_officer", "officer", places().county)


def test_headers_are_chinese():
    assert header() == [
        "户编码",
        "所属区划",
        "户主姓名",
        "联系电话",
        "家庭人口",
        "居住状态",
        "低收入户",
    ]


def test_good_rows_create_and_audit(officer):
    p = places()
    rows: Rows = [
        header(),
        [f"{p.village.code}9001", p.village.code, "王建国", "13812345678", 4, "常住", "否"],
        [f"{p.village.code}9002", p.village.code, "李秀英", "", "2", "外出", "是"],
    ]
    with audit_context(actor=officer, channel="import"):
        result = import_rows(get_ledger("households"), rows, officer)
    assert result.ok, result.errors
    assert result.created == 2
    h = Household.objects.get(code=f"{p.village.code}9002")
    assert (h.status, h.low_income, h.members, h.county_id) == ("away", True, 2, p.county.pk)
    events = AuditEvent.objects.filter(object_type="households.household", object_id=str(h.pk))
    assert events.get().channel == "import"


def test_bad_rows_reject_whole_file_with_row_and_column(officer):
    p = places()
    before = Household.objects.count()
    rows: Rows = [
        header(),
        [f"{p.village.code}9101", p.village.code, "好人", "", 3, "常住", "否"],
        [f"{p.village.code}9102", "999999999999", "张三", "", 3, "常住", "否"],
        [f"{p.village.code}9103", p.village.code, "", "", "三", "常住", "否"],
        [f"{p.village.code}9101", p.village.code, "重复", "", 3, "常住", "否"],
        [f"{p.other_village.code}0001", p.other_village.code, "外县", "", 3, "常住", "否"],
        [f"{p.village.code}9104", p.village.code, "王五", "", 3, "住着", "否"],
    ]
    result = import_rows(get_ledger("households"), rows, officer)
    assert not result.ok
    text = "\n".join(result.errors)
    assert "第3行 所属区划列" in text and "不存在或不在您的管辖范围" in text
    assert "第4行 户主姓名列: 必填，但为空" in text
    assert "第4行 家庭人口列" in text and "不是数字" in text
    assert "第5行 户编码列" in text and "第2行" in text
    assert "第6行 所属区划列" in text
    assert "第7行 居住状态列" in text
    assert Household.objects.count() == before


def test_wrong_headers(officer):
    result = import_rows(get_ledger("households"), [["姓名", "电话"], ["a", "b"]], officer)
    assert not result.ok
    assert any("缺少列" in e for e in result.errors)
    assert any("未知的列" in e for e in result.errors)


def test_export_reimports_unchanged(officer):
    from renju.core.ledgers.transfer import export_rows

    p = places()
    ledger = get_ledger("households")
    queryset = Household.objects.restrict(officer).filter(village=p.village).order_by("pk")
    rows = [header(), *export_rows(ledger, queryset)]
    assert len(rows) > 1
    result = import_rows(ledger, rows, officer)
    assert result.ok, result.errors[:5]
    assert (result.created, result.updated, result.unchanged) == (0, 0, len(rows) - 1)


def test_csv_roundtrip_through_reader(officer):
    from renju.core import spreadsheets

    p = places()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    writer.writerow([f"{p.village.code}9201", p.village.code, "赵四", "", "3", "常住", "否"])
    rows = spreadsheets.read_rows(io.BytesIO(buffer.getvalue().encode("utf-8-sig")), "csv")
    result = import_rows(get_ledger("households"), rows, officer)
    assert result.ok and result.created == 1
