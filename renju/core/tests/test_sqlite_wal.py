"""`renju serve` checkpoints SQLite's log from its own thread; its children never do."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from renju.core import sqlite_wal
from renju.core.management.commands import serve


def _wal_database(path: Path, rows: int) -> sqlite3.Connection:
    """A WAL database written by a connection that never checkpoints (as a web worker's), left
    open (the last connection to close would checkpoint on its way out)."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA wal_autocheckpoint=0")
    connection.execute("CREATE TABLE report (id INTEGER PRIMARY KEY, body TEXT)")
    for i in range(rows):
        connection.execute("INSERT INTO report (body) VALUES (?)", (f"report {i} " * 20,))
    return connection


@pytest.mark.parametrize(
    ("value", "pages"), [("", 1000), ("0", 0), ("250", 250), ("-3", 0), ("many", 1000)]
)
def test_autocheckpoint_pages_reads_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str, pages: int
) -> None:
    monkeypatch.setenv(sqlite_wal.ENV, value)
    assert sqlite_wal.autocheckpoint_pages() == pages


@pytest.mark.parametrize(
    ("name", "is_file"),
    [
        ("/srv/renju/var/renju.sqlite3", True),
        (":memory:", False),
        ("file:memorydb_default?mode=memory&cache=shared", False),
        ("", False),
    ],
)
def test_only_a_database_file_is_checkpointed(name: str, is_file: bool) -> None:
    assert (sqlite_wal.database_file(name) is not None) is is_file


def test_a_checkpoint_copies_the_whole_log_back(tmp_path: Path) -> None:
    path = tmp_path / "renju.sqlite3"
    writer = _wal_database(path, rows=500)
    assert Path(f"{path}-wal").stat().st_size > 0
    busy, in_log, copied = sqlite_wal.checkpoint_once(path)
    assert busy == 0 and in_log > 0 and copied == in_log
    assert writer.execute("SELECT count(*) FROM report").fetchone() == (500,)
    writer.close()


def test_a_long_log_is_started_again_even_while_reads_and_writes_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The burst case: a reader is in the log whenever the next write comes, so after a PASSIVE
    checkpoint alone the write appends and the log grows; past RESTART_PAGES the checkpoint
    waits for the readers to be done, and the next write starts the log from the beginning."""
    monkeypatch.setattr(sqlite_wal, "RESTART_WAIT", 10.0)  # a slow machine: the reader ends first
    path = tmp_path / "renju.sqlite3"
    writer = _wal_database(path, rows=sqlite_wal.RESTART_PAGES * 2)  # ~2 rows per page
    page_size = writer.execute("PRAGMA page_size").fetchone()[0]
    assert Path(f"{path}-wal").stat().st_size > sqlite_wal.RESTART_PAGES * page_size
    reader = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM report").fetchone()  # reading the log, not yet copied
    read_ends = threading.Timer(0.3, reader.execute, args=["COMMIT"])
    read_ends.start()
    try:
        busy, in_log, copied = sqlite_wal.checkpoint_once(path)
        writer.execute("INSERT INTO report (body) VALUES ('next')")  # the next report
    finally:
        read_ends.join()
        reader.close()
    assert busy == 0 and copied == in_log > sqlite_wal.RESTART_PAGES
    _busy, in_log_now, _copied = sqlite_wal.checkpoint_once(path)
    assert in_log_now <= 2  # that write started the log again
    assert writer.execute("SELECT count(*) FROM report").fetchone() == (
        sqlite_wal.RESTART_PAGES * 2 + 1,
    )
    writer.close()


def test_a_short_log_is_only_copied_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "renju.sqlite3"
    writer = _wal_database(path, rows=50)
    modes: list[str] = []
    real_connect = sqlite3.connect

    def spying_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection = real_connect(*args, **kwargs)
        connection.set_trace_callback(modes.append)
        return connection

    monkeypatch.setattr(sqlite_wal.sqlite3, "connect", spying_connect)
    busy, in_log, copied = sqlite_wal.checkpoint_once(path)
    assert busy == 0 and 0 < in_log == copied <= sqlite_wal.RESTART_PAGES
    assert modes == ["PRAGMA wal_checkpoint(PASSIVE)"]
    writer.close()


def test_the_checkpointer_runs_until_stopped_and_once_more_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "renju.sqlite3"
    writer = _wal_database(path, rows=50)
    checkpointer = sqlite_wal.Checkpointer(path, interval=0.01)
    checkpointer.start()
    checkpointer.stop()
    assert not checkpointer.is_alive() and checkpointer.checkpoints >= 1
    _busy, in_log, copied = sqlite_wal.checkpoint_once(path)
    assert in_log == copied  # nothing was left behind
    writer.close()


def test_serve_gives_its_children_no_autocheckpoint_on_a_sqlite_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(sqlite_wal.ENV, raising=False)
    path = tmp_path / "renju.sqlite3"
    sqlite3.connect(path).close()
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}
    monkeypatch.setitem(settings.DATABASES, "default", database)
    env, checkpointer = serve._wal_checkpointer()
    assert checkpointer is not None
    checkpointer.stop()
    assert env[sqlite_wal.ENV] == "0"
    # An operator's own RENJU_SQLITE_AUTOCHECKPOINT is kept, and then no thread checkpoints.
    monkeypatch.setenv(sqlite_wal.ENV, "500")
    env, checkpointer = serve._wal_checkpointer()
    assert checkpointer is None and env[sqlite_wal.ENV] == "500"
    monkeypatch.delenv(sqlite_wal.ENV)
    # PostgreSQL (or an in-memory SQLite) keeps the environment as it is, with no thread.
    database = {"ENGINE": "django.db.backends.postgresql", "NAME": "renju"}
    monkeypatch.setitem(settings.DATABASES, "default", database)
    env, checkpointer = serve._wal_checkpointer()
    assert checkpointer is None and env == dict(os.environ)


def test_a_process_told_not_to_checkpoint_opens_its_connections_so(tmp_path: Path) -> None:
    """The setting reaches the connection: a child of `renju serve` never checkpoints itself."""
    code = (
        "import django; django.setup(); from django.db import connection;"
        "print(connection.cursor().execute('PRAGMA wal_autocheckpoint').fetchone()[0])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "renju.settings", "RENJU_TESTING": ""}
    env.pop("DATABASE_URL", None)
    env["RENJU_VAR_DIR"] = str(tmp_path)
    for value, expected in (("0", "0"), ("", "1000")):
        env[sqlite_wal.ENV] = value
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == expected
