"""Importing households: the good file, every kind of bad row, and all-or-nothing."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.utils import translation

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
    rows = [header(), *export_rows(ledger, queryset, officer)]
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


def test_errors_listed_row_by_row_in_column_order(officer):
    """The sheet is checked a column at a time; the errors still come row by row, each row's in
    column order, then its duplicate code, then the ledger's own row check."""
    p = places()
    code = f"{p.village.code}9301"
    rows: Rows = [
        header(),
        [code, "999999999999", "", "", 3, "常住", "否"],
        ["", "", "", "", "", "", ""],  # a blank row: skipped, but it keeps its number
        [code, p.village.code, "张三", "", "三", "住着", "否"],
        [f"{p.other_village.code}0001", p.village.code, "王五", "", 3, "常住", "否"],
    ]
    with translation.override("zh-hans"):
        result = import_rows(get_ledger("households"), rows, officer)
    assert not result.ok
    assert [e.split(":")[0] for e in result.errors] == [
        "第2行 所属区划列",
        "第2行 户主姓名列",
        "第4行 家庭人口列",
        "第4行 居住状态列",
        "第4行 户编码列",  # duplicate of row 2
        "第5行 户编码列",  # not in its village
    ]
    assert "第2行" in result.errors[4]


@pytest.mark.parametrize("repeat", [3, 8])  # 8: few distinct values, worked out once each
def test_cells_of_different_types_parse_each_by_its_own_type(officer, repeat):
    """1, 1.0 and True are equal and hash alike in Python; a column worked out per distinct
    value still tells them apart: a yes/no cell is not a number of members."""
    p = places()
    rows: Rows = [header()]
    for i, members in enumerate([1.0, 2, 2.0, True, 3] * repeat):
        code = f"{p.village.code}94{i:02d}"
        rows.append([code, p.village.code, "李四", "", members, "常住", "否"])
    with translation.override("zh-hans"):
        result = import_rows(get_ledger("households"), rows, officer)
    assert not result.ok
    assert [e.split(" ")[0] for e in result.errors] == [
        f"第{5 * k}行" for k in range(1, repeat + 1)
    ]
    assert all("家庭人口列" in e for e in result.errors)


def test_many_rows_create_in_one_go_with_their_events(officer):
    """Enough rows for the column-wise fast paths (few distinct values per column)."""
    p = places()
    rows: Rows = [header()]
    for i in range(300):
        status = "外出" if i % 3 else "常住"
        rows.append(
            [f"{p.village.code}8{i:03d}", p.village.code, f"户主{i}", "", i % 7 + 1, status, "否"]
        )
    before = AuditEvent.objects.filter(object_type="households.household").count()
    with audit_context(actor=officer, channel="import"):
        result = import_rows(get_ledger("households"), rows, officer)
    assert result.ok, result.errors[:5]
    assert result.created == 300
    created = Household.objects.filter(code__startswith=f"{p.village.code}8").order_by("code")
    assert [(h.members, h.status) for h in created[:3]] == [
        (1, "resident"),
        (2, "away"),
        (3, "away"),
    ]
    events = AuditEvent.objects.filter(object_type="households.household")
    assert events.count() == before + 300
    event = events.get(object_id=str(created[0].pk))
    assert event.changes["members"] == [None, 1]
    assert event.changes["region_id"] == [None, p.village.pk]
    assert event.county_id == p.county.pk


def test_a_write_in_several_steps_reports_each_and_writes_every_row(officer, monkeypatch):
    """Rows past one write step (``WRITE_BATCH``, 20,000 in use) go in step by step, each row
    with its own id and event, and the progress bar moves at every step."""
    from renju.core.ledgers import importer

    monkeypatch.setattr(importer, "WRITE_BATCH", 40)
    p = places()
    rows: Rows = [header()]
    rows += [
        [f"{p.village.code}7{i:03d}", p.village.code, f"户主{i}", "", 2, "常住", "否"]
        for i in range(100)
    ]
    reported: list[tuple[int, int, str]] = []
    with audit_context(actor=officer, channel="import"):
        result = import_rows(
            get_ledger("households"), rows, officer, lambda *step: reported.append(step)
        )
    assert result.ok and result.created == 100, result.errors[:5]
    assert [done for done, _total, phase in reported if phase == "write"] == [40, 80, 100]
    created = Household.objects.filter(code__startswith=f"{p.village.code}7")
    ids = {str(pk) for pk in created.values_list("pk", flat=True)}
    assert len(ids) == 100
    events = AuditEvent.objects.filter(object_type="households.household", object_id__in=ids)
    assert sorted(events.values_list("object_id", flat=True)) == sorted(ids)


def test_existing_codes_are_found_whatever_characters_they_hold():
    """The code look-up sends the codes as one array literal on PostgreSQL: quotes, backslashes,
    commas and braces inside a code must come back as they are."""
    from renju.core.ledgers.importer import _ids_by_code

    where = places()
    odd = ['37\\15"02,{1}', "plain", 'a"b', "c\\d", "NULL", "e f"]
    made = {
        code: Household.objects.create(
            code=code, region=where.village, head_name="王五", members=1
        ).pk
        for code in odd
    }
    assert _ids_by_code(Household, [*odd, "missing", '"']) == made
    assert _ids_by_code(Household, []) == {}


def _numbered_rows(prefix: str, count: int, members: Any = 2) -> Rows:
    p = places()
    return [
        [f"{p.village.code}{prefix}{i:03d}", p.village.code, f"户主{i}", "", members, "常住", "否"]
        for i in range(count)
    ]


