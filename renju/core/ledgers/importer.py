"""Import a ledger sheet: parse → check every row → write all of it in one transaction, or nothing.

Errors name the row (as Excel numbers it, header = row 1) and the column: “第N行 列X: 原因”.
Rows whose code exists (inside the user's scope) update that row; the others create rows, so an
export re-imports unchanged. Every created or changed row gets its audit event.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renju.core import audit
from renju.core.bulk import converter, insert_columns, reserve_ids
from renju.core.models.audit import AuditAction
from renju.core.scoping import IMPORT, scope_regions

from .columns import CellError, Column
from .registry import Ledger

Progress = Callable[[int, int, str], None]
MAX_LISTED_ERRORS = 1000
SQL_CHUNK = 900  # stays under SQLite's bound-parameter limit
ANCESTORS = ("city_id", "county_id", "town_id", "village_id")


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
        if hasattr(queryset, "restrict"):
            queryset = queryset.restrict(user, "view")
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


def _parse_row(
    index: int, raw: list[Any], plans: list[_Plan], result: ImportResult
) -> dict[str, Any]:
    values: dict[str, Any] = {"_row": index}
    width = len(raw)
    for name, position, parse, required, table, default, column in plans:
        try:
            value = parse(raw[position] if position < width else None)
        except CellError as exc:
            result.add_error(_cell_error(index, column, str(exc)))
            continue
        if value is None or value == "":
            if required:
                result.add_error(_cell_error(index, column, _("required, but empty")))
                continue
            if table is not None:
                value = None  # an empty optional relation: none
            elif value is None and default is not None:
                value = default
        elif table is not None:
            obj = table.get(value)
            if obj is None:
                message = _("“%(value)s” does not exist or is outside your area") % {"value": value}
                result.add_error(_cell_error(index, column, message))
                continue
            value = obj
        values[name] = value
    return values


def _is_blank(raw: list[Any]) -> bool:
    for cell in raw:
        if cell is None or cell == "" or (isinstance(cell, str) and not cell.strip()):
            continue
        return False
    return True


def parse_rows(
    ledger: Ledger, rows: list[list[Any]], user: Any, progress: Progress | None = None
) -> tuple[list[dict[str, Any]], ImportResult]:
    """Every data row as field values, or the errors that make the file unacceptable."""
    result = ImportResult()
    if not rows or _is_blank(rows[0]):
        result.add_error(_("The sheet has no header row."))
        return [], result
    positions = _match_headers(ledger, rows[0], result)
    if not result.ok:
        return [], result
    plans = _plans(ledger, positions, _Lookups(ledger, user))
    columns = ledger.spreadsheet_columns
    parsed: list[dict[str, Any]] = []
    seen_codes: dict[str, int] = {}
    total = len(rows) - 1
    complete = len(columns) + 1
    for index, raw in enumerate(rows[1:], start=2):
        if _is_blank(raw):
            continue
        values = _parse_row(index, raw, plans, result)
        code = values.get("code")
        if code:
            if code in seen_codes:
                message = _("duplicate code, also in row %(row)s") % {"row": seen_codes[code]}
                result.add_error(_cell_error(index, columns[0], message))
            else:
                seen_codes[code] = index
        if ledger.validate_row is not None and len(values) == complete:
            for name, message in ledger.validate_row(values).items():
                column = next(c for c in columns if c.name == name)
                result.add_error(_cell_error(index, column, message))
        parsed.append(values)
        if progress and index % 5000 == 0:
            progress(index, total, "check")
    if not parsed and result.ok:
        result.add_error(_("The sheet has no data rows."))
    return parsed, result


def _ids_by_code(model: Any, codes: list[str]) -> dict[str, int]:
    """``{code: pk}`` of the rows among ``codes``, in one query on the code index.

    PostgreSQL gets the codes as one array parameter, SQLite as one JSON array.
    """
    if not codes:
        return {}
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT code, id FROM {table} WHERE code = ANY(%s)", [codes])
        else:
            cursor.execute(
                f"SELECT code, id FROM {table} WHERE code IN (SELECT value FROM json_each(%s))",
                [json.dumps(codes)],
            )
        return dict(cursor.fetchall())


def _existing(ledger: Ledger, codes: list[str]) -> dict[str, Any]:
    """The rows that already exist among ``codes`` (full objects: they may be updated)."""
    model: Any = ledger.model
    ids = list(_ids_by_code(model, codes).values())
    found: dict[str, Any] = {}
    for start in range(0, len(ids), SQL_CHUNK):
        for obj in model._default_manager.filter(pk__in=ids[start : start + SQL_CHUNK]):
            found[obj.code] = obj
    return found


def import_rows(
    ledger: Ledger, rows: list[list[Any]], user: Any, progress: Progress | None = None
) -> ImportResult:
    """Check and write; nothing is written unless every row is good."""
    parsed, result = parse_rows(ledger, rows, user, progress)
    if not result.ok:
        return result
    existing = _existing(ledger, [v["code"] for v in parsed])
    in_scope_ids = _in_scope_ids(ledger, user, [o.pk for o in existing.values()])
    creates: list[dict[str, Any]] = []
    updates: list[tuple[models.Model, dict[str, list[Any]]]] = []
    for values in parsed:
        row = values.pop("_row")
        current = existing.get(values["code"])
        if current is not None and current.pk not in in_scope_ids:
            result.add_error(
                _cell_error(row, ledger.spreadsheet_columns[0], _("this code is already in use"))
            )
            continue
        if current is None:
            creates.append(values)
            continue
        before = audit.snapshot(current)
        for name, value in values.items():
            setattr(current, name, value)
        changes = audit.diff(before, audit.snapshot(current))
        if changes:
            current.set_ancestors()
            updates.append((current, changes))
        else:
            result.unchanged += 1
    if not result.ok:
        return result
    _write(ledger, creates, updates, result, progress, user)
    return result


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


def _insert_created(
    ledger: Ledger, creates: list[dict[str, Any]]
) -> tuple[list[int], dict[str, list[Any]], list[Any]]:
    """INSERT the new rows with ids taken up front; returns the ids, the new values by attname
    (as the audit records them) and each row's region."""
    model: Any = ledger.model
    count = len(creates)
    ids = reserve_ids(model, count)
    values: dict[str, list[Any]] = {}
    stored: dict[str, list[Any]] = {"id": ids}
    for column in ledger.spreadsheet_columns:
        field: Any = column.model_field
        cells = [row[column.name] for row in creates]
        if column.is_relation:
            cells = [obj.pk if obj is not None else None for obj in cells]
        values[field.attname] = cells
        convert = converter(field)
        stored[field.attname] = cells if convert is None else [convert(v) for v in cells]
    regions = [row["region"] for row in creates]
    ancestors: dict[int, tuple[Any, ...]] = {}
    for region in regions:
        if region.pk not in ancestors:
            ancestors[region.pk] = (
                region.city_id,
                region.county_id,
                region.town_id,
                region.village_id,
            )
    by_row = zip(*(ancestors[r.pk] for r in regions), strict=True)
    for name, column_values in zip(ANCESTORS, by_row, strict=True):
        stored[name] = list(column_values)
    insert_columns(model, stored)
    return ids, values, regions


