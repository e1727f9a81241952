"""Background jobs: start, report progress, finish. The work runs in Huey's queue.

Progress is written to the cache (visible across processes at once, even while the job's own
database transaction is open) and to the job row when the job ends.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Job

log = logging.getLogger(__name__)
JobFunction = Callable[[Job, Callable[[int, int, str], None]], dict[str, Any]]
_handlers: dict[str, JobFunction] = {}
_origins: dict[str, Callable[[Job], str | None]] = {}


def job_handler(
    kind: str, origin: Callable[[Job], str | None] | None = None
) -> Callable[[JobFunction], JobFunction]:
    """Register the function that does the work of jobs of ``kind``, and the address of the
    page such a job was started from (the job's page links back to it)."""

    def decorator(func: JobFunction) -> JobFunction:
        _handlers[kind] = func
        if origin is not None:
            _origins[kind] = origin
        return func

    return decorator


def origin_of(job: Job) -> str | None:
    """The page the job was started from, where its kind says."""
    origin = _origins.get(job.kind)
    return origin(job) if origin is not None else None


def _key(job_id: int) -> str:
    return f"renju:job:{job_id}"


def progress_of(job: Job) -> dict[str, Any]:
    """Live progress: from the cache while running, from the row once finished."""
    live = cache.get(_key(job.pk)) if not job.is_finished else None
    if live:
        return live
    return {"done": job.done, "total": job.total, "phase": job.message, "percent": job.percent}


def reporter(job: Job) -> Callable[[int, int, str], None]:
    last = [0.0]

    def report(done: int, total: int, phase: str) -> None:
        now = time.monotonic()
        if now - last[0] < 0.3 and done < total:
            return
        last[0] = now
        percent = int(100 * done / total) if total else 0
        cache.set(
            _key(job.pk),
            {"done": done, "total": total, "phase": phase, "percent": percent},
            timeout=3600,
        )

    return report


def _failure_message(exc: Exception, job: Job) -> str:
    """What the job's page says of an error: a file's own problem (``SpreadsheetError``) as
    it is; anything else without its Python name and text (they are in the log)."""
    from .spreadsheets import SpreadsheetError

    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        if isinstance(exc, SpreadsheetError):
            return str(exc)
        return _("The job stopped on an unexpected error; it is logged for the administrators.")


def run_job(job_id: int) -> None:
    """Do the work of one job (called by the queue, or inline for small jobs)."""
    job = Job.objects.get(pk=job_id)
    job.status = Job.Status.RUNNING
    job.save(update_fields=["status"])
    handler = _handlers[job.kind]
    try:
        # In the language of the page that started it: its errors are read there.
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            result = handler(job, reporter(job))
    except Exception as exc:
        log.exception("job %s failed", job.pk)
        job.status = Job.Status.FAILED
        job.errors = [_failure_message(exc, job)]
    else:
        job.result = result
        job.errors = result.pop("errors", [])
        job.status = Job.Status.FAILED if job.errors else Job.Status.DONE
        job.done = job.total = int(result.get("rows", 0))
    job.finished_at = timezone.now()
    job.save()
    cache.delete(_key(job.pk))


def start(job: Job, inline: bool) -> Job:
    """Run ``job`` now (small work) or put it on the queue (large work)."""
    if "language" not in job.params:
        job.params["language"] = translation.get_language()
        job.save(update_fields=["params"])
    if inline:
        run_job(job.pk)
    else:
        from .tasks import run_job_task

        run_job_task(job.pk)
    job.refresh_from_db()
    return job
