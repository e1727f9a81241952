"""Rows written in bulk come back as they went in: COPY's text format on PostgreSQL (escapes,
NULLs, enums, timestamps), many-row INSERTs on SQLite; the whole-column fast paths give the
same fields as formatting each value alone."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from renju.core import bulk
from renju.core.models.audit import AuditAction, AuditEvent, Channel

TRICKY = ["plain", "back\\slash", "tab\there", "new\nline", "cr\rhere", "\\N", "", "中文\\t"]


@pytest.mark.parametrize(
    "column",
    [
        TRICKY,
        ["plain", "also plain", "中文"],
        [AuditAction.CREATE, AuditAction.UPDATE, "create"],
        ["holds\x00the separator", "tab\t"],
        [1, 2, 3, -4],
        [7, 7, 8, -9] * 10,
        [True, False, True],
        [None, 1.5, float("nan"), float("inf"), float("-inf"), 1.0, 1],
        [datetime.datetime(2026, 11, 30, 14, 0, tzinfo=datetime.UTC)] * 20 + [None] * 4,
        [datetime.date(2026, 11, 30), None, datetime.date(2026, 12, 1)] * 10,
        [1, 1.0, True] * 10,  # equal as keys, different as fields
        [[1, 2], None],  # unhashable: formatted value by value
    ],
)
def test_a_column_is_formatted_as_value_by_value(column: list[Any]) -> None:
    expected = [bulk._copy_field(value) for value in column]
    assert list(bulk._copy_fields(column)) == expected


def test_copy_text_escapes() -> None:
    assert bulk._copy_fields(TRICKY) == [
        "plain",
        "back\\\\slash",
        "tab\\there",
        "new\\nline",
        "cr\\rhere",
        "\\\\N",
        "",
        "中文\\\\t",
    ]
    assert bulk._copy_field(None) == "\\N"


@pytest.mark.django_db(transaction=False)
def test_rows_come_back_as_written() -> None:
    now = timezone.now().replace(microsecond=123456)
    changes = '{"head_name": [null, "张\\\\三\\n"], "note": ["a\\tb", "c\\rd"]}'
    count = len(TRICKY)
    written = bulk.insert_columns(
        AuditEvent,
        {
            "time": [now] * count,
            "actor_label": TRICKY,
            "channel": [Channel.IMPORT] * count,
            "request_id": [""] * count,
            "action": [AuditAction.CREATE] * count,
            "object_type": ["bulk.copy_probe"] * count,
            "object_id": [str(n) for n in range(count)],
            "object_repr": TRICKY[::-1],
            "changes": [changes] * count,
            "note": [""] * count,
        },
    )
    assert written == count
    rows = list(
        AuditEvent.objects.filter(object_type="bulk.copy_probe")
        .order_by("pk")
        .values_list("time", "actor_label", "object_repr", "changes", "channel", "action")
    )
    assert [r[1] for r in rows] == TRICKY
    assert [r[2] for r in rows] == TRICKY[::-1]
    assert {r[0] for r in rows} == {now}
    assert {r[4] for r in rows} == {"import"} and {r[5] for r in rows} == {"create"}
    assert rows[0][3] == {"head_name": [None, "张\\三\n"], "note": ["a\tb", "c\rd"]}
