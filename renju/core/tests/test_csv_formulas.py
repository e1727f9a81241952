"""A .csv export never hands a spreadsheet program a formula ("CSV injection"), and whatever it
escaped comes back unchanged through the import."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import pytest
from django.test import Client

from renju.core import spreadsheets
from renju.core.ledgers import get_ledger
from renju.core.ledgers.importer import import_rows
from renju.core.testing import make_user, places
from renju.households.models import Household

TRICKY = [
    '=HYPERLINK("http://example.com","点我")',
    "+8613800000000",
    "-1",
    "@SUM(A1)",
    "\tTAB",
    "'引号开头",
    "''两个引号",
    "'=已转义的样子",
    "'",
    "普通文本",
    "a=b",
    "",
]


def csv_text(rows: Sequence[Sequence[object]]) -> str:
    return "".join(spreadsheets.iter_csv(["列"], rows))


def test_no_cell_starts_a_formula() -> None:
    text = csv_text([[value] for value in TRICKY] + [[-5], [3.5]])
    cells = [row[0] for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))][1:]
    assert not [c for c in cells if c[:1] in spreadsheets.FORMULA_STARTS and c != "-5"]
    assert cells[0] == "'" + TRICKY[0]
    assert cells[-2:] == ["-5", "3.5"]  # numbers are numbers, not text
    assert "普通文本" in cells and "a=b" in cells


def test_what_was_escaped_reads_back_as_it_was() -> None:
    text = csv_text([[value] for value in TRICKY])
    rows = spreadsheets.read_rows(io.BytesIO(text.encode("utf-8")), "csv")
    assert [row[0] for row in rows[1:]] == TRICKY


@pytest.mark.django_db
def test_a_household_csv_export_is_safe_and_reimports_unchanged(client: Client) -> None:
    p = places()
    officer = make_user("csv_officer", "officer", p.county)
    household = Household.objects.filter(village=p.village).order_by("pk").first()
    assert household is not None
    household.head_name = '=HYPERLINK("http://example.com","户主")'
    household.phone = "+8613800000000"
    household.save()
    client.force_login(officer)
    response = client.get(
        "/ledgers/households/export/", {"region": p.village.code, "format": "csv"}
    )
    assert response.status_code == 200
    streamed: Any = response
    body = b"".join(streamed.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(" in body and "'+8613800000000" in body
    rows = spreadsheets.read_rows(io.BytesIO(body.encode("utf-8")), "csv")
    result = import_rows(get_ledger("households"), rows, officer)
    assert result.ok, result.errors[:3]
    assert (result.created, result.updated) == (0, 0) and result.unchanged == len(rows) - 1
