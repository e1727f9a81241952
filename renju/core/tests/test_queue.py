"""Background work goes through a real Huey queue (SQLite storage here, Redis in CI's 2nd run)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from huey.contrib.djhuey import HUEY

from renju.core.jobs import progress_of
from renju.core.models import Job
from renju.core.tasks import run_job_task
from renju.core.testing import make_user, places
from renju.households.models import Household

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_queue(tmp_path):
    """Switch the project's Huey out of immediate mode onto its configured storage."""
    HUEY.immediate = False
    HUEY.flush()
    yield HUEY
    HUEY.flush()
    HUEY.immediate = True


def test_import_job_is_enqueued_then_run_by_a_worker(real_queue):
    p = places()
    officer = make_user("queue_officer", "officer", p.county)
    header = "户编码,所属区划,户主姓名,联系电话,家庭人口,居住状态,低收入户\n"
    body = "".join(
        f"{p.village.code}{8000 + i},{p.village.code},队列{i},,2,常住,否\n" for i in range(5)
    )
    job = Job(
        kind="ledger_import",
        title="t",
        user=officer,
        params={"ledger": "households", "format": "csv", "filename": "q.csv"},
    )
    job.input_file.save("q.csv", ContentFile((header + body).encode("utf-8")), save=False)
    job.save()

    run_job_task(job.pk)
    assert real_queue.pending_count() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert progress_of(job)["percent"] == 0

    task = real_queue.dequeue()
    # A worker closes stale connections around each task; inside the test's transaction that
    # would close the test's own connection, so the dequeued task runs with that step off.
    real_queue.immediate = True
    real_queue.execute(task)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.errors
    assert job.result["created"] == 5
    assert Household.objects.filter(code__startswith=f"{p.village.code}800").count() == 5
