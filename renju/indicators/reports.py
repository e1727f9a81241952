"""Printable indicator reports: an Excel table and a PDF with charts, made as background jobs.

A report covers one region and the regions below it (its children, optionally down to the
villages) for one period, and reads only the kept values (:func:`engine.readings`). "No data"
is written as such, never as 0. Reports are written in Simplified Chinese whatever the user's
language, because they are printed and filed; the PDF uses reportlab's built-in CID font
(STSong-Light), so it renders on a server with no CJK font installed.
"""

from __future__ import annotations

import datetime
import io
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from renju.core import audit
from renju.core.jobs import job_handler
from renju.core.models import Job
from renju.core.models.audit import AuditAction, Channel
from renju.regions.choices import Level
from renju.regions.models import Region
from renju.regions.services import region_of_figures

from . import engine
from .engine import Reading
from .models import PeriodKind
from .registry import HIGHER, Indicator, indicators

Progress = Callable[[int, int, str], None]
JOB_KIND = "indicator_report"
FORMATS = ("xlsx", "pdf")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
REPORT_LANGUAGE = "zh-hans"
CID_FONT = "STSong-Light"
_CHUNK = 400  # regions per read of the kept values


def _no_progress(done: int, total: int, phase: str) -> None:
    """The progress callback used outside jobs."""


# --- what a report covers --------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRequest:
    """The parameters of one report, as kept in a job's params."""

    region_code: str
    period_kind: str
    period_start: datetime.date
    fmt: str = "xlsx"
    villages: bool = False

    def as_params(self) -> dict[str, Any]:
        return {
            "region": self.region_code,
            "period_kind": self.period_kind,
            "period_start": self.period_start.isoformat(),
            "format": self.fmt,
            "villages": self.villages,
        }

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> ReportRequest:
        return cls(
            region_code=str(params["region"]),
            period_kind=str(params["period_kind"]),
            period_start=datetime.date.fromisoformat(str(params["period_start"])),
            fmt=str(params.get("format", "xlsx")),
            villages=bool(params.get("villages", False)),
        )


@dataclass
class ReportData:
    """Everything a writer needs: the regions in tree order and one reading per cell."""

    region: Region
    regions: list[Region]  # the region first, then the ones below it in code (tree) order
    indicators: list[Indicator]
    period_kind: str
    period_start: datetime.date
    generated_at: datetime.datetime
    simulated: bool
    cells: dict[tuple[int, str], Reading] = field(default_factory=dict)

    def reading(self, region: Region, indicator: Indicator) -> Reading:
        return self.cells[(region.pk, indicator.key)]

    @property
    def children(self) -> list[Region]:
        return [r for r in self.regions if r.parent_id == self.region.pk]

    @property
    def lowest(self) -> list[Region]:
        """The regions of the lowest level in the report (villages when they are included)."""
        below = self.regions[1:]
        if not below:
            return []
        level = max(r.level for r in below)
        return [r for r in below if r.level == level]

    @property
    def period_label(self) -> str:
        return period_label(self.period_kind, self.period_start)


def period_label(kind: str, start: datetime.date) -> str:
    """The period as printed: "2026年11月", "2026年第4季度", "2026年" in Chinese."""
    if kind == PeriodKind.MONTH:
        return _("%(year)d-%(month)02d") % {"year": start.year, "month": start.month}
    if kind == PeriodKind.QUARTER:
        quarter = (start.month - 1) // 3 + 1
        return _("%(year)d Q%(quarter)d") % {"year": start.year, "quarter": quarter}
    return _("year %(year)d") % {"year": start.year}


def report_regions(user: Any, region: Region, villages: bool) -> list[Region]:
    """The region, then the current regions below it that the user sees, in tree order.

    Without villages: its children only; with villages: every level down to the villages
    (hamlets are never included).
    """
    deepest = Level.VILLAGE if villages else region.level + 1
    below = list(
        Region.objects.restrict(user)
        .current()
        .filter(region.scope_filter_for_regions())
        .filter(level__gt=region.level, level__lte=min(deepest, Level.VILLAGE))
        .order_by("code")
    )
    return [region, *below]


def count_regions(user: Any, region: Region, villages: bool) -> int:
    """How many rows a report would have (to decide between inline and background)."""
    deepest = Level.VILLAGE if villages else region.level + 1
    return 1 + (
        Region.objects.restrict(user)
        .current()
        .filter(region.scope_filter_for_regions())
        .filter(level__gt=region.level, level__lte=min(deepest, Level.VILLAGE))
        .count()
    )


