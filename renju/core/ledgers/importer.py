"""Import a ledger sheet: check every row and write all of it in one transaction, or nothing.

The sheet's codes are checked first (duplicates, codes in use), then the rows a step at a time,
each step written while the next is checked; the first wrong cell stops the writing, the
checking goes on so that every error is reported, and what was written is rolled back.

Errors name the row (as Excel numbers it, header = row 1) and the column: “第N行 列X: 原因”.
Rows whose code exists (inside the user's scope) update that row; the others create rows, so an
export re-imports unchanged. Every created or changed row gets its audit event.
"""

from __future__ import annotations

import datetime
import gc
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from operator import itemgetter
from typing import Any, NamedTuple

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renju.core import audit
from renju.core.bulk import (
    converter,
    copies_overlapped,
    insert_columns,
    per_object,
    reserve_ids,
)
from renju.core.models.audit import AuditAction
from renju.core.scoping import IMPORT, scope_regions

from .columns import CellError, Column
from .registry import Ledger

Progress = Callable[[int, int, str], None]
MAX_LISTED_ERRORS = 1000
SQL_CHUNK = 900  # stays under SQLite's bound-parameter limit
ANCESTORS = ("city_id", "county_id", "town_id", "village_id")
# Rows checked, then written (and audited), per step. On PostgreSQL each step is one COPY sent
# in pieces of bulk.COPY_CHUNK rows; the server stores a step while the next one is checked and
# built. Steps of 20,000 rows instead of 5,000 made a 100,000-row import 0.5-0.6 s faster
# (bench/RESULTS.md), with five steps of progress still.
WRITE_BATCH = 20_000


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(message)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "error_count": self.error_count,
        }


def _cell_error(row: int, column: Column, message: str) -> str:
    return _("Row %(row)s, column %(column)s: %(message)s") % {
        "row": row,
        "column": column.header,
        "message": message,
    }


def _match_headers(ledger: Ledger, header_row: list[Any], result: ImportResult) -> list[int]:
    """Position of each ledger column in the sheet (Chinese or English headers, any order)."""
    cells = [str(h).strip() if h is not None else "" for h in header_row]
    positions: list[int] = []
    known: set[str] = set()
    for column in ledger.spreadsheet_columns:
        names = {column.header, column.header_en}
        known |= names
        matches = [i for i, cell in enumerate(cells) if cell in names]
        if not matches:
            result.add_error(_("Missing column: %(column)s") % {"column": column.header})
            positions.append(-1)
        else:
            positions.append(matches[0])
    unknown = [c for c in cells if c and c not in known]
    if unknown:
        result.add_error(_("Unknown columns: %(columns)s") % {"columns": "、".join(unknown)})
    return positions


class _Lookups:
    """Foreign-key tables (code → object), restricted to the importing user's scope."""

    def __init__(self, ledger: Ledger, user: Any) -> None:
        self.tables: dict[str, dict[str, Any]] = {}
        for column in ledger.spreadsheet_columns:
            if column.is_relation:
                self.tables[column.name] = self._table(ledger, column, user)

    @staticmethod
    def _table(ledger: Ledger, column: Column, user: Any) -> dict[str, Any]:
        related: Any = column.model_field.related_model
        queryset = related._default_manager.all()
        if related._meta.label_lower == "regions.region":
            levels = getattr(ledger.model, "allowed_levels", (5, 6))
            queryset = queryset.filter(valid_to__isnull=True, level__in=levels)
            return {r.code: r for r in queryset.within(user, IMPORT).iterator(chunk_size=5000)}
        if hasattr(queryset, "within_reach"):
            queryset = queryset.within_reach(user)
        return {str(getattr(obj, column.lookup)): obj for obj in queryset.iterator(chunk_size=5000)}


class _Plan(NamedTuple):
    """What to do with one column of the sheet, decided once per import."""

    name: str
    position: int
    parse: Callable[[Any], Any]
    required: bool
    table: dict[str, Any] | None  # foreign-key look-up table
    default: Any
    column: Column


