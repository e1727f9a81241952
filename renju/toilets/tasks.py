"""Background work of the toilets: routing the villagers' reports to cases."""

import threading

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from . import intake

# One drain at a time in a consumer process: the web workers ask for one every half second per
# worker during a burst, and a second drain would only wait on the first one's rows.
_draining = threading.Lock()


def _drain_once_at_a_time() -> int:
    """Run the drain unless one is running here; that one looks again before it stops.

    After releasing, a drain checks once more for reports stored meanwhile (whose own requests
    for a drain found this one running and returned), so none is left for the backstop.
    """
    done = 0
    while _draining.acquire(blocking=False):
        try:
            newest = intake.newest_report()
            # Give way to bursts of reports, except where the queue runs inline (tests).
            done += intake.drain(yield_to_intake=not HUEY.immediate)
        finally:
            _draining.release()
        # Those still waiting from before could not be routed (logged); newer ones came in
        # while this drain ran and their requests for a drain returned at once.
        if not intake.waiting_since(newest):
            break
    return done


@db_task()
def drain_reports() -> int:
    """Route the reports received since the last drain (asked for by the report pages)."""
    return _drain_once_at_a_time()


@db_periodic_task(crontab(minute="*"))
def drain_reports_backstop() -> int:
    """Every minute: route whatever a lost request to the queue left waiting."""
    return _drain_once_at_a_time()
