"""Shared fixtures: the real Liaocheng tree, a small demo city, and personas per role."""

from __future__ import annotations

import os
from typing import Any

import pytest

os.environ.setdefault("RENJU_TESTING", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

# The browser fixtures (Chromium, the live server with the demo city) are shared by every app.
pytest_plugins = ["renju.core.testing.browser"]

TEST_SCALE = 0.004  # about 4,000 households over the real 2,408 villages


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Load the real region tree and a small demo city once per test run."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_regions", verbosity=0)
        with open(os.devnull, "w") as devnull:
            call_command("seed_demo", scale=TEST_SCALE, verbosity=0, stdout=devnull)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache (sign-in throttles, kept badge counts)."""
    from django.core.cache import cache

    cache.clear()