def _plans(ledger: Ledger, positions: list[int], lookups: _Lookups) -> list[_Plan]:
    plans = []
    for column, position in zip(ledger.spreadsheet_columns, positions, strict=True):
        field = column.model_field
        default = field.get_default() if not column.is_relation and field.has_default() else None
        table = lookups.tables.get(column.name)
        plans.append(
            _Plan(column.name, position, column.parse, column.required, table, default, column)
        )
    return plans


_ERROR = object()  # a cell that could not be read: its row gets no value for that column
Error = tuple[int, int, str]  # (row number, order within the row, message)


def _cells(rows: list[list[Any]], position: int) -> list[Any]:
    """One column of the sheet (None where a row is shorter)."""
    try:
        return list(map(itemgetter(position), rows))
    except IndexError:  # ragged rows (csv): the short ones have nothing there
        return [raw[position] if position < len(raw) else None for raw in rows]


class _Failure(NamedTuple):
    """Why a cell cannot be taken."""

    message: str


def _outcome(plan: _Plan, cell: Any) -> Any:
    """What one cell becomes: the field's value (a related object for a relation; the default
    for an empty cell that has one) or a :class:`_Failure`."""
    try:
        value = plan.parse(cell)
    except CellError as exc:
        return _Failure(str(exc))
    if value is None or value == "":
        if plan.required:
            return _Failure(_("required, but empty"))
        if plan.table is not None:
            return None  # an empty optional relation: none
        if value is None and plan.default is not None:
            return plan.default
        return value
    if plan.table is not None:
        obj = plan.table.get(value)
        if obj is None:
            return _Failure(
                _("“%(value)s” does not exist or is outside your area") % {"value": value}
            )
        return obj
    return value


SAMPLE = 2000  # cells looked at to tell a column of few distinct values (codes, choices...)


def _parse_column(
    plan: _Plan, order: int, cells: list[Any], numbers: Sequence[int], errors: list[Error]
) -> list[Any]:
    """A column's cells as field values (related objects for relations); ``_ERROR`` where a
    cell is wrong, with its error added to ``errors``.

    A column of few distinct values (regions, choices, yes/no, small numbers) is worked out
    once per distinct value (told apart by type too: 1, 1.0 and True are different cells);
    any other column maps its parser over all cells and goes cell by cell only where it has
    something to report or fill in.
    """
    head = cells[:SAMPLE]
    try:
        few = len(set(zip(map(type, head), head, strict=True))) * 4 <= len(head)
        if few and len(set(map(type, cells))) == 1:
            keys: list[Any] = cells  # one type throughout: the cells themselves tell apart
        elif few:
            keys = list(zip(map(type, cells), cells, strict=True))
        else:
            keys = []
        outcomes = {key: _outcome(plan, key if keys is cells else key[1]) for key in set(keys)}
    except TypeError:  # an unhashable cell (not from a sheet): cell by cell
        keys = []
    if keys:
        values = list(map(outcomes.__getitem__, keys))
        if any(type(outcome) is _Failure for outcome in outcomes.values()):
            for i, value in enumerate(values):
                if type(value) is _Failure:
                    message = _cell_error(numbers[i], plan.column, value.message)
                    errors.append((numbers[i], order, message))
                    values[i] = _ERROR
        return values
    try:
        values = list(map(plan.parse, cells))
    except CellError:
        values = list(map(partial(_outcome, plan), cells))
    else:
        if plan.table is None and None not in values and "" not in values:
            return values  # the usual text column: nothing to fill in, nothing wrong
        values = [
            value
            if value is not None and value != "" and plan.table is None
            else _outcome(plan, cell)
            for value, cell in zip(values, cells, strict=True)
        ]
    for i, value in enumerate(values):
        if type(value) is _Failure:
            errors.append((numbers[i], order, _cell_error(numbers[i], plan.column, value.message)))
            values[i] = _ERROR
    return values


def _is_blank(raw: list[Any]) -> bool:
    for cell in raw:
        if cell is None or cell == "" or (isinstance(cell, str) and not cell.strip()):
            continue
        return False
    return True