def collect(
    user: Any,
    region: Region,
    period_kind: str,
    period_start: datetime.date,
    villages: bool = False,
    progress: Progress = _no_progress,
) -> ReportData:
    """Read the kept values of every region of the report, in chunks (with progress)."""
    start = engine.period_starts(period_start)[period_kind]
    regions = report_regions(user, region, villages)
    data = ReportData(
        region=region,
        regions=regions,
        indicators=indicators(),
        period_kind=period_kind,
        period_start=start,
        generated_at=timezone.localtime(),
        simulated=bool(getattr(settings, "RENJU_DEMO", True)),
    )
    total = len(regions)
    for offset in range(0, total, _CHUNK):
        chunk = regions[offset : offset + _CHUNK]
        for reading in engine.readings(chunk, period_kind, start):
            data.cells[(reading.region.pk, reading.indicator.key)] = reading
        progress(min(offset + _CHUNK, total), total, "read")
    return data


# --- labels ----------------------------------------------------------------------------------

MET, NEAR, NOT_MET, NO_DATA, NO_TARGET = "green", "amber", "red", "grey", "none"
STATUS_COLOURS = {  # (fill, text): Excel's good / neutral / bad styles
    MET: ("#C6EFCE", "#006100"),
    NEAR: ("#FFEB9C", "#9C5700"),
    NOT_MET: ("#FFC7CE", "#9C0006"),
    NO_DATA: ("#EDEDED", "#595959"),
    NO_TARGET: ("#FFFFFF", "#595959"),
}


def status_key(reading: Reading) -> str:
    """met / near / not met / no data, and "no target" when a value has nothing to meet."""
    if reading.value is None:
        return NO_DATA
    if reading.target is None:
        return NO_TARGET
    return reading.status


def status_labels() -> dict[str, str]:
    """The printed word for each status, in the active language."""
    return {
        MET: _("met"),
        NEAR: _("near target"),
        NOT_MET: _("not met"),
        NO_DATA: _("no data"),
        NO_TARGET: _("no target"),
    }


