"""Fast bulk INSERTs for imports and generators: plain values in, no model instance per row.

Django's ``bulk_create`` builds a model instance and runs every field's preparation per value;
at 100,000 rows that is most of an import's time. Here rows go in column by column (one list of
values per column), so the work per value is a few C-level list operations: SQLite gets
INSERTs of up to 1,000 rows each, PostgreSQL a ``COPY … FROM STDIN`` whose text is built
column by column here. Used only by code that has already validated the rows and writes their
audit events itself.

* :func:`insert_rows` takes rows as dicts of attnames; each column's conversion is chosen once,
  and missing columns take the field's default.
* :func:`insert_columns` takes values already in database form, column by column.
* :func:`reserve_ids` hands out primary keys up front, so that the rows' ids are known without
  looking them up again after the INSERT.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import json
import math
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

from django.db import connection, models
from django.utils import timezone

Converter = Callable[[Any], Any]
# SQLite runs a row trigger that writes (a kept tally) ~20× slower inside a savepoint, where
# imports and the demo write (bench/RESULTS.md). A table whose triggers keep derived rows may
# register a guard: on SQLite, a bulk INSERT runs inside it, with the trigger suspended and the
# derived rows brought up to date once afterwards, in the same transaction.
SqliteGuard = Callable[[Mapping[str, Sequence[Any]]], AbstractContextManager[None]]
_sqlite_guards: dict[str, SqliteGuard] = {}


def register_sqlite_guard(model: type[models.Model], guard: SqliteGuard) -> None:
    """Run SQLite bulk INSERTs into ``model`` inside ``guard(columns)``."""
    _sqlite_guards[model._meta.db_table] = guard


COPY_CHUNK = 5000  # rows per piece of COPY text: the server works on one while the next is built
_MISSING = object()


def converter(field: models.Field[Any, Any]) -> Converter | None:
    """How a Python value of ``field`` becomes what a cursor takes; None where it already is."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return lambda value: json.dumps(value, cls=encoder)  # JSON text, for both databases
    if isinstance(field, models.DecimalField):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


class _Defaults:
    """What a column missing from the given ones gets: the field's default, in database form.

    ``auto_now``/``auto_now_add`` columns take the time of the INSERT; a callable default is
    called once per row.
    """

    def __init__(self, fields: list[models.Field[Any, Any]]) -> None:
        now = timezone.now()
        self.fixed: dict[str, Any] = {}
        self.per_row: dict[str, tuple[Callable[[], Any], Converter | None]] = {}
        for field in fields:
            convert = converter(field)
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value: Any = now
            elif field.has_default() and callable(field.default):
                self.per_row[field.attname] = (field.default, convert)
                continue
            elif field.has_default():
                value = field.get_default()
            elif field.null:
                value = None
            else:
                continue
            self.fixed[field.attname] = convert(value) if convert else value

    def column(self, name: str, count: int) -> list[Any]:
        if name in self.fixed:
            return [self.fixed[name]] * count
        if name in self.per_row:
            make, convert = self.per_row[name]
            values = [make() for _ in range(count)]
            return values if convert is None else [convert(v) for v in values]
        raise ValueError(f"no value and no default for column {name!r}")


def per_object(objects: Sequence[Any], make: Callable[[Any], Any]) -> list[Any]:
    """``make(obj)`` for each of ``objects``, computed once per distinct object (by identity).

    For columns derived from a few shared objects, such as the region of each of 100,000
    imported rows (a few hundred villages): the per-row work is two C-level maps.
    """
    keys = list(map(id, objects))
    distinct = dict(zip(keys, objects, strict=True))
    made = {key: make(obj) for key, obj in distinct.items()}
    return list(map(made.__getitem__, keys))


def insert_rows(
    model: type[models.Model], rows: Iterable[dict[str, Any]], batch_size: int = 5000
) -> int:
    """INSERT ``rows`` (``{attname: value}``) into ``model``'s table; returns the count.

    A column missing from a row takes the field's default (a callable default is called for
    each such row); ``auto_now``/``auto_now_add`` columns take the time of the call.
    """
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = _Defaults(fields)
    per_row = defaults.per_row
    plan = [(f.attname, converter(f)) for f in fields]
    count = 0
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, batch_size)):
        # Callable defaults row by row and in field order, as a row at a time would call them.
        extra = (
            [{n: make() for n, (make, _c) in per_row.items() if n not in row} for row in batch]
            if per_row
            else []
        )
        columns: dict[str, list[Any]] = {}
        for name, convert in plan:
            if name in per_row:
                values = [
                    row[name] if name in row else more[name]
                    for row, more in zip(batch, extra, strict=True)
                ]
                columns[name] = values if convert is None else [convert(v) for v in values]
                continue
            default = defaults.fixed.get(name, _MISSING)
            if default is _MISSING:  # no default: every row must have it (KeyError otherwise)
                values = [row[name] for row in batch]
                columns[name] = values if convert is None else [convert(v) for v in values]
            elif convert is None:
                columns[name] = [row.get(name, default) for row in batch]
            else:
                columns[name] = [convert(row[name]) if name in row else default for row in batch]
        count += insert_columns(model, columns)
    return count