def _data_rows(body: list[list[Any]], position: int) -> tuple[list[list[Any]], Sequence[int]]:
    """The rows that are not blank and their numbers as Excel shows them (header = 1).

    A row whose cell in ``position`` holds something is not blank; only the others are
    looked at whole.
    """
    first = _cells(body, position)
    suspects = [
        i for i, cell in enumerate(first) if not cell or (type(cell) is str and cell.isspace())
    ]
    blank = {i for i in suspects if _is_blank(body[i])}
    if not blank:
        return body, range(2, len(body) + 2)
    kept = [i for i in range(len(body)) if i not in blank]
    return [body[i] for i in kept], [i + 2 for i in kept]


class _Sheet(NamedTuple):
    """A sheet whose headers are right: how to read each column, and its data rows."""

    plans: list[_Plan]
    body: list[list[Any]]
    numbers: Sequence[int]  # each data row's number as Excel shows it (header = 1)


def _open_sheet(
    ledger: Ledger, rows: list[list[Any]], user: Any, result: ImportResult, exported: bool
) -> _Sheet | None:
    """The sheet's columns and data rows, or None with the reason in ``result``. A sheet with
    no rows is an error (an empty template sent by mistake), unless it is an export of renju's
    (``exported``: of a filter that matched nothing), which re-imports as nothing to change."""
    if not rows or _is_blank(rows[0]):
        result.add_error(_("The sheet has no header row."))
        return None
    positions = _match_headers(ledger, rows[0], result)
    if not result.ok:
        return None
    plans = _plans(ledger, positions, _Lookups(ledger, user))
    body, numbers = _data_rows(rows[1:], positions[0])
    if not body and not exported:
        result.add_error(_("The sheet has no data rows."))
        return None
    return _Sheet(plans, body, numbers)


def _check_codes(sheet: _Sheet, errors: list[Error]) -> list[Any]:
    """The code column (every ledger's first) of the whole sheet; a code that comes again is
    reported in each later row."""
    plan = sheet.plans[0]
    numbers = sheet.numbers
    codes = _parse_column(plan, 0, _cells(sheet.body, plan.position), numbers, errors)
    if len(set(codes)) != len(codes):
        after = len(sheet.plans)
        seen: dict[Any, int] = {}
        for number, code in zip(numbers, codes, strict=True):
            if code is _ERROR or not code:
                continue
            if code in seen:
                message = _("duplicate code, also in row %(row)s") % {"row": seen[code]}
                errors.append((number, after, _cell_error(number, plan.column, message)))
            else:
                seen[code] = number
    return codes


def _check_rows(
    ledger: Ledger, sheet: _Sheet, codes: list[Any], rows: slice, errors: list[Error]
) -> list[dict[str, Any]]:
    """The sheet's ``rows`` as field values (``_row``: the row's number), their wrong cells
    added to ``errors`` and left out of the row.

    Read a column at a time: each column's parser maps over the rows' cells, empty cells and
    look-ups are resolved per distinct value; the rows are assembled at the end, and the
    ledger's own check runs on each row whose cells are all good.
    """
    body, numbers = sheet.body[rows], sheet.numbers[rows]
    found = len(errors)
    values_by_column = [codes[rows]]
    for order, plan in enumerate(sheet.plans[1:], start=1):
        cells = _cells(body, plan.position)
        values_by_column.append(_parse_column(plan, order, cells, numbers, errors))
    names = ["_row", *(plan.name for plan in sheet.plans)]
    # One value per row in every column (they all come from ``body``): no strict checks needed.
    by_row = zip(numbers, *values_by_column, strict=False)
    parsed = [dict(zip(names, row, strict=False)) for row in by_row]
    broken = {number for number, _order, _message in errors[found:]}
    if _ERROR in values_by_column[0]:  # its error was reported with the code column
        broken.update(n for n, c in zip(numbers, values_by_column[0], strict=True) if c is _ERROR)
    if broken:
        by_number = dict(zip(numbers, parsed, strict=True))
        for number in broken:
            values = by_number[number]
            for name in [name for name, value in values.items() if value is _ERROR]:
                del values[name]
    if ledger.validate_row is not None:
        _validate_rows(ledger, parsed, len(names), errors)
    return parsed