def _fmt(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def _filename(data: ReportData, fmt: str) -> str:
    stamp = f"{data.generated_at:%Y%m%d-%H%M}"
    period = f"{data.period_start:%Y%m}-{data.period_kind}"
    return f"indicators-{data.region.code}-{period}-{stamp}.{fmt}"


# --- Excel -----------------------------------------------------------------------------------

_LEFT = 3  # code, name, level
_PER_INDICATOR = 5  # value, numerator, denominator, target, status
_HEADER_ROWS = 4  # title, subtitle, indicator names, part names


def write_xlsx(data: ReportData, progress: Progress = _no_progress) -> bytes:
    """The regions × indicators table, laid out to print (landscape, fit to the page width)."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(_("Indicators")[:31])
    base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter"}
    fmt = {
        "title": workbook.add_format({**base, "bold": True, "font_size": 16, "align": "center"}),
        "subtitle": workbook.add_format({**base, "font_color": "#595959", "align": "center"}),
        "head": workbook.add_format(
            {
                **base,
                "bold": True,
                "bg_color": "#DDEBF7",
                "border": 1,
                "align": "center",
                "text_wrap": True,
            }
        ),
        "text": workbook.add_format({**base, "border": 1}),
        "code": workbook.add_format({**base, "border": 1, "num_format": "@"}),
        "value": workbook.add_format({**base, "border": 1, "num_format": "#,##0.0"}),
        "count": workbook.add_format({**base, "border": 1, "num_format": "#,##0"}),
        "none": workbook.add_format(
            {**base, "border": 1, "font_color": "#7F7F7F", "align": "right"}
        ),
        "status": workbook.add_format({**base, "border": 1, "align": "center"}),
    }
    names = [
        workbook.add_format({**base, "border": 1, "indent": depth, "bold": depth == 0})
        for depth in range(4)
    ]
    labels = status_labels()
    last_col = _LEFT + _PER_INDICATOR * len(data.indicators) - 1

    title = _("%(region)s: indicators, %(period)s") % {
        "region": data.region.name,
        "period": data.period_label,
    }
    sheet.merge_range(0, 0, 0, last_col, title, fmt["title"])
    subtitle = _("Period: %(period)s · Generated at: %(time)s") % {
        "period": data.period_label,
        "time": f"{data.generated_at:%Y-%m-%d %H:%M}",
    }
    if data.simulated:
        subtitle += " · " + _("Simulated data (demo)")
    sheet.merge_range(1, 0, 1, last_col, subtitle, fmt["subtitle"])
    sheet.set_row(0, 28)
    sheet.set_row(3, 30)

    for col, header in enumerate([_("code"), _("name"), _("level")]):
        sheet.merge_range(2, col, 3, col, header, fmt["head"])
    for i, indicator in enumerate(data.indicators):
        first = _LEFT + i * _PER_INDICATOR
        sheet.merge_range(2, first, 2, first + _PER_INDICATOR - 1, str(indicator.name), fmt["head"])
        parts = [
            _("value (%(unit)s)") % {"unit": indicator.unit},
            _("numerator"),
            _("denominator"),
            _("target"),
            _("status"),
        ]
        for j, part in enumerate(parts):
            sheet.write_string(3, first + j, part, fmt["head"])
        sheet.set_column(first, first, 9)
        sheet.set_column(first + 1, first + 2, 9)
        sheet.set_column(first + 3, first + 3, 7)
        sheet.set_column(first + 4, first + 4, 8)
    sheet.set_column(0, 0, 13)
    sheet.set_column(1, 1, 24)
    sheet.set_column(2, 2, 6)

    top = data.region.level
    total = len(data.regions)
    for n, region in enumerate(data.regions):
        row = _HEADER_ROWS + n
        sheet.write_string(row, 0, region.code, fmt["code"])
        sheet.write_string(row, 1, region.name, names[min(region.level - top, 3)])
        sheet.write_string(row, 2, str(Level(region.level).label), fmt["text"])
        for i, indicator in enumerate(data.indicators):
            first = _LEFT + i * _PER_INDICATOR
            reading = data.reading(region, indicator)
            value = reading.value
            if value is None:
                sheet.write_string(row, first, labels[NO_DATA], fmt["none"])
            else:
                sheet.write_number(row, first, value, fmt["value"])
            for j, number in ((1, reading.numerator), (2, reading.denominator)):
                if number is None:
                    sheet.write_blank(row, first + j, None, fmt["count"])
                else:
                    sheet.write_number(row, first + j, number, fmt["count"])
            if reading.target is None:
                sheet.write_string(row, first + 3, "—", fmt["status"])
            else:
                sheet.write_number(row, first + 3, reading.target, fmt["value"])
            sheet.write_string(row, first + 4, labels[status_key(reading)], fmt["status"])
        if n % 500 == 0:
            progress(n, total, "xlsx")

    last_row = _HEADER_ROWS + total - 1
    for key, (fill, colour) in STATUS_COLOURS.items():
        look = workbook.add_format({"bg_color": fill, "font_color": colour})
        for i in range(len(data.indicators)):
            col = _LEFT + i * _PER_INDICATOR + 4
            sheet.conditional_format(
                _HEADER_ROWS,
                col,
                last_row,
                col,
                {"type": "cell", "criteria": "==", "value": f'"{labels[key]}"', "format": look},
            )

    sheet.freeze_panes(_HEADER_ROWS, 2)
    sheet.repeat_rows(2, 3)
    sheet.repeat_columns(0, 1)
    sheet.set_landscape()
    sheet.set_paper(9 if len(data.indicators) <= 3 else 8)  # A4, or A3 for a wide table
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_header(f"&L&8{data.region.name}&R&8{data.period_label}")
    sheet.set_footer("&C&8&P / &N")
    sheet.print_area(0, 0, last_row, last_col)

    _write_notes(workbook, data, base)
    workbook.close()
    progress(total, total, "xlsx")
    return buffer.getvalue()


def _write_notes(workbook: Any, data: ReportData, base: dict[str, Any]) -> None:
    """A second sheet: each indicator's definition, unit, direction, target and its source."""
    notes = workbook.add_worksheet(_("Definitions")[:31])
    head = workbook.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "border": 1})
    wrap = workbook.add_format({**base, "border": 1, "text_wrap": True, "valign": "top"})
    headers = [_("indicator"), _("definition"), _("unit"), _("better"), _("target"), _("source")]
    for col, header in enumerate(headers):
        notes.write_string(0, col, header, head)
    for row, indicator in enumerate(data.indicators, start=1):
        better = _("higher is better") if indicator.better == HIGHER else _("lower is better")
        target = "" if indicator.target is None else _fmt(indicator.target)
        values = [
            str(indicator.name),
            str(indicator.definition),
            str(indicator.unit),
            better,
            target,
            indicator.target_source,
        ]
        for col, value in enumerate(values):
            notes.write_string(row, col, value, wrap)
    after = len(data.indicators) + 2
    lines = [
        _(
            "Values are sums of numerators over sums of denominators of the villages below; "
            '"no data" means no village below has any record, which is not zero.'
        ),
        _("A county plan's target replaces the default target where one is set."),
    ]
    if data.simulated:
        lines.append(_("Households and their attributes are simulated; the region tree is real."))
    for i, line in enumerate(lines):
        notes.write_string(after + i, 0, line)
    notes.set_column(0, 0, 24)
    notes.set_column(1, 1, 60)
    notes.set_column(2, 4, 10)
    notes.set_column(5, 5, 40)
    notes.set_landscape()
    notes.fit_to_pages(1, 0)


