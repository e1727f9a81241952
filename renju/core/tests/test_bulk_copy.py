"""Rows written in bulk come back as they went in: COPY's text format on PostgreSQL (escapes,
NULLs, enums, timestamps), many-row INSERTs on SQLite; the whole-column fast paths give the
same fields as formatting each value alone."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
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


# --- COPYs left to the server while Python goes on (copies_overlapped) -----------------------

PROBE = "bulk.overlap_probe"


def _probe_columns(count: int, ids: list[int] | None = None) -> dict[str, list[Any]]:
    columns: dict[str, list[Any]] = {
        "actor_label": [""] * count,
        "channel": [Channel.IMPORT] * count,
        "request_id": [""] * count,
        "action": [AuditAction.CREATE] * count,
        "object_type": [PROBE] * count,
        "object_repr": [""] * count,
        "note": [""] * count,
        "object_id": [str(n) for n in range(count)],
        "changes": ["{}"] * count,
    }
    if ids is not None:
        columns["id"] = ids
    return columns


def _probes() -> int:
    return AuditEvent.objects.filter(object_type=PROBE).count()


@pytest.mark.django_db(transaction=False)
def test_overlapped_copies_are_stored_before_the_next_statement() -> None:
    with transaction.atomic(), bulk.copies_overlapped():
        bulk.insert_columns(AuditEvent, _probe_columns(3))
        bulk.insert_columns(AuditEvent, _probe_columns(2))  # finishes the first COPY
        assert _probes() == 5  # the query finishes the second one first
        bulk.insert_columns(AuditEvent, _probe_columns(4))  # finished by the block's end
    assert _probes() == 9


def _copy_then(second: dict[str, list[Any]] | None, error: Exception | None) -> None:
    """Two COPYs in an overlapped block (or one and then ``error``), in a savepoint."""
    with transaction.atomic(), bulk.copies_overlapped():
        bulk.insert_columns(AuditEvent, _probe_columns(2))
        if second is not None:
            bulk.insert_columns(AuditEvent, second)
        if error is not None:
            raise error


@pytest.mark.django_db(transaction=False)
def test_a_refused_copy_raises_by_the_end_of_the_block_and_nothing_stays() -> None:
    with transaction.atomic():
        taken = bulk.reserve_ids(AuditEvent, 1)
    same_id_twice = _probe_columns(2, ids=taken * 2)
    with pytest.raises(IntegrityError):
        _copy_then(same_id_twice, None)
    assert _probes() == 0


@pytest.mark.django_db(transaction=False)
def test_an_error_in_the_block_abandons_the_copy_and_is_the_one_raised() -> None:
    with pytest.raises(ValueError, match="stop"):
        _copy_then(None, ValueError("stop"))
    assert _probes() == 0


@pytest.mark.django_db(transaction=False)
def test_copies_overlap_on_postgresql_only_and_blocks_do_not_nest() -> None:
    with transaction.atomic(), bulk.copies_overlapped():
        overlap = bulk._overlaps.get(connection.alias)
        assert (overlap is not None) == (connection.vendor == "postgresql")
        with bulk.copies_overlapped():
            assert bulk._overlaps.get(connection.alias) is overlap
        bulk.insert_columns(AuditEvent, _probe_columns(1))
    assert connection.alias not in bulk._overlaps
    assert _probes() == 1
