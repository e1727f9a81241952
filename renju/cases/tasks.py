"""Periodic work of cases: escalate the overdue, close the unconfirmed."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import actions


@db_periodic_task(crontab(minute="*/5"))
def escalate_overdue_task() -> int:
    return actions.escalate_overdue()


@db_periodic_task(crontab(minute="17", hour="*"))
def auto_close_task() -> int:
    return actions.auto_close()
