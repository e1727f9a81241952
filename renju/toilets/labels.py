"""QR labels for toilets: the URL a code opens, PNG/SVG images, A4 label sheets.

Rules:

- a label's QR code opens ``<public base URL>/t/<qr_code>``; the base URL is
  ``settings.RENJU_PUBLIC_BASE_URL`` when set, else the scheme and host of the request that
  asked for the labels (kept on the job, so a queued job prints the same URL);
- sheets are made for one kind of toilet at a time (``KINDS``): household toilets, public
  toilets (公厕) or village clinic toilets (卫生室);
- a sheet is A4 with 3 × 8 labels of 70 × 37 mm; each label carries the QR code, the
  village, whose toilet it is — the household head's *masked* name, the public toilet's name or
  the clinic's name —, the toilet's ledger code, its readable QR code
  (for phoning it in), the service phone of the organisation a "toilet full" case in the
  village is routed to (the pump-out company), and "扫码报修：满了需抽 / 坏了需修";
- Chinese is set in the PDF standard CID font STSong-Light, which is not embedded: the sheet is
  made on a server without any CJK font and the reader supplies the glyphs;
- QR modules are vector rectangles, one filled path per code (no seams, crisp when printed);
- the sheets of a town or village are made by the ``toilet_labels`` job, which saves the PDF
  on the job and writes one EXPORT audit event; labels cover the toilets the job's user may
  view.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.http import HttpRequest
from django.utils import timezone
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from renju.core import audit
from renju.core.jobs import job_handler
from renju.core.masking import mask_name
from renju.core.models import Job
from renju.core.models.audit import AuditAction, Channel
from renju.core.scoping import VIEW
from renju.regions.choices import Level
from renju.regions.models import Region

from .models import ClinicToilet, CodedToilet, HouseholdToilet, PublicToilet

Progress = Callable[[int, int, str], None]

CJK_FONT = "STSong-Light"
CODE_FONT = "Courier-Bold"
COLUMNS, ROWS = 3, 8
LABEL_W, LABEL_H = A4[0] / COLUMNS, A4[1] / ROWS  # 70 × 37.125 mm
PAD = 2.5 * mm
QR_SIZE = 25 * mm
QR_MASK = 2
QR_BORDER = 2  # quiet-zone modules inside the QR box; the label's padding adds the rest
CALL_TO_ACTION = "扫码报修：满了需抽 / 坏了需修"
PUBLIC_PATH = "/t/"
INLINE_LABELS = 600  # a village's sheets are made inside the request up to this many labels


@dataclass(frozen=True)
class Label:
    """What one label shows."""

    qr_code: str
    code: str
    village: str
    holder: str  # the household head (already masked), or the public toilet's / clinic's name
    phone: str
    holder_label: str = "户主"


@dataclass(frozen=True)
class Kind:
    """One kind of toilet that gets labels: its model, what names it, and the sheet's title."""

    key: str
    model: type[CodedToilet]
    holder_field: str  # the value path naming the toilet on its label
    holder_label: str  # printed before it: "户主：王**", "公厕：村东公厕"
    title: str  # the PDF's title after the region's name
    masked: bool  # a person's name: masked; a public toilet's or clinic's name: as it is


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind("household", HouseholdToilet, "household__head_name", "户主", "户厕二维码标签", True),
        Kind("public", PublicToilet, "name", "公厕", "公厕二维码标签", False),
        Kind("clinic", ClinicToilet, "clinic_name", "卫生室", "卫生室厕所二维码标签", False),
    )
}
DEFAULT_KIND = "household"


def public_base_url(request: HttpRequest | None = None) -> str:
    """``RENJU_PUBLIC_BASE_URL`` if set, else the request's scheme and host (no trailing /)."""
    configured = str(getattr(settings, "RENJU_PUBLIC_BASE_URL", "") or "").rstrip("/")
    if configured or request is None:
        return configured
    return request.build_absolute_uri("/").rstrip("/")


def toilet_url(base_url: str, qr_code: str) -> str:
    """The address a toilet's QR code opens."""
    return f"{base_url}{PUBLIC_PATH}{qr_code}"


