"""Import and export jobs of ledgers, and the template a county fills in."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from renju.core import audit, spreadsheets
from renju.core.jobs import job_handler
from renju.core.models import Job
from renju.core.models.audit import AuditAction, Channel
from renju.core.scoping import EXPORT

from .importer import import_rows
from .registry import Ledger, get_ledger


def headers(ledger: Ledger) -> list[str]:
    return [c.header for c in ledger.spreadsheet_columns]


def export_rows(ledger: Ledger, queryset: QuerySet[Any], user: Any) -> Iterator[list[Any]]:
    """Rows in template order; foreign keys as their lookup value, choices as labels; personal
    data masked on the rows ``user`` may not change (``Ledger.masks_for``), as on screen."""
    columns = ledger.spreadsheet_columns
    related = [c.name for c in columns if c.is_relation]
    if ledger.masks and "region" not in related and hasattr(queryset.model, "region"):
        related.append("region")
    with translation.override("zh-hans"):
        for obj in queryset.select_related(*related).iterator(chunk_size=2000):
            masks = ledger.masks_for(user, obj)
            row: list[Any] = []
            for c in columns:
                value = getattr(obj, c.name)
                if c.is_relation:
                    row.append(getattr(value, c.lookup, ""))
                elif c.name in masks and value:
                    row.append(masks[c.name](value))
                else:
                    row.append(c.format(value))
            yield row


def template_notes(ledger: Ledger) -> list[str]:
    with translation.override("zh-hans"):
        notes = [_("Fill one row per item; the first row holds the column names.")]
        for c in ledger.spreadsheet_columns:
            rule = _("required") if c.required else _("optional")
            choices = getattr(c.model_field, "choices", None)
            extra = "、".join(str(label) for _v, label in choices) if choices else ""
            help_text = str(c.model_field.help_text or "")
            notes.append(f"{c.header}: {rule}. {extra} {help_text}".strip())
        return notes


def write_template(ledger: Ledger) -> bytes:
    buffer = io.BytesIO()
    spreadsheets.write_xlsx(
        buffer, ledger.verbose_name, headers(ledger), [], template_notes(ledger)
    )
    return buffer.getvalue()


def write_export(
    ledger: Ledger,
    queryset: QuerySet[Any],
    fmt: str,
    user: Any,
    progress: Callable[[int, int, str], None] | None = None,
    exported_at: datetime.datetime | None = None,
) -> tuple[bytes, int]:
    """The file bytes and the row count; an .xlsx says it was exported at ``exported_at``
    (taken before the rows are read), or now."""
    total = queryset.count() if progress else 0
    rows = export_rows(ledger, queryset, user)
    if progress:
        rows = _counting(rows, total, progress)
    if fmt == "csv":
        text = "".join(spreadsheets.iter_csv(headers(ledger), rows))
        return text.encode("utf-8"), text.count("\n") - 1
    buffer = io.BytesIO()
    count = spreadsheets.write_xlsx(
        buffer,
        ledger.verbose_name,
        headers(ledger),
        rows,
        exported_at=exported_at or timezone.now(),
    )
    return buffer.getvalue(), count


def _counting(
    rows: Iterator[list[Any]], total: int, progress: Callable[[int, int, str], None]
) -> Iterator[list[Any]]:
    for i, row in enumerate(rows, start=1):
        if i % 2000 == 0:
            progress(i, total, "export")
        yield row


def export_filename(ledger: Ledger, fmt: str, moment: datetime.datetime) -> str:
    return spreadsheets.export_name(ledger.slug, fmt, moment)


def record_export(ledger: Ledger, count: int, params: dict[str, Any]) -> None:
    audit.record_export(ledger.model._meta.label_lower, ledger.verbose_name, count, params)


def _import_page(job: Job) -> str | None:
    slug = job.params.get("ledger")
    return reverse(f"ledgers:{slug}-import") if slug else None


def _list_page(job: Job) -> str | None:
    slug = job.params.get("ledger")
    if not slug:
        return None
    query = urlencode(job.params.get("filters", {}))
    return reverse(f"ledgers:{slug}-list") + (f"?{query}" if query else "")


@job_handler("ledger_import", origin=_import_page)
def run_import(job: Job, progress: Callable[[int, int, str], None]) -> dict[str, Any]:
    ledger = get_ledger(job.params["ledger"])
    with audit.audit_context(actor=job.user, channel=Channel.IMPORT):
        with job.input_file.open("rb") as handle:
            rows = spreadsheets.read_rows(handle, job.params["format"])
            # An export of renju's says when it was made: rows changed since are not undone.
            stamp = spreadsheets.export_time(
                handle, job.params["format"], job.params.get("filename", "")
            )
        progress(0, len(rows) - 1, "check")
        result = import_rows(ledger, rows, job.user, progress, exported_at=stamp)
        data = result.as_dict()
        data["rows"] = len(rows) - 1
        data["errors"] = result.errors
        if result.ok:
            audit.record(
                AuditAction.IMPORT,
                object_type=ledger.model._meta.label_lower,
                object_repr=f"{ledger.verbose_name}: {job.params.get('filename', '')}"[:200],
                changes=result.as_dict(),
            )
        return data


@job_handler("ledger_export", origin=_list_page)
def run_export(job: Job, progress: Callable[[int, int, str], None]) -> dict[str, Any]:
    from .filters import filterset_for

    ledger = get_ledger(job.params["ledger"])
    model: Any = ledger.model
    base = model._default_manager.restrict(job.user, EXPORT)
    asker = SimpleNamespace(user=job.user)  # the search's masked columns follow her rights
    queryset = filterset_for(ledger)(job.params.get("filters", {}), queryset=base, request=asker).qs
    fmt = job.params["format"]
    ordered = queryset.order_by(*ledger.ordering(job.params.get("sort", "")))
    moment = timezone.now()
    content, count = write_export(ledger, ordered, fmt, job.user, progress, exported_at=moment)
    job.output_file.save(export_filename(ledger, fmt, moment), ContentFile(content), save=False)
    with audit.audit_context(actor=job.user, channel=Channel.PAGE):
        record_export(ledger, count, job.params.get("filters", {}))
    return {"rows": count}