def insert_columns(model: type[models.Model], columns: Mapping[str, Sequence[Any]]) -> int:
    """INSERT rows given column by column: ``{attname: values}``, all of one length.

    Values are in database form, as a cursor takes them (see :func:`converter`): str, int,
    bool, float, None, and what ``connection.ops.adapt_*`` makes of dates, times and decimals;
    JSON columns take JSON text. The primary key may be among the columns (ids from
    :func:`reserve_ids`); any other column left out takes its default. Returns the row count.
    """
    if not columns:
        return 0
    count = len(next(iter(columns.values())))
    if not count:
        return 0
    fields = [f for f in model._meta.concrete_fields if f.attname in columns or not f.primary_key]
    unknown = set(columns) - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"not columns of {model._meta.label}: {sorted(unknown)}")
    missing = [f for f in fields if f.attname not in columns]
    defaults = _Defaults(missing)
    values = [
        columns[f.attname] if f.attname in columns else defaults.column(f.attname, count)
        for f in fields
    ]
    if any(len(column) != count for column in values):
        raise ValueError("columns of different lengths")
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    column_list = ", ".join(quote(f.column) for f in fields)
    if connection.vendor == "postgresql":
        copy_in(f"COPY {table} ({column_list}) FROM STDIN", copy_pieces(values, count))
        return count
    guard = _sqlite_guards.get(model._meta.db_table)
    with guard(columns) if guard else contextlib.nullcontext(), connection.cursor() as cursor:
        _insert_sqlite(cursor, f"INSERT INTO {table} ({column_list}) VALUES ", values, count)
    return count


# Rows per SQLite INSERT statement, at most (fewer when the columns times the rows would pass
# SQLite's limit on a statement's parameters). One statement of many rows instead of an
# executemany of one-row statements: SQLite then updates an AUTOINCREMENT table's counter and
# starts a statement once per 1,000 rows, not per row, which made 100,000 household and audit
# rows go in 35-40 % faster (bench/RESULTS.md); 200 to 2,000 rows measured alike.
SQLITE_ROWS_PER_INSERT = 1000


def _insert_sqlite(cursor: Any, head: str, values: list[Sequence[Any]], count: int) -> None:
    width = len(values)
    limit = _sqlite_variable_limit()
    per_statement = max(1, min(SQLITE_ROWS_PER_INSERT, limit // width))
    # Written with SQLite's own "?" marks, which Django's cursor passes through as they are;
    # with "%s" it would rewrite 17,000 marks per statement by a regular expression (~1 ms a
    # statement). It still scans the text once, hence no spaces between the marks.
    row = "(" + ",".join(["?"] * width) + ")"
    full_sql = head + ",".join([row] * per_statement)
    for start in range(0, count, per_statement):
        end = min(start + per_statement, count)
        sql = full_sql if end - start == per_statement else head + ",".join([row] * (end - start))
        rows = zip(*(c[start:end] for c in values), strict=True)  # lengths checked above
        params = list(itertools.chain.from_iterable(rows))
        cursor.execute(sql, params)


def _sqlite_variable_limit() -> int:
    """How many parameters one statement may take on this SQLite (32,766 since 3.32; 999 before)."""
    raw: Any = connection.connection
    return int(raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys of ``model``, for rows inserted with them in this transaction.

    PostgreSQL: taken from the key's sequence. SQLite: the table's AUTOINCREMENT counter is
    moved past them; the transaction holds the database's write lock (``transaction_mode``
    IMMEDIATE), so no other connection can take them meanwhile.
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sequence's name first: inside the generate_series() it was looked up again
            # for every id (100,000 ids: 0.30 s, against 0.06 s now).
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [quote(table), column])
            sequence = cursor.fetchone()[0]
            cursor.execute(
                "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count]
            )
            return [row[0] for row in cursor.fetchall()]
        if not connection.in_atomic_block:
            raise RuntimeError("reserve_ids() must run inside a transaction")
        cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        counter = cursor.fetchone()
        if counter is not None:
            top = max(top, counter[0])
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [top + count, table]
            )
        else:
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, top + count]
            )
    return list(range(top + 1, top + count + 1))


# --- PostgreSQL: COPY text ------------------------------------------------------------------

_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))  # backslash first
_NULL = "\\N"
_SEPARATOR = "\x00"  # never inside a value: PostgreSQL's text cannot hold it


def _escape(text: str) -> str:
    """Text as COPY's text format reads it back. A chain of ``str.replace`` (C loops that skip
    text with nothing to replace) rather than ``str.translate``, which looks every character up
    in a mapping: the audit events' JSON took 1.2 s of a 100,000-row import that way."""
    for plain, escaped in _ESCAPES:
        if plain in text:
            text = text.replace(plain, escaped)
    return text


