"""Fixtures for the browser tests: the session's demo data kept alive across live-server tests.

``live_server`` makes a test transactional, and every transactional test ends with a flush, so
the region tree and demo city that the root ``django_db_setup`` loads once are gone after the
first browser test. ``serialized_rollback`` does not help: Django serializes the test database
when it creates it, before the session fixture loads anything, and it reloads object by object.

On the default in-memory SQLite test database we instead copy the whole database once with
SQLite's online backup API (milliseconds) and copy it back whenever a browser test finds it
empty, and once more after the module's last test so later tests find the database as they
left it. On PostgreSQL we copy every table once into a schema of its own and copy them back
with triggers off (a second or two, where reseeding took the better part of a minute); on any
other database we reload it with the same commands as the root fixture.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import pytest

SEED_SCALE = 0.004  # the root conftest's TEST_SCALE, for the non-SQLite fallback


def _is_loaded() -> bool:
    from renju.accounts.models import User
    from renju.households.models import Household

    return User.objects.filter(username="county_admin").exists() and Household.objects.exists()


def _seed() -> None:
    from django.core.management import call_command

    call_command("load_regions", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", scale=SEED_SCALE, verbosity=0, stdout=devnull)


def _forget_caches() -> None:
    """Restored rows may carry other ids than what post-flush signals cached."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    ContentType.objects.clear_cache()
    cache.clear()


class PostgresSnapshot:
    """Every table of the test database copied into the schema ``SCHEMA``, and back."""

    SCHEMA = "renju_test_snapshot"

    def __init__(self) -> None:
        from django.db import connection

        self.tables = connection.introspection.django_table_names(include_views=False)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {self.SCHEMA}")
            for table in self.tables:
                cursor.execute(f'CREATE TABLE {self.SCHEMA}."{table}" AS TABLE public."{table}"')

    def restore(self) -> None:
        from django.apps import apps
        from django.core.management.color import no_style
        from django.db import connection, transaction

        quoted = ", ".join(f'public."{table}"' for table in self.tables)
        with transaction.atomic(), connection.cursor() as cursor:
            # Rows go back as they were: no foreign-key checks, no tally triggers.
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(f"TRUNCATE {quoted}")
            for table in self.tables:
                cursor.execute(
                    f'INSERT INTO public."{table}" SELECT * FROM {self.SCHEMA}."{table}"'
                )
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)


class DemoDatabase:
    """Puts the session's demo data back into the test database on demand."""

    def __init__(self) -> None:
        from django.db import connection

        self.snapshot: sqlite3.Connection | None = None
        self.postgres: PostgresSnapshot | None = None
        if not _is_loaded():  # an earlier transactional test flushed it
            _seed()
        sqlite: Any = connection
        if sqlite.vendor == "sqlite" and sqlite.is_in_memory_db():
            connection.ensure_connection()
            self.snapshot = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self.snapshot)
        elif connection.vendor == "postgresql":
            self.postgres = PostgresSnapshot()

    def restore(self) -> None:
        from django.db import connection

        if self.snapshot is not None:
            connection.ensure_connection()
            self.snapshot.backup(connection.connection)
        elif self.postgres is not None:
            self.postgres.restore()
        else:
            _seed()
        _forget_caches()

    def ensure(self) -> None:
        if not _is_loaded():
            self.restore()

    def close(self) -> None:
        if self.snapshot is not None:
            self.snapshot.close()


@pytest.fixture(scope="session")
def _demo_database(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoDatabase]:
    with django_db_blocker.unblock():
        demo = DemoDatabase()
    yield demo
    demo.close()


@pytest.fixture(scope="module")
def _demo_database_restored_after(
    _demo_database: DemoDatabase, django_db_blocker: Any
) -> Iterator[DemoDatabase]:
    """Module scope: its teardown runs after the last test's flush and puts the data back.

    The connection its queries open is not the one pytest-django closes before dropping the
    test database (a ``connection_created`` probe found it the run's only session left on
    PostgreSQL, which then refused the DROP); it is closed here. Closing is a no-op for
    SQLite's in-memory test database.
    """
    from django.db import connections

    yield _demo_database
    with django_db_blocker.unblock():
        _demo_database.ensure()
        connections.close_all()


@pytest.fixture
def demo_db(_demo_database_restored_after: DemoDatabase, transactional_db: None) -> None:
    """The root session's region tree and demo city, present in a transactional test."""
    _demo_database_restored_after.ensure()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("RENJU_CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(path):
        pytest.skip(f"no Chromium at {path} (set RENJU_CHROMIUM to its path)")
    return path


BROWSER_TEST_TIMEOUT = 900  # seconds; the longest journey takes about 4 minutes on 2 cores

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    """Playwright's driver for the session (its sync API)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        yield p


@pytest.fixture
def new_page(playwright_driver: Any, chromium_path: str) -> Iterator[Callable[..., Any]]:
    """A factory of pages, each in its own headless Chromium (own process, own cookies); JS
    errors fail the test.

    One Chromium for the whole session was seen three times (the toilet journey, which holds
    five pages) not to answer Playwright's request for a new page, which has no timeout of its
    own: the run stalled. A browser per page costs about half a second and holds no state from
    the pages before it."""
    browsers: list[Any] = []
    errors: list[str] = []

    def make(**options: Any) -> Any:
        options.setdefault("locale", "zh-CN")
        browser = playwright_driver.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS
        )
        browsers.append(browser)
        context = browser.new_context(accept_downloads=True, **options)
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
        return page

    yield make
    for browser in browsers:
        browser.close()
    assert not errors, f"JavaScript errors: {errors}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A browser test that hangs ends the run with every thread's stack.

    Chromium has been seen (three times, in the toilet journey) not to answer Playwright's
    request for a new page, which has no timeout of its own (``new_page`` now gives each page
    a browser of its own). pytest-timeout's signal method cannot
    interrupt that wait (the alarm lands in Playwright's event loop), so browser tests use its
    thread method, which dumps the stacks and stops the process: a failed run, never a stalled
    one.
    """
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(BROWSER_TEST_TIMEOUT, method="thread"))