def _write(
    ledger: Ledger,
    creates: list[dict[str, Any]],
    updates: list[tuple[models.Model, dict[str, list[Any]]]],
    result: ImportResult,
    progress: Progress | None,
    user: Any = None,
) -> None:
    model: Any = ledger.model
    total = len(creates) + len(updates)
    batch = 5000
    label = model._meta.label_lower
    written: list[int] = []
    try:
        with transaction.atomic():
            for start in range(0, len(creates), batch):
                chunk = creates[start : start + batch]
                ids, values, regions = _insert_created(ledger, chunk)
                audit.record_rows(
                    AuditAction.CREATE,
                    label,
                    ids,
                    values["code"],
                    regions,
                    audit.created_changes(values),
                )
                written += ids
                if progress:
                    progress(start + len(chunk), total, "write")
            fields = [c.model_field.name for c in ledger.spreadsheet_columns if c.name != "code"]
            fields += ["city", "county", "town", "village", "updated_at"]
            now = timezone.now()
            for start in range(0, len(updates), batch):
                chunk_updates = updates[start : start + batch]
                for obj, _changes in chunk_updates:
                    obj.updated_at = now  # type: ignore[attr-defined]
                model._default_manager.bulk_update([o for o, _c in chunk_updates], fields)
                audit.record_many(
                    audit.build(AuditAction.UPDATE, o, changes=c) for o, c in chunk_updates
                )
                if progress:
                    progress(len(creates) + start + len(chunk_updates), total, "write")
            if ledger.after_write is not None:
                written += [o.pk for o, _c in updates]
                for start in range(0, len(written), SQL_CHUNK):
                    chunk_ids = written[start : start + SQL_CHUNK]
                    ledger.after_write(user, model._default_manager.filter(pk__in=chunk_ids))
    except IntegrityError as exc:
        result.add_error(_("The database refused the rows: %(error)s") % {"error": exc})
        return
    result.created = len(creates)
    result.updated = len(updates)