def _validate_rows(
    ledger: Ledger, parsed: list[dict[str, Any]], complete: int, errors: list[Error]
) -> None:
    """The ledger's own check of each row whose cells are all good."""
    columns = {column.name: column for column in ledger.spreadsheet_columns}
    after = len(columns) + 1  # after the row's cells and its duplicate code
    validate = ledger.validate_row
    for values in parsed:
        if len(values) != complete:
            continue
        problems = validate(values)
        for name, message in problems.items() if problems else ():
            number = values["_row"]
            errors.append((number, after, _cell_error(number, columns[name], message)))


def _ids_by_code(model: Any, codes: list[str]) -> dict[str, int]:
    """``{code: pk}`` of the rows among ``codes``, in one query on the code index.

    PostgreSQL gets the codes as one array literal and merge-joins them with the code index (a
    plan made for the value knows the array's length): 100,000 codes 0.15 s, against 0.26-0.32 s
    for a JSON array looked up code by code (bench/RESULTS.md). Sorted first, they cost the
    server's sort of the array less (0.13 → 0.10 s). SQLite gets a JSON array.
    """
    if not codes:
        return {}
    table = connection.ops.quote_name(model._meta.db_table)
    if connection.vendor == "postgresql":
        sql = f"SELECT t.code, t.id FROM {table} t JOIN unnest(%s::text[]) u ON t.code = u.u"
        param = _array_literal(sorted(codes))
    else:
        sql = f"SELECT code, id FROM {table} WHERE code IN (SELECT value FROM json_each(%s))"
        param = json.dumps(codes)
    with connection.cursor() as cursor:
        cursor.execute(sql, [param])
        return dict(cursor.fetchall())


def _array_literal(texts: list[str]) -> str:
    """``texts`` as a PostgreSQL array literal: each element quoted, ``\\`` and ``"`` escaped."""
    quoted = (text.replace("\\", "\\\\").replace('"', '\\"') for text in texts)
    return "{" + ",".join(f'"{text}"' for text in quoted) + "}"


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the length of an import.

    An import makes about ten objects per cell and row (values, row dicts, column lists, audit
    JSON) and none of them forms a cycle, so reference counting frees them all; but each full
    collection that their sheer number triggers walks every live object again (measured on a
    100,000-row sheet: 0.5-0.9 s of the 3.2 s of ``import_rows``). The collector's previous
    state comes back afterwards, whatever happens.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_rows(
    ledger: Ledger,
    rows: list[list[Any]],
    user: Any,
    progress: Progress | None = None,
    exported_at: datetime.datetime | None = None,
) -> ImportResult:
    """Check and write; nothing is written unless every row is good. ``exported_at``: when the
    sheet was exported (``spreadsheets.exported_at``); a row it would change that was changed
    after that is refused, not undone."""
    with _collector_paused():
        return _import_rows(ledger, rows, user, progress, exported_at)


def _import_rows(
    ledger: Ledger,
    rows: list[list[Any]],
    user: Any,
    progress: Progress | None,
    exported_at: datetime.datetime | None,
) -> ImportResult:
    """Check the sheet and write it a step (``WRITE_BATCH`` rows) at a time, each step checked
    while the database stores the one before; the first error stops the writing, the checking
    goes on to the end so that every error is reported, and nothing written stays."""
    result = ImportResult()
    sheet = _open_sheet(ledger, rows, user, result, exported=exported_at is not None)
    if sheet is None:
        return result
    errors: list[Error] = []
    codes = _check_codes(sheet, errors)
    targets = _Targets(ledger, user, sheet, codes)

    def acceptable() -> bool:
        return not errors and not targets.in_use

    total = len(sheet.body)
    try:
        with transaction.atomic():
            writer = _Writer(ledger, user, targets.new_ids() if acceptable() else [], exported_at)
            with copies_overlapped():  # each step is checked while the last one is stored
                for start in range(0, total, WRITE_BATCH):
                    stop = min(start + WRITE_BATCH, total)
                    parsed = _check_rows(ledger, sheet, codes, slice(start, stop), errors)
                    writing = acceptable()
                    if writing:
                        errors += writer.write(parsed, targets)
                    if progress:
                        progress(stop, total, "write" if writing else "check")
            if acceptable():
                writer.finish()
            else:
                transaction.set_rollback(True)  # nothing written stays
    except IntegrityError as exc:
        result.add_error(_("The database refused the rows: %(error)s") % {"error": exc})
        return result
    if acceptable():
        result.created, result.updated, result.unchanged = writer.counts()
    # A code already in use is worth reporting only in a sheet that is right otherwise.
    for _number, _order, message in sorted(errors or targets.in_use, key=itemgetter(0, 1)):
        result.add_error(message)  # the sort is stable: a row's errors as they were found
    return result


