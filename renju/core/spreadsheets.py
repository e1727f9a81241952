"""Reading and writing spreadsheets (.xlsx and .csv): the only place that knows file formats."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read (wrong type, empty, damaged)."""


def sniff_format(name: str, head: bytes) -> str:
    """'xlsx' or 'csv' from the file's name and first bytes; anything else is refused."""
    lower = name.lower()
    if not head:
        raise SpreadsheetError(_("The file is empty."))
    if lower.endswith(".xlsx"):
        if not head.startswith(XLSX_MAGIC):
            raise SpreadsheetError(_("The file is not a real .xlsx workbook."))
        return "xlsx"
    if lower.endswith(".csv"):
        if b"\x00" in head[:4096]:
            raise SpreadsheetError(_("The file is not a text .csv file."))
        return "csv"
    raise SpreadsheetError(_("Only .xlsx and .csv files can be imported."))


def read_rows(fileobj: IO[bytes], fmt: str) -> list[list[Any]]:
    """All rows of the first sheet (xlsx) or of the file (csv), header first."""
    if fmt == "xlsx":
        return _read_xlsx(fileobj)
    return _read_csv(fileobj)


def _read_xlsx(fileobj: IO[bytes]) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(fileobj)
        sheet = workbook.get_sheet_by_index(0)
        rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)  # lists already
        return rows
    except Exception as exc:  # calamine raises several error types for damaged files
        # Calamine's own words ("Cannot detect file format") are English and say no more.
        raise SpreadsheetError(
            _("The workbook cannot be read: it is damaged or cut short. Save it again and retry.")
        ) from exc


def _read_csv(fileobj: IO[bytes]) -> list[list[Any]]:
    raw = fileobj.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SpreadsheetError(_("The .csv file is neither UTF-8 nor GB18030 text."))
    rows = list(csv.reader(io.StringIO(text)))
    if "'" in text:  # undo what iter_csv escaped; a file without an apostrophe has nothing to undo
        rows = [[_csv_unescape(cell) for cell in row] for row in rows]
    return rows


# Text a spreadsheet program would run as a formula when it opens a .csv ("CSV injection",
# OWASP): written with a leading apostrophe, which Excel and LibreOffice show as plain text and
# the import takes off again. Text that starts with an apostrophe gets one more, so that every
# value comes back as it was. The .xlsx export writes text cells, which are never formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED_STARTS = (*FORMULA_STARTS, "'")


def _csv_escape(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_ESCAPED_STARTS):
        return "'" + value
    return value


def _csv_unescape(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:2] in _ESCAPED_STARTS else cell


def write_xlsx(
    target: IO[bytes],
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    notes: Sequence[str] = (),
    exported_at: datetime.datetime | None = None,
) -> int:
    """Write one sheet with a bold frozen header; returns the row count. Constant memory.

    ``exported_at``: an export's time, kept in the workbook's properties (Excel and WPS keep
    them when the sheet is edited and saved), so its re-import can tell rows changed since."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": False})
    if exported_at is not None:
        workbook.set_custom_property(EXPORTED_AT, exported_at.isoformat())
    sheet = workbook.add_worksheet(title[:31])
    bold = workbook.add_format({"bold": True, "bg_color": "#E8F1FB", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, bold)
        sheet.set_column(col, col, max(10, min(40, len(header) * 2 + 4)), text)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                sheet.write_string(count, col, _("yes") if value else _("no"))
            elif isinstance(value, int | float):
                sheet.write_number(count, col, value)
            else:
                sheet.write_string(count, col, str(value))
    if notes:
        info = workbook.add_worksheet(_("Notes")[:31])
        for i, note in enumerate(notes):
            info.write_string(i, 0, note)
    workbook.close()
    return count


EXPORTED_AT = "renju_exported_at"
# An export's file name ends in its local time to the second (``export_name``): a .csv has no
# properties, so its re-import reads the time there. A browser may add " (1)" to a repeat.
_NAME_STAMP = re.compile(r"-(\d{8}-\d{6})(?:\s*\(\d+\))?\.(?:csv|xlsx)$", re.IGNORECASE)


def export_name(name: str, fmt: str, moment: datetime.datetime) -> str:
    """``<name>-<local time to the second>.<fmt>``: an export's file name, which says when."""
    from django.utils import timezone

    return f"{name}-{timezone.localtime(moment):%Y%m%d-%H%M%S}.{fmt}"


def exported_at_from_name(filename: str) -> datetime.datetime | None:
    """The time in an export's file name (``export_name``), or None: renamed, or not one."""
    from django.utils import timezone

    match = _NAME_STAMP.search(filename or "")
    if match is None:
        return None
    try:
        moment = datetime.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return timezone.make_aware(moment)


def export_time(fileobj: IO[bytes], fmt: str, filename: str) -> datetime.datetime | None:
    """When renju exported the uploaded sheet: the .xlsx's own property, else its file name's
    time (a .csv's only record; renamed, it has none)."""
    stamp = exported_at(fileobj) if fmt == "xlsx" else None
    return stamp or exported_at_from_name(filename)


def exported_at(fileobj: IO[bytes]) -> datetime.datetime | None:
    """The time renju exported this .xlsx (``write_xlsx``), or None: not an export of renju's,
    or its properties are gone. Reads only the workbook's custom properties."""
    import zipfile
    from xml.etree import ElementTree

    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            xml = archive.read("docProps/custom.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    finally:
        fileobj.seek(0)
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return None
    for prop in root:
        if prop.get("name") == EXPORTED_AT and len(prop) and prop[0].text:
            try:
                moment = datetime.datetime.fromisoformat(prop[0].text)
            except ValueError:
                return None
            return moment if moment.tzinfo else None
    return None


def iter_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV text chunks with a BOM so Excel opens the Chinese correctly; text that would start a
    formula is escaped (``FORMULA_STARTS``)."""

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow([_csv_escape(h) for h in headers])
    for row in rows:
        yield writer.writerow(["" if v is None else _csv_escape(v) for v in row])


def download_response(
    name: str,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    fmt: str,
    filename: str = "",
    stream: bool = True,
    exported_at: datetime.datetime | None = None,
) -> Any:
    """An attachment of ``rows``: .csv streamed as it is written (unless ``stream`` is off, for
    small exports), .xlsx built in memory.

    Every export page answers through this; ``filename`` defaults to ``export_name``'s, at
    ``exported_at`` (or now), which a re-import of the file reads (``export_time``).
    """
    from django.http import HttpResponse, StreamingHttpResponse
    from django.utils import timezone

    response: HttpResponse | StreamingHttpResponse
    moment = exported_at or timezone.now()  # before the rows are read (they may stream)
    if fmt == "csv" and stream:
        response = StreamingHttpResponse(iter_csv(headers, rows), content_type=CSV_CONTENT_TYPE)
    elif fmt == "csv":
        response = HttpResponse("".join(iter_csv(headers, rows)), content_type=CSV_CONTENT_TYPE)
    else:
        fmt = "xlsx"
        buffer = io.BytesIO()
        write_xlsx(buffer, title, headers, rows, exported_at=moment)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    filename = filename or export_name(name, fmt, moment)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
