"""Keep the current periods' values fresh: a full refresh every few minutes (see bench/)."""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import engine


@db_periodic_task(crontab(minute="*/5"))
def recompute_indicators() -> None:
    engine.recompute(settings.RENJU_ROOT_REGION)