class _Targets:
    """Which of the sheet's codes exist already (inside the user's scope: updated; outside it:
    "in use"), found in one look-up before the first step."""

    def __init__(self, ledger: Ledger, user: Any, sheet: _Sheet, codes: list[Any]) -> None:
        self.model: Any = ledger.model
        self.rows = len(codes)
        good = [code for code in codes if code is not _ERROR and code]
        self.ids = _ids_by_code(self.model, good)
        in_scope = _in_scope_ids(ledger, user, list(self.ids.values()))
        self.in_use: list[Error] = []
        if len(in_scope) < len(self.ids):
            code_column = ledger.spreadsheet_columns[0]
            message = _("this code is already in use")
            for number, code in zip(sheet.numbers, codes, strict=True):
                pk = self.ids.get(code) if code is not _ERROR else None
                if pk is not None and pk not in in_scope:
                    self.in_use.append((number, 0, _cell_error(number, code_column, message)))

    def new_ids(self) -> list[int]:
        """Ids for the sheet's new rows, taken at once (a statement between two steps would
        wait for the last step to be stored)."""
        return reserve_ids(self.model, self.rows - len(self.ids))

    def existing(self, codes: list[str]) -> dict[str, Any]:
        """The rows among ``codes`` that exist already (full objects: they may be updated)."""
        if not self.ids:
            return {}  # a sheet of new rows
        ids = [pk for pk in map(self.ids.get, codes) if pk is not None]
        found: dict[str, Any] = {}
        for start in range(0, len(ids), SQL_CHUNK):
            for obj in self.model._default_manager.filter(pk__in=ids[start : start + SQL_CHUNK]):
                found[obj.code] = obj
        return found


def _in_scope_ids(ledger: Ledger, user: Any, ids: list[int]) -> set[int]:
    model: Any = ledger.model
    if scope_regions(user, IMPORT) is None:
        return set(ids)
    allowed: set[int] = set()
    for start in range(0, len(ids), SQL_CHUNK):
        chunk = ids[start : start + SQL_CHUNK]
        allowed |= set(
            model._default_manager.restrict(user, IMPORT)
            .filter(pk__in=chunk)
            .values_list("pk", flat=True)
        )
    return allowed


def _pk_or_none(obj: Any) -> Any:
    return obj.pk if obj is not None else None


def _ancestors(region: Any) -> tuple[Any, ...]:
    return (region.city_id, region.county_id, region.town_id, region.village_id)


def _insert_created(
    ledger: Ledger, creates: list[dict[str, Any]], ids: list[int]
) -> tuple[dict[str, list[Any]], list[Any]]:
    """INSERT the new rows with the ids taken for them; returns the new values by attname (as
    the audit records them) and each row's region."""
    model: Any = ledger.model
    values: dict[str, list[Any]] = {}
    stored: dict[str, list[Any]] = {"id": ids}
    for column in ledger.spreadsheet_columns:
        field: Any = column.model_field
        cells = list(map(itemgetter(column.name), creates))
        if column.is_relation:
            cells = per_object(cells, _pk_or_none)
        values[field.attname] = cells
        convert = converter(field)
        stored[field.attname] = cells if convert is None else list(map(convert, cells))
    regions = list(map(itemgetter("region"), creates))
    by_row = per_object(regions, _ancestors)
    for name, column_values in zip(ANCESTORS, zip(*by_row, strict=True), strict=True):
        stored[name] = list(column_values)
    insert_columns(model, stored)
    return values, regions


