"""Background work of the toilets: routing the villagers' reports to cases."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import intake


@db_task()
def drain_reports() -> int:
    """Route the reports received since the last drain (asked for by the report pages)."""
    return intake.drain()


@db_periodic_task(crontab(minute="*"))
def drain_reports_backstop() -> int:
    """Every minute: route whatever a lost request to the queue left waiting."""
    return intake.drain()