def make_qr(base_url: str, qr_code: str) -> segno.QRCode:
    """The QR code of a toilet: error correction M (raised when it fits in the same size).

    The data mask is fixed (``QR_MASK``): every mask decodes (ISO/IEC 18004); scoring all eight
    to pick the "best" is 85% of segno's time, and a town's 10,000 labels must stay fast.
    """
    return segno.make_qr(toilet_url(base_url, qr_code), error="m", boost_error=True, mask=QR_MASK)


def _register_fonts() -> None:
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


# --- what goes on the labels -------------------------------------------------------------


def pumpout_phones(region: Region) -> dict[int, str]:
    """The pump-out service phone for each village under ``region``, by village id.

    The organisation is the one a "toilet full" case there is routed to
    (:func:`renju.cases.routing.route`: a routing rule, else the company whose active pump-out
    area is closest to the village); a village whose organisation has no phone gets no entry.
    """
    from renju.cases.routing import route

    from .cases import TOILET_FULL

    villages = Region.objects.filter(region.scope_filter_for_regions(), level=Level.VILLAGE)
    phones: dict[int, str] = {}
    for village in villages.order_by("code"):
        organisation = route(TOILET_FULL, village)
        if organisation is not None and organisation.phone:
            phones[village.pk] = organisation.phone
    return phones


def label_queryset(user: Any, region: Region, kind: str = DEFAULT_KIND) -> Any:
    """The toilets of ``kind`` under ``region`` that ``user`` may view, in code order."""
    model = KINDS[kind].model
    return model.objects.restrict(user, VIEW).filter(region.scope_filter()).order_by("code")


def iter_labels(queryset: Any, region: Region, kind: str = DEFAULT_KIND) -> Iterator[Label]:
    """The labels of the toilets of ``kind`` in ``queryset`` (all under ``region``)."""
    spec = KINDS[kind]
    phones = pumpout_phones(region)
    names = dict(
        Region.objects.filter(region.scope_filter_for_regions(), level=Level.VILLAGE).values_list(
            "pk", "name"
        )
    )
    rows = queryset.values_list("qr_code", "code", "village_id", spec.holder_field)
    for qr_code, code, village_id, holder in rows.iterator(chunk_size=2000):
        yield Label(
            qr_code=qr_code,
            code=code,
            village=names.get(village_id, ""),
            holder=mask_name(holder or "") if spec.masked else (holder or ""),
            phone=phones.get(village_id, ""),
            holder_label=spec.holder_label,
        )


# --- drawing -------------------------------------------------------------------------------


_DARK_RUN = re.compile(rb"\x01+")