class _Writer:
    """Writes the checked rows step by step: the new ones (with the ids taken for them) and
    the changed ones, each with its audit event, and counts them."""

    def __init__(
        self,
        ledger: Ledger,
        user: Any,
        ids: list[int],
        exported_at: datetime.datetime | None = None,
    ) -> None:
        self.exported_at = exported_at
        self.ledger = ledger
        self.model: Any = ledger.model
        self.label = self.model._meta.label_lower
        self.user = user
        self.ids = ids
        self.created: list[int] = []
        self.updated: list[int] = []
        self.unchanged = 0
        self.fields = [c.model_field.name for c in ledger.spreadsheet_columns if c.name != "code"]
        self.fields += ["city", "county", "town", "village", "updated_at"]

    def write(self, parsed: list[dict[str, Any]], targets: _Targets) -> list[Error]:
        """Write a step's rows; the rows it would change that changed after the sheet was
        exported, as errors (then nothing of the step is written)."""
        existing = targets.existing([values["code"] for values in parsed])
        creates: list[dict[str, Any]] = []
        updates: list[tuple[models.Model, dict[str, list[Any]]]] = []
        stale: list[Error] = []
        for values in parsed:
            number = values.pop("_row")
            current = existing.get(values["code"])
            if current is None:
                creates.append(values)
                continue
            before = audit.snapshot(current)
            changed_at = current.updated_at
            for name, value in values.items():
                setattr(current, name, value)
            changes = audit.diff(before, audit.snapshot(current))
            if changes and self.exported_at is not None and changed_at > self.exported_at:
                stale.append((number, 0, self._stale(number, changed_at)))
            elif changes:
                current.set_ancestors()
                updates.append((current, changes))
            else:
                self.unchanged += 1
        if stale:
            return stale
        if creates:
            self._create(creates)
        if updates:
            self._update(updates)
        return []

    def _stale(self, number: int, changed_at: datetime.datetime) -> str:
        code_column = self.ledger.spreadsheet_columns[0]
        message = _(
            "changed on %(time)s, after this sheet was exported: export it again and make "
            "your changes there (this row would undo that change)"
        ) % {"time": timezone.localtime(changed_at).strftime("%Y-%m-%d %H:%M")}
        return _cell_error(number, code_column, message)

    def _create(self, creates: list[dict[str, Any]]) -> None:
        start = len(self.created)
        ids = self.ids[start : start + len(creates)]
        values, regions = _insert_created(self.ledger, creates, ids)
        changes = audit.created_changes(values)
        audit.record_rows(AuditAction.CREATE, self.label, ids, values["code"], regions, changes)
        self.created += ids

    def _update(self, updates: list[tuple[models.Model, dict[str, list[Any]]]]) -> None:
        now = timezone.now()
        for obj, _changes in updates:
            obj.updated_at = now  # type: ignore[attr-defined]
        self.model._default_manager.bulk_update([obj for obj, _c in updates], self.fields)
        audit.record_many(audit.build(AuditAction.UPDATE, o, changes=c) for o, c in updates)
        self.updated += [obj.pk for obj, _changes in updates]

    def counts(self) -> tuple[int, int, int]:
        """Rows created, updated and left unchanged."""
        return len(self.created), len(self.updated), self.unchanged

    def finish(self) -> None:
        """The ledger's own follow-up on every row written (e.g. cases for problems found)."""
        after_write = self.ledger.after_write
        if after_write is None:
            return
        written = self.created + self.updated
        for start in range(0, len(written), SQL_CHUNK):
            chunk = written[start : start + SQL_CHUNK]
            after_write(self.user, self.model._default_manager.filter(pk__in=chunk))