# --- PDF -------------------------------------------------------------------------------------

_INK = "#222222"
_MUTED = "#6c757d"
_BAR_COLOURS = {
    MET: "#2e8b57",
    NEAR: "#e0a800",
    NOT_MET: "#c0392b",
    NO_DATA: "#adb5bd",
    NO_TARGET: "#4a78b5",
}


# U+00B7 and U+2022 have no glyph in STSong-Light's Unicode mapping; U+30FB does.
_PDF_SAFE = str.maketrans({"\u00b7": "\u30fb", "\u2022": "\u30fb"})


def _pdf_text(text: Any) -> str:
    """Text the CID font can show."""
    return str(text).translate(_PDF_SAFE)


def _para(text: Any, style: Any) -> Any:
    """A paragraph of plain text (escaped: names may hold "&" or "<")."""
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    return Paragraph(escape(_pdf_text(text)), style)


def register_font() -> str:
    """Register reportlab's CID font for Chinese (no font file needed) and return its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return CID_FONT


def _bar_chart(data: ReportData, indicator: Indicator, width: float) -> Any:
    """Horizontal bars of the children's values, coloured by status, with the target line.

    A child judged against a target of its own (its county's plan) has a mark at that target.
    """
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors

    rows = [data.reading(r, indicator) for r in data.children]
    labels = status_labels()
    row_height = max(9.0, min(16.0, 430.0 / max(len(rows), 1)))
    font_size = min(8.0, row_height - 2)
    label_width, value_width = 110.0, 50.0
    plot_width = width - label_width - value_width
    top_pad, bottom_pad = 16.0, 32.0
    height = top_pad + bottom_pad + row_height * len(rows)
    overall = data.reading(data.region, indicator).target
    ink = colors.HexColor(_INK)
    drawing = Drawing(width, height)
    values = [r.value for r in rows if r.value is not None]
    targets = [r.target for r in rows if r.target is not None]
    scale_max = max([*values, *targets, 1.0])
    if indicator.unit == "%":
        scale_max = max(scale_max, 100.0)
    scale_max *= 1.0 if indicator.unit == "%" and scale_max <= 100 else 1.1

    def x_of(value: float) -> float:
        return label_width + plot_width * max(value, 0.0) / scale_max

    base_y = bottom_pad
    for tick in range(5):
        tick_value = scale_max * tick / 4
        x = x_of(tick_value)
        drawing.add(
            Line(
                x,
                base_y,
                x,
                height - top_pad,
                strokeColor=colors.HexColor("#e9ecef"),
                strokeWidth=0.5,
            )
        )
        drawing.add(
            String(
                x,
                base_y - 11,
                f"{tick_value:,.0f}",
                fontName=CID_FONT,
                fontSize=7,
                fillColor=colors.HexColor(_MUTED),
                textAnchor="middle",
            )
        )
    for i, reading in enumerate(rows):
        y = height - top_pad - (i + 1) * row_height
        name = _pdf_text(reading.region.name)
        if len(name) > 9:
            name = name[:8] + "…"
        drawing.add(
            String(
                label_width - 4,
                y + row_height * 0.3,
                name,
                fontName=CID_FONT,
                fontSize=font_size,
                textAnchor="end",
                fillColor=colors.HexColor(_INK),
            )
        )
        key = status_key(reading)
        if reading.target is not None and reading.target != overall:
            # A region judged against its own (county plan) target: a mark on its row.
            x = x_of(reading.target)
            drawing.add(Line(x, y + 0.5, x, y + row_height - 0.5, strokeColor=ink, strokeWidth=1.2))
        if reading.value is None:
            drawing.add(
                String(
                    label_width + 3,
                    y + row_height * 0.3,
                    labels[NO_DATA],
                    fontName=CID_FONT,
                    fontSize=font_size,
                    fillColor=colors.HexColor(_MUTED),
                )
            )
            continue
        bar_end = x_of(reading.value)
        text_x = bar_end + 3
        if reading.target is not None and reading.target != overall:
            text_x = max(text_x, x_of(reading.target) + 3)
        drawing.add(
            Rect(
                label_width,
                y + row_height * 0.15,
                bar_end - label_width,
                row_height * 0.7,
                fillColor=colors.HexColor(_BAR_COLOURS[key]),
                strokeColor=None,
            )
        )
        drawing.add(
            String(
                text_x,
                y + row_height * 0.3,
                f"{reading.value:.1f}{indicator.unit}",
                fontName=CID_FONT,
                fontSize=font_size,
                fillColor=colors.HexColor(_INK),
            )
        )
    _bar_legend(drawing, label_width, 2.0)
    target = overall
    if target is not None:
        x = x_of(target)
        drawing.add(
            Line(
                x,
                base_y,
                x,
                height - top_pad + 4,
                strokeColor=colors.HexColor(_INK),
                strokeWidth=0.8,
                strokeDashArray=[3, 2],
            )
        )
        drawing.add(
            String(
                x,
                height - top_pad + 6,
                _("target %(value)s") % {"value": _fmt(target)},
                fontName=CID_FONT,
                fontSize=7,
                textAnchor="middle",
                fillColor=colors.HexColor(_INK),
            )
        )
    return drawing


def _bar_legend(drawing: Any, x: float, y: float) -> None:
    """The colours of the bars and the mark of a region's own target, in one line."""
    from reportlab.graphics.shapes import Line, Rect, String
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth

    labels = status_labels()
    for key in (MET, NEAR, NOT_MET, NO_TARGET):
        drawing.add(
            Rect(x, y, 7, 7, fillColor=colors.HexColor(_BAR_COLOURS[key]), strokeColor=None)
        )
        drawing.add(String(x + 9, y + 0.5, labels[key], fontName=CID_FONT, fontSize=7))
        x += 18 + stringWidth(labels[key], CID_FONT, 7)
    ink = colors.HexColor(_INK)
    drawing.add(Line(x + 3, y - 1, x + 3, y + 8, strokeColor=ink, strokeWidth=1.2))
    drawing.add(String(x + 8, y + 0.5, _("own target"), fontName=CID_FONT, fontSize=7))


def _trend_chart(
    points: Sequence[tuple[datetime.date, float | None]],
    indicator: Indicator,
    target: float | None,
    width: float,
) -> Any:
    """A line of the region's monthly values (gaps where a month has no data)."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
    from reportlab.lib import colors

    height = 150.0
    left, right, bottom, top = 40.0, 20.0, 22.0, 12.0
    drawing = Drawing(width, height)
    values = [v for _d, v in points if v is not None]
    low, high, tick_step = _nice_range(
        [*values, *([target] if target is not None else [])],
        ceiling=100.0 if indicator.unit == "%" else None,
    )
    plot_w, plot_h = width - left - right, height - bottom - top
    step = plot_w / max(len(points) - 1, 1)

    def y_of(value: float) -> float:
        return bottom + plot_h * (value - low) / (high - low)

    grey = colors.HexColor("#dee2e6")
    for tick in range(round((high - low) / tick_step) + 1):
        level = low + tick * tick_step
        drawing.add(
            Line(left, y_of(level), width - right, y_of(level), strokeColor=grey, strokeWidth=0.5)
        )
        drawing.add(
            String(
                left - 4,
                y_of(level) - 2.5,
                f"{level:,.{0 if tick_step >= 1 else 1}f}",
                fontName=CID_FONT,
                fontSize=7,
                textAnchor="end",
                fillColor=colors.HexColor(_MUTED),
            )
        )
    line = colors.HexColor("#0d6efd")
    segment: list[float] = []
    for i, (day, value) in enumerate(points):
        x = left + i * step
        drawing.add(
            String(
                x,
                bottom - 12,
                f"{day:%Y-%m}",
                fontName=CID_FONT,
                fontSize=6.5,
                textAnchor="middle",
                fillColor=colors.HexColor(_MUTED),
            )
        )
        if value is None:
            if len(segment) >= 4:
                drawing.add(PolyLine(segment, strokeColor=line, strokeWidth=1.5))
            segment = []
            continue
        segment += [x, y_of(value)]
        drawing.add(Circle(x, y_of(value), 2, fillColor=line, strokeColor=None))
    if len(segment) >= 4:
        drawing.add(PolyLine(segment, strokeColor=line, strokeWidth=1.5))
    if target is not None:
        drawing.add(
            Line(
                left,
                y_of(target),
                width - right,
                y_of(target),
                strokeColor=colors.HexColor("#c0392b"),
                strokeWidth=0.8,
                strokeDashArray=[3, 2],
            )
        )
        drawing.add(
            String(
                width - right,
                y_of(target) + 3,
                _("target %(value)s") % {"value": _fmt(target)},
                fontName=CID_FONT,
                fontSize=7,
                textAnchor="end",
                fillColor=colors.HexColor("#c0392b"),
            )
        )
    return drawing


def _nice_range(values: list[float], ceiling: float | None) -> tuple[float, float, float]:
    """An axis from a round number below the values to one above, and its tick step.

    ``ceiling`` caps the axis (100 for a rate) when no value goes over it.
    """
    import math

    low, high = min(values), max(values)
    span = high - low if high - low > 1e-9 else max(abs(high), 1.0) * 0.1
    raw = span / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    tick = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / tick) * tick
    end = math.ceil(high / tick) * tick
    if end - start < 1e-9:
        end = start + tick
    if low >= 0:
        start = max(start, 0.0)
    if ceiling is not None and high <= ceiling:
        end = min(end, ceiling)
    return start, end, tick


def weakest(
    data: ReportData, indicator: Indicator, regions: list[Region], limit: int
) -> list[Reading]:
    """The regions furthest below the target (largest shortfall first)."""
    below = [
        data.reading(r, indicator)
        for r in regions
        if (gap := data.reading(r, indicator).gap) is not None and gap < 0
    ]
    below.sort(key=lambda r: r.gap if r.gap is not None else 0.0)
    return below[:limit]


def write_pdf(data: ReportData, progress: Progress = _no_progress) -> tuple[bytes, int]:
    """The PDF bytes and its page count.

    Pages: a title page, the summary of every indicator, one page per indicator (its children
    as bars, and the region's monthly trend when there is history), the weakest links; with
    villages, then the weakest villages.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        PageBreak,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    font = register_font()
    styles = {
        "title": ParagraphStyle(
            "title", fontName=font, fontSize=24, leading=34, alignment=1, spaceAfter=12
        ),
        "big": ParagraphStyle("big", fontName=font, fontSize=14, leading=22, alignment=1),
        "h1": ParagraphStyle("h1", fontName=font, fontSize=16, leading=22, spaceAfter=8),
        "h2": ParagraphStyle(
            "h2", fontName=font, fontSize=12, leading=18, spaceBefore=6, spaceAfter=4
        ),
        "body": ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14),
        "muted": ParagraphStyle(
            "muted", fontName=font, fontSize=8.5, leading=12, textColor=colors.HexColor(_MUTED)
        ),
        "note": ParagraphStyle(
            "note",
            fontName=font,
            fontSize=11,
            leading=16,
            alignment=1,
            textColor=colors.HexColor("#9C5700"),
        ),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=11),
    }
    labels = status_labels()
    buffer = io.BytesIO()
    page_width, page_height = A4
    margin = 18 * mm
    width = page_width - 2 * margin
    header = _pdf_text(f"{data.region.name} · {data.period_label}")

    def on_page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.HexColor(_MUTED))
        canvas.drawString(margin, page_height - 12 * mm, header)
        if data.simulated:
            canvas.drawRightString(
                page_width - margin, page_height - 12 * mm, _("Simulated data (demo)")
            )
        canvas.drawCentredString(page_width / 2, 10 * mm, _("page %(page)d") % {"page": doc.page})
        canvas.restoreState()

    def on_first_page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.HexColor(_MUTED))
        canvas.drawCentredString(page_width / 2, 10 * mm, "renju 人居")
        canvas.restoreState()

    def table_style(rows: int, extra: list[tuple[Any, ...]] | None = None) -> Any:
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), font, 8.5),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#adb5bd")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        return TableStyle(commands + (extra or []))

    def status_cell(key: str, row: int, col: int) -> list[tuple[Any, ...]]:
        fill, ink = STATUS_COLOURS[key]
        return [
            ("BACKGROUND", (col, row), (col, row), colors.HexColor(fill)),
            ("TEXTCOLOR", (col, row), (col, row), colors.HexColor(ink)),
            ("ALIGN", (col, row), (col, row), "CENTER"),
        ]

    story: list[Any] = [
        Spacer(1, 60 * mm),
        _para(_("Rural living environment indicators report"), styles["title"]),
        _para(data.region.name, styles["title"]),
        Spacer(1, 10 * mm),
        _para(_("Period: %(period)s") % {"period": data.period_label}, styles["big"]),
        _para(
            _("Generated at: %(time)s") % {"time": f"{data.generated_at:%Y-%m-%d %H:%M}"},
            styles["big"],
        ),
        _para(
            _("Covers: %(region)s and %(count)d regions below it")
            % {"region": data.region.name, "count": len(data.regions) - 1},
            styles["big"],
        ),
    ]
    if data.simulated:
        story += [
            Spacer(1, 14 * mm),
            _para(
                _(
                    "Simulated data (demo): households and their attributes are generated; "
                    "the region tree is real."
                ),
                styles["note"],
            ),
        ]
    story.append(PageBreak())

    # Summary of every indicator for the region itself.
    story.append(_para(_("Summary: %(region)s") % {"region": data.region.name}, styles["h1"]))
    rows: list[list[Any]] = [
        [_("indicator"), _("value"), _("numerator"), _("denominator"), _("target"), _("status")]
    ]
    extra: list[tuple[Any, ...]] = []
    for i, indicator in enumerate(data.indicators, start=1):
        reading = data.reading(data.region, indicator)
        key = status_key(reading)
        rows.append(
            [
                _para(str(indicator.name), styles["cell"]),
                labels[NO_DATA]
                if reading.value is None
                else f"{reading.value:.1f}{indicator.unit}",
                _fmt(reading.numerator, 0),
                _fmt(reading.denominator, 0),
                "—" if reading.target is None else f"{reading.target:.1f}{indicator.unit}",
                labels[key],
            ]
        )
        extra += status_cell(key, i, 5)
    story.append(
        Table(
            rows,
            colWidths=[
                width * 0.34,
                width * 0.13,
                width * 0.13,
                width * 0.13,
                width * 0.13,
                width * 0.14,
            ],
            style=table_style(len(rows), extra),
            repeatRows=1,
        )
    )
    story.append(Spacer(1, 6 * mm))
    counts = dict.fromkeys(labels, 0)
    for reading in (data.reading(r, i) for r in data.children for i in data.indicators):
        counts[status_key(reading)] += 1
    story.append(
        _para(
            _("Below it: %(children)d regions × %(indicators)d indicators — ")
            % {"children": len(data.children), "indicators": len(data.indicators)}
            + "; ".join(f"{labels[k]} {n}" for k, n in counts.items() if n),
            styles["body"],
        )
    )
    for indicator in data.indicators:
        if indicator.target_source:
            story.append(
                _para(f"{indicator.name}: {_('source')} {indicator.target_source}", styles["muted"])
            )
    story.append(PageBreak())

    # One page per indicator.
    total = len(data.indicators)
    for n, indicator in enumerate(data.indicators):
        reading = data.reading(data.region, indicator)
        story.append(_para(str(indicator.name), styles["h1"]))
        value = labels[NO_DATA] if reading.value is None else f"{reading.value:.1f}{indicator.unit}"
        target = "—" if reading.target is None else f"{reading.target:.1f}{indicator.unit}"
        story.append(
            _para(
                _("%(region)s: %(value)s, target %(target)s, %(status)s")
                % {
                    "region": data.region.name,
                    "value": value,
                    "target": target,
                    "status": labels[status_key(reading)],
                },
                styles["body"],
            )
        )
        story.append(_para(str(indicator.definition), styles["muted"]))
        if data.children:
            story.append(_para(_("Regions below"), styles["h2"]))
            story.append(_bar_chart(data, indicator, width))
        history = engine.trend(indicator, data.region)
        if sum(1 for _d, v in history if v is not None) >= 2:
            story.append(_para(_("Monthly trend"), styles["h2"]))
            story.append(_trend_chart(history, indicator, reading.target, width))
        story.append(PageBreak())
        progress(n + 1, total, "pdf")

    # The weakest links: the children furthest below their target, per indicator.
    story += _weakest_section(
        data, data.children, 5, _("Weakest links"), styles, width, table_style
    )
    if data.lowest and data.lowest[0].level > data.region.level + 1:
        story.append(PageBreak())
        story += _weakest_section(
            data, data.lowest, 10, _("Weakest villages"), styles, width, table_style
        )

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{data.region.name} {data.period_label}",
        author="renju",
        subject=_("Rural living environment indicators report"),
    )
    doc.build(story, onFirstPage=on_first_page, onLaterPages=on_page)
    return buffer.getvalue(), doc.page


