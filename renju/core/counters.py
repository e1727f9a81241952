"""Counting attempts in fixed windows (sign-in failures, villagers' reports), in the cache.

A window starts at the first attempt and ends a fixed time later, whatever comes between. The
window's end is kept with the count: Django's generic ``incr`` (the file cache's, the database
cache's) writes the entry back with the default timeout, so an hour's window became five
minutes after the last attempt and a blocked toilet took reports again five minutes later.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def hit(key: str, window: int) -> int:
    """Count one attempt at ``key`` in its window of ``window`` seconds; the count so far.

    A read and a write, not one atomic step: two attempts at the same instant may count as one
    (a throttle's tolerance), never as more."""
    now = time.time()
    entry = cache.get(key)
    if not isinstance(entry, tuple) or entry[1] <= now:
        cache.set(key, (1, now + window), timeout=window)
        return 1
    count, ends = entry[0] + 1, entry[1]
    cache.set(key, (count, ends), timeout=max(1, int(ends - now) + 1))
    return int(count)


def count(key: str) -> int:
    """The attempts at ``key`` in its current window (0 when none or the window has ended)."""
    entry = cache.get(key)
    if not isinstance(entry, tuple) or entry[1] <= time.time():
        return 0
    return int(entry[0])