def test_an_error_in_a_later_step_keeps_nothing_of_the_steps_written_before(officer, monkeypatch):
    """Steps are written while later ones are still being checked; a bad row in the last step
    still leaves no household and no event behind, and the bar says it stopped writing."""
    from renju.core.ledgers import importer

    monkeypatch.setattr(importer, "WRITE_BATCH", 40)
    rows = [header(), *_numbered_rows("6", 100)]
    rows[95][4] = "三"  # row 96 as Excel numbers it (header = 1), in the third step
    households, events = Household.objects.count(), AuditEvent.objects.count()
    reported: list[tuple[int, int, str]] = []
    with translation.override("zh-hans"), audit_context(actor=officer, channel="import"):
        result = import_rows(
            get_ledger("households"), rows, officer, lambda *step: reported.append(step)
        )
    assert [e.split(":")[0] for e in result.errors] == ["第96行 家庭人口列"]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert reported == [(40, 100, "write"), (80, 100, "write"), (100, 100, "check")]
    assert (Household.objects.count(), AuditEvent.objects.count()) == (households, events)


def test_errors_of_every_step_are_all_reported_in_row_order(officer, monkeypatch):
    from renju.core.ledgers import importer

    monkeypatch.setattr(importer, "WRITE_BATCH", 40)
    rows = [header(), *_numbered_rows("5", 100)]
    rows[90][2] = ""  # third step: no head of household
    rows[3][4] = 0  # first step: no one lives there
    rows[50][0] = rows[10][0]  # second step: the code of row 11 again
    with translation.override("zh-hans"):
        result = import_rows(get_ledger("households"), rows, officer)
    assert [e.split(":")[0] for e in result.errors] == [
        "第4行 家庭人口列",
        "第51行 户编码列",
        "第91行 户主姓名列",
    ]
    assert "第11行" in result.errors[1]
    assert not Household.objects.filter(code__startswith=f"{places().village.code}5").exists()


def _household_elsewhere(code_suffix: str) -> Household:
    """A household registered in the officer's village that moved to another county since."""
    p = places()
    return Household.objects.create(
        code=f"{p.village.code}{code_suffix}",
        region=p.other_village,
        head_name="外县户",
        members=3,
    )


def test_a_code_in_use_outside_the_officers_area_is_refused_and_nothing_written(officer):
    elsewhere = _household_elsewhere("7001")
    rows = [header(), *_numbered_rows("4", 3)]
    p = places()
    rows.append([elsewhere.code, p.village.code, "冒用", "", 2, "常住", "否"])
    with translation.override("zh-hans"):
        result = import_rows(get_ledger("households"), rows, officer)
    assert result.errors == ["第5行 户编码列: 该编码已被使用"]
    assert not Household.objects.filter(code__startswith=f"{p.village.code}4").exists()
    elsewhere.refresh_from_db()
    assert (elsewhere.head_name, elsewhere.region_id) == ("外县户", p.other_village.pk)


def test_a_code_in_use_is_reported_only_once_the_cells_are_right(officer):
    """Wrong cells first: a code in use is worth knowing only in a sheet otherwise right."""
    elsewhere = _household_elsewhere("7002")
    p = places()
    rows = [header(), *_numbered_rows("3", 2, members="很多")]
    rows.append([elsewhere.code, p.village.code, "冒用", "", 2, "常住", "否"])
    with translation.override("zh-hans"):
        result = import_rows(get_ledger("households"), rows, officer)
    assert [e.split(":")[0] for e in result.errors] == ["第2行 家庭人口列", "第3行 家庭人口列"]


def test_changes_and_new_rows_in_several_steps(officer, monkeypatch):
    """Existing rows met in any step are updated (with their events), new ones created."""
    from renju.core.ledgers import importer

    monkeypatch.setattr(importer, "WRITE_BATCH", 4)
    rows = [header(), *_numbered_rows("2", 10)]
    with audit_context(actor=officer, channel="import"):
        assert import_rows(get_ledger("households"), rows[:6], officer).created == 5
        rows[2][4] = 5  # changed in the first step
        rows[5][2] = "新户主"  # and in the second
        result = import_rows(get_ledger("households"), rows, officer)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (5, 2, 3)
    p = places()
    changed = Household.objects.get(code=f"{p.village.code}2004")
    assert changed.head_name == "新户主"
    update = AuditEvent.objects.get(object_id=str(changed.pk), action="update")
    assert update.changes == {"head_name": ["户主4", "新户主"]}


def test_rows_the_database_refuses_leave_nothing_and_count_nothing(officer, monkeypatch):
    """A code taken by someone else between the look-up and the write (here: a look-up that
    misses it) is refused by the unique index: one clear error, nothing written or counted."""
    from renju.core.ledgers import importer

    rows = [header(), *_numbered_rows("1", 3)]
    with audit_context(actor=officer, channel="import"):
        assert import_rows(get_ledger("households"), rows[:2], officer).created == 1
    monkeypatch.setattr(importer, "_ids_by_code", lambda model, codes: {})
    households, events = Household.objects.count(), AuditEvent.objects.count()
    with translation.override("zh-hans"), audit_context(actor=officer, channel="import"):
        result = import_rows(get_ledger("households"), rows, officer)
    assert len(result.errors) == 1 and result.errors[0].startswith("数据库拒绝")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert (Household.objects.count(), AuditEvent.objects.count()) == (households, events)