def _copy_field(value: Any) -> str:
    """One value as a field of COPY's text format."""
    if value is None:
        return _NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return _escape(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return _escape(str(value))


def _copy_fields(values: Sequence[Any]) -> Sequence[str]:
    """A column's values as COPY text fields; whole-column fast paths for the usual types.

    A column of text (choices' enums included) is escaped in one piece, joined and split
    again on a character no value holds; a column of few distinct values (the import's one
    timestamp, its regions) formats each value once.
    """
    kinds = set(map(type, values))
    if all(issubclass(kind, str) for kind in kinds):
        joined = _SEPARATOR.join(values)
        escaped = _escape(joined)
        if escaped is joined:
            return values
        fields = escaped.split(_SEPARATOR)
        if len(fields) == len(values):
            return fields
        return [_escape(value) for value in values]  # a value held the separator itself
    if kinds <= {bool}:
        return ["t" if value else "f" for value in values]
    format_one = str if kinds == {int} else _copy_field  # an integer's text needs no escape
    try:  # keyed by type too: 1, 1.0 and True are equal keys but different fields
        keys = list(zip(map(type, values), values, strict=True))
        distinct = set(keys)
    except TypeError:  # an unhashable value (a list for an array column)
        return [format_one(value) for value in values]
    if len(distinct) * 8 > len(values):  # ids: each its own
        return list(map(format_one, values))
    formatted = {key: format_one(key[1]) for key in distinct}
    return [formatted[key] for key in keys]


def copy_pieces(columns: list[Sequence[Any]], count: int) -> Iterator[str]:
    """The rows as COPY's text format, in pieces of COPY_CHUNK rows, built column-wise."""
    for start in range(0, count, COPY_CHUNK):
        fields = [_copy_fields(column[start : start + COPY_CHUNK]) for column in columns]
        lines = map("\t".join, zip(*fields, strict=True))
        yield "\n".join(lines) + "\n"


def copy_in(statement: str, pieces: Iterable[str]) -> None:
    """Run ``COPY … FROM STDIN`` (psycopg 3), sending each piece as it comes: the server stores
    one while the next is built.

    Inside :func:`copies_overlapped` the COPY is left to the server once its text is sent.
    """
    overlap = _overlaps.get(connection.alias)
    if overlap is not None:
        overlap.start(statement, list(pieces))  # built while the server stores the last COPY
        return
    single = _Overlap()
    with single.finished_at_end():
        single.start(statement, pieces)


class _Overlap:
    """The COPY the server is still storing (at most one), finished before the next statement."""

    def __init__(self) -> None:
        self.cursor: Any = None
        self.copy: Any = None

    def start(self, statement: str, text: Iterable[str]) -> None:
        """Finish the previous COPY, open this one and send ``text``, piece by piece."""
        self.finish()
        cursor = connection.cursor()
        block = cursor.cursor.copy(statement)  # psycopg's context manager of the COPY
        self.cursor, self.copy = cursor, block
        with connection.wrap_database_errors:
            copy = block.__enter__()
            for piece in text:
                copy.write(piece)

    def finish(self, error: BaseException | None = None) -> None:
        """Wait for the COPY to be stored (or abandon it with ``error``); raise what it met."""
        cursor, copy = self.cursor, self.copy
        if copy is None:
            return
        self.cursor = self.copy = None
        try:
            with connection.wrap_database_errors:
                copy.__exit__(type(error) if error else None, error, None)
        finally:
            cursor.close()

    @contextlib.contextmanager
    def finished_at_end(self) -> Iterator[None]:
        """Finish the open COPY when the block ends; abandon it if the block raises (and raise
        that error, not the one abandoning may cause)."""
        try:
            yield
        except BaseException as error:
            with contextlib.suppress(Exception):
                self.finish(error)
            raise
        self.finish()

    def before_statement(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        self.finish()
        return execute(sql, params, many, context)


_overlaps: dict[str, _Overlap] = {}


@contextlib.contextmanager
def copies_overlapped() -> Iterator[None]:
    """Let Python build the next rows while PostgreSQL stores the previous ones.

    Inside, each COPY returns once its text is sent, and is finished (its errors raised) just
    before the connection's next statement, the next COPY, or the end of the block. Use it
    inside the transaction, around writes that build the next COPY's rows in Python: an import
    writes 100,000 households and their audit events in ten COPYs, and the server's storing of
    each hid the building of the next (bench/RESULTS.md). No effect on SQLite.
    """
    if connection.vendor != "postgresql" or connection.alias in _overlaps:
        yield
        return
    overlap = _Overlap()
    _overlaps[connection.alias] = overlap
    try:
        with connection.execute_wrapper(overlap.before_statement), overlap.finished_at_end():
            yield
    finally:
        del _overlaps[connection.alias]