def _weakest_section(
    data: ReportData,
    regions: list[Region],
    limit: int,
    heading: str,
    styles: dict[str, Any],
    width: float,
    table_style: Callable[..., Any],
) -> list[Any]:
    from reportlab.platypus import Table

    out: list[Any] = [_para(heading, styles["h1"])]
    rows: list[list[Any]] = [[_("indicator"), _("name"), _("value"), _("target"), _("gap")]]
    for indicator in data.indicators:
        for reading in weakest(data, indicator, regions, limit):
            rows.append(
                [
                    _para(str(indicator.name), styles["cell"]),
                    _para(_region_path(reading.region, data.region), styles["cell"]),
                    f"{reading.value:.1f}{indicator.unit}" if reading.value is not None else "",
                    f"{reading.target:.1f}{indicator.unit}" if reading.target is not None else "",
                    _fmt(reading.gap),
                ]
            )
    if len(rows) == 1:
        out.append(_para(_("Every region with data meets its targets."), styles["body"]))
        return out
    out.append(
        Table(
            rows,
            colWidths=[width * 0.3, width * 0.34, width * 0.12, width * 0.12, width * 0.12],
            style=table_style(len(rows)),
            repeatRows=1,
        )
    )
    return out


def _region_path(region: Region, top: Region) -> str:
    """A village with its town ("X镇 · Y村") when the report spans more than one level."""
    if region.level - top.level > 1 and region.parent is not None:
        return f"{region.parent.name} / {region.name}"
    return region.name


