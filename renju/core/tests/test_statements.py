"""A hot statement runs on the DB-API cursor, yet behaves as a query through Django's cursor:
the same rows, Django's errors, the transaction's checks, and counted when queries are watched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from renju.core.statements import Statement, for_driver

pytestmark = pytest.mark.django_db

INSERT = Statement(lambda: "INSERT INTO hot_statement_probe (name, size) VALUES (%s, %s)")
SELECT = Statement(lambda: "SELECT name, size FROM hot_statement_probe WHERE name = %s")


@pytest.fixture
def probe_table() -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE hot_statement_probe (name varchar(20) PRIMARY KEY, size int)"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE hot_statement_probe")


@pytest.mark.parametrize(
    ("vendor", "expected"),
    [
        ("sqlite", "SELECT ? FROM t WHERE a LIKE '1%' AND b = ?"),
        ("postgresql", "SELECT %s FROM t WHERE a LIKE '1%%' AND b = %s"),
    ],
)
def test_for_driver(vendor: str, expected: str) -> None:
    assert for_driver("SELECT %s FROM t WHERE a LIKE '1%%' AND b = %s", vendor) == expected


def test_rows_as_through_djangos_cursor(probe_table: None) -> None:
    INSERT.execute(["toilet", 3])
    assert SELECT.fetchone(["toilet"]) == ("toilet", 3)
    assert SELECT.fetchone(["nothing"]) is None
    with connection.cursor() as cursor:
        cursor.execute(SELECT.sql, ["toilet"])
        assert cursor.fetchone() == ("toilet", 3)


def test_a_duplicate_key_is_djangos_integrity_error(probe_table: None) -> None:
    INSERT.execute(["toilet", 3])
    with pytest.raises(IntegrityError), transaction.atomic():
        INSERT.execute(["toilet", 4])
    assert SELECT.fetchone(["toilet"]) == ("toilet", 3)  # the savepoint kept the first row


def test_refused_in_a_broken_transaction(probe_table: None) -> None:
    INSERT.execute(["toilet", 3])
    with transaction.atomic():
        with pytest.raises(IntegrityError), transaction.atomic(savepoint=False):
            INSERT.execute(["toilet", 3])
        # The transaction is broken (the error left a block without its own savepoint).
        with pytest.raises(TransactionManagementError):
            SELECT.fetchone(["toilet"])
        transaction.set_rollback(True)


def test_counted_where_queries_are_watched(probe_table: None) -> None:
    with CaptureQueriesContext(connection) as captured:
        INSERT.execute(["toilet", 3])
        assert SELECT.fetchone(["toilet"]) == ("toilet", 3)
    assert len(captured.captured_queries) == 2
    assert "hot_statement_probe" in captured.captured_queries[1]["sql"]
