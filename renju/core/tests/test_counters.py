"""Attempts counted in fixed windows keep their window on every cache backend."""

from __future__ import annotations

import time

import pytest
from django.core.cache import caches
from django.test import override_settings

from renju.core import counters


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.filebased.FileBasedCache",
        "django.core.cache.backends.locmem.LocMemCache",
    ],
)
def test_an_hours_window_lasts_an_hour_after_the_first_attempt(backend, tmp_path, monkeypatch):
    """Django's generic incr wrote the file cache's entry back with the default five minutes:
    a toilet blocked 'for an hour' took reports again five minutes after the last attempt."""
    clock = [1_000_000.0]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    settings = {"default": {"BACKEND": backend, "LOCATION": str(tmp_path)}}
    with override_settings(CACHES=settings):
        monkeypatch.setattr(counters, "cache", caches.create_connection("default"))
        assert [counters.hit("k", 3600) for _ in range(3)] == [1, 2, 3]
        clock[0] += 10 * 60  # ten minutes: past Django's default timeout
        assert counters.count("k") == 3
        assert counters.hit("k", 3600) == 4
        clock[0] += 51 * 60  # an hour and a minute after the first attempt
        assert counters.count("k") == 0
        assert counters.hit("k", 3600) == 1
