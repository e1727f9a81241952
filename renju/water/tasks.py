"""Periodic work of the water bodies: complaints that came in through other channels (Open311,
the case pages) make their remediated bodies relapse, audited as the system."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import workflow


@db_periodic_task(crontab(minute="*/5"))
def relapse_from_complaints_task() -> int:
    return workflow.relapse_from_complaints()