def qr_path(matrix: Iterable[Iterable[int]], x: float, top: float, size: float) -> str:
    """PDF operators filling the dark modules of ``matrix`` in the square at (x, top).

    One ``re`` per horizontal run of dark modules, all in one path: one fill, no seams.
    """
    rows = [bytes(row) for row in matrix]
    module = size / (len(rows) + 2 * QR_BORDER)
    ops = [f"q {module:.4f} 0 0 {-module:.4f} {x:.2f} {top:.2f} cm"]
    for r, row in enumerate(rows, start=QR_BORDER):
        ops.extend(
            f"{m.start() + QR_BORDER} {r} {m.end() - m.start()} 1 re"
            for m in _DARK_RUN.finditer(row)
        )
    ops.append("f Q")
    return "\n".join(ops)


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The font size (≤ ``size``, ≥ 5 pt) at which ``text`` fits in ``width``."""
    needed = pdfmetrics.stringWidth(text, font, size)
    return size if needed <= width else max(5.0, size * width / needed)


def draw_label(canvas: Canvas, label: Label, x: float, y: float, base_url: str) -> None:
    """One label with its lower-left corner at (x, y)."""
    canvas.rect(x, y, LABEL_W, LABEL_H, stroke=1, fill=0)  # cut guide (light grey)
    qr = make_qr(base_url, label.qr_code)
    top = y + LABEL_H - PAD
    canvas.addLiteral(qr_path(qr.matrix, x + PAD, top, QR_SIZE))
    tx = x + PAD + QR_SIZE + 1.5 * mm
    width = x + LABEL_W - PAD - tx
    line = top - 10
    size = _fit(label.village, CJK_FONT, 10, width)
    canvas.setFont(CJK_FONT, size)
    canvas.drawString(tx, line, label.village)
    line -= 12
    holder = f"{label.holder_label}：{label.holder}"
    canvas.setFont(CJK_FONT, _fit(holder, CJK_FONT, 8.5, width))
    canvas.drawString(tx, line, holder)
    line -= 11
    canvas.setFont(CJK_FONT, 6.5)
    canvas.drawString(tx, line, label.code)
    line -= 12
    canvas.setFont(CODE_FONT, 10)
    readable = f"{label.qr_code[:5]} {label.qr_code[5:]}"
    canvas.drawString(tx, line, readable)
    line -= 12
    phone = f"抽厕电话：{label.phone}" if label.phone else "抽厕电话：请联系村委会"
    canvas.setFont(CJK_FONT, _fit(phone, CJK_FONT, 8, width))
    canvas.drawString(tx, line, phone)
    canvas.setFont(CJK_FONT, 9)
    canvas.drawCentredString(x + LABEL_W / 2, y + PAD + 1, CALL_TO_ACTION)


def render_labels(
    labels: Iterable[Label],
    base_url: str,
    total: int = 0,
    progress: Progress | None = None,
    title: str = "",
) -> tuple[bytes, int, int]:
    """The PDF of ``labels`` on A4 sheets; returns (bytes, labels, pages)."""
    _register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    canvas.setTitle(title or "户厕二维码标签")
    canvas.setCreator("renju")
    per_page = COLUMNS * ROWS
    count = pages = 0
    for count, label in enumerate(labels, start=1):
        slot = (count - 1) % per_page
        if slot == 0:
            if count > 1:
                canvas.showPage()
            pages += 1
            canvas.setStrokeGray(0.8)
            canvas.setLineWidth(0.3)
            canvas.setFillGray(0)
        column, row = slot % COLUMNS, slot // COLUMNS
        draw_label(canvas, label, column * LABEL_W, A4[1] - (row + 1) * LABEL_H, base_url)
        if progress and count % 200 == 0:
            progress(count, total, "labels")
    if count == 0:
        pages = 1
    canvas.showPage()
    # Binary (Flate only) streams: a quarter smaller, and reportlab's ASCII85 is pure Python.
    use_a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        canvas.save()
    finally:
        rl_config.useA85 = use_a85
    return buffer.getvalue(), count, pages


# --- the job -------------------------------------------------------------------------------


def labels_filename(region: Region, kind: str = DEFAULT_KIND) -> str:
    prefix = "toilet-labels" if kind == DEFAULT_KIND else f"toilet-labels-{kind}"
    return f"{prefix}-{region.code}-{timezone.localtime():%Y%m%d-%H%M}.pdf"


@job_handler("toilet_labels")
def run_labels(job: Job, progress: Progress) -> dict[str, Any]:
    """Make the label sheets of one town or village.

    ``params``: ``region``, ``base_url`` and ``kind`` (``household`` when absent).
    """
    region = Region.objects.get(pk=job.params["region"])
    kind = job.params.get("kind") or DEFAULT_KIND
    spec = KINDS[kind]
    queryset = label_queryset(job.user, region, kind)
    total = queryset.count()
    progress(0, total, "labels")
    content, count, pages = render_labels(
        iter_labels(queryset, region, kind),
        job.params["base_url"],
        total,
        progress,
        title=f"{region.name} {spec.title}",
    )
    job.output_file.save(labels_filename(region, kind), ContentFile(content), save=False)
    with audit.audit_context(
        actor=job.user, channel=Channel.PAGE, request_id=job.params.get("request_id", "")
    ):
        audit.record(
            AuditAction.EXPORT,
            object_type=spec.model._meta.label_lower,
            object_repr=f"{spec.title} {region.name} × {count}",
            region=region,
            note=f"toilet labels: {count} labels, {pages} pages",
        )
    return {"rows": count, "pages": pages, "bytes": len(content)}
