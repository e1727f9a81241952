"""A statement run on a hot path without the per-call work of Django's cursor wrapper.

Every ``connection.cursor()`` call builds a ``CursorWrapper`` (error translation, the
broken-transaction check, execute wrappers) around a new DB-API cursor and, on SQLite, rewrites
the statement's ``%s`` marks to ``?`` with a regular expression on each execution: about 50 µs
a statement on the benchmark machine, where SQLite itself answers an indexed lookup in 20 µs
(bench/INTAKE.md). A villager's report runs two statements, so that was a tenth of its cost.

``Statement`` rewrites the marks once per database vendor and runs the statement on the
DB-API connection inside Django's own error translation (a duplicate key is still
``django.db.IntegrityError``), after the same checks ``connection.cursor()`` makes. Whenever
something watches the queries (DEBUG's query log, ``assertNumQueries``, an execute wrapper),
it goes through ``connection.cursor()`` like any other query, so it is logged and counted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections


def for_driver(sql: str, vendor: str) -> str:
    """``sql`` (written with ``%s`` marks) as the vendor's driver takes it: ``?`` marks for
    SQLite, as Django's SQLite cursor rewrites them on every call (``%%`` is a literal ``%``)."""
    if vendor != "sqlite":
        return sql  # psycopg takes %s as it is
    from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX

    return FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")


class Statement:
    """One SQL statement (with ``%s`` marks), built on first use and run many times."""

    def __init__(self, build: Callable[[], str]) -> None:
        self._build = build
        self._sql: str | None = None
        self._for_driver: dict[str, str] = {}  # by vendor

    @property
    def sql(self) -> str:
        """The statement as Django's cursor takes it (``%s`` marks)."""
        if self._sql is None:
            self._sql = self._build()
        return self._sql

    def execute(self, params: Sequence[Any]) -> None:
        """Run the statement (in the connection's current transaction, or autocommit)."""
        self._run(params, fetch=False)

    def fetchone(self, params: Sequence[Any]) -> tuple[Any, ...] | None:
        """Run the statement and return its first row, or ``None``."""
        return self._run(params, fetch=True)

    def _run(self, params: Sequence[Any], *, fetch: bool) -> Any:
        # The thread's connection, looked up once (each ``django.db.connection.attr`` is a
        # lookup in the connection handler's thread-local storage).
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.queries_logged or connection.execute_wrappers:
            with connection.cursor() as wrapped:
                wrapped.execute(self.sql, params)
                return wrapped.fetchone() if fetch else None
        # What connection.cursor() and CursorWrapper.execute() check before they run a query.
        connection.close_if_health_check_failed()
        connection.ensure_connection()
        connection.validate_thread_sharing()
        connection.validate_no_broken_transaction()
        vendor = connection.vendor
        sql = self._for_driver.get(vendor)
        if sql is None:
            sql = self._for_driver[vendor] = for_driver(self.sql, vendor)
        with connection.wrap_database_errors:
            cursor = connection.connection.cursor()
            try:
                cursor.execute(sql, params)
                return cursor.fetchone() if fetch else None
            finally:
                cursor.close()
