"""Huey tasks of the core app."""

from huey.contrib.djhuey import db_task

from . import jobs


@db_task()
def run_job_task(job_id: int) -> None:
    jobs.run_job(job_id)