# --- making a report -------------------------------------------------------------------------


@dataclass
class Report:
    content: bytes
    filename: str
    rows: int
    pages: int
    seconds: float


def build(user: Any, request: ReportRequest, progress: Progress = _no_progress) -> Report:
    """Collect and write one report for ``user`` (who must see the region: else LookupError)."""
    started = time.perf_counter()
    with translation.override(REPORT_LANGUAGE):
        region = region_of_figures(user, request.region_code)
        if region is None:
            raise LookupError(request.region_code)
        data = collect(
            user, region, request.period_kind, request.period_start, request.villages, progress
        )
        _prefetch_parents(data)
        if request.fmt == "pdf":
            content, pages = write_pdf(data, progress)
        else:
            content, pages = write_xlsx(data, progress), 0
        filename = _filename(data, request.fmt)
    return Report(content, filename, len(data.regions), pages, time.perf_counter() - started)


def _prefetch_parents(data: ReportData) -> None:
    """Attach each region's parent from the report's own list (no query per village)."""
    by_id = {r.pk: r for r in data.regions}
    missing = {r.parent_id for r in data.regions if r.parent_id and r.parent_id not in by_id}
    by_id.update({r.pk: r for r in Region.objects.filter(pk__in=missing)})
    for region in data.regions:
        if region.parent_id in by_id:
            region.parent = by_id[region.parent_id]


def record_export(user: Any, request: ReportRequest, report: Report) -> None:
    """The EXPORT audit event of a report."""
    region = region_of_figures(user, request.region_code)
    with audit.audit_context(actor=user, channel=Channel.PAGE):
        audit.record(
            AuditAction.EXPORT,
            object_type="indicators.indicatorvalue",
            object_repr=f"{report.filename} × {report.rows}"[:200],
            region=region,
            note=str(request.as_params())[:300],
        )


@job_handler(JOB_KIND)
def run_report(job: Job, progress: Progress) -> dict[str, Any]:
    """Make the report of a job, keep it as the job's output file and audit the export."""
    request = ReportRequest.from_params(job.params)
    report = build(job.user, request, progress)
    job.output_file.save(report.filename, ContentFile(report.content), save=False)
    record_export(job.user, request, report)
    return {
        "rows": report.rows,
        "pages": report.pages,
        "bytes": len(report.content),
        "seconds": round(report.seconds, 2),
    }


def iter_formats() -> Iterator[tuple[str, str]]:
    """The choices of the report's format."""
    yield "xlsx", _("Excel table (.xlsx)")
    yield "pdf", _("PDF with charts (.pdf)")
