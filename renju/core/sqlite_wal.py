"""SQLite's write-ahead log, checkpointed off the request path under ``renju serve``.

By default SQLite copies the log back into the database ("checkpoints") inside whichever
connection's commit makes the log pass 1,000 pages, and with ``synchronous=NORMAL`` that
checkpoint ends in an fsync of the database file. Under a burst of villagers' reports that is a
web worker's request waiting for the disk several times a second. ``renju serve`` therefore tells
its web workers and its queue not to checkpoint (``RENJU_SQLITE_AUTOCHECKPOINT=0``, read by
``settings``) and checkpoints from a thread of its own instead, once a second, in PASSIVE mode
(it never waits for a reader or a writer; what it cannot copy now it copies next time).

A PASSIVE checkpoint never shortens the log: SQLite starts it again from the beginning only when
a writer finds it wholly copied back and no reader using it, which under a steady stream of
writes (a burst of reports, one commit every millisecond) never happens. The log then grew by
~20 MB a second (646 MB after a 30-second burst), and with it the memory every connection maps
and the work of every read. So once the log holds more than ``RESTART_PAGES`` the thread asks
for a RESTART checkpoint: it holds new writers back until the readers of the log are done (a
report's read takes well under a millisecond), for ``RESTART_WAIT`` at most, then the next writer
starts the log again from its beginning, over the same file.

Every other process (commands, tests, a shell) keeps SQLite's default, so a log left behind by
a stopped server is checkpointed by the next connection that writes.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from pathlib import Path

ENV = "RENJU_SQLITE_AUTOCHECKPOINT"
DEFAULT_PAGES = 1000  # SQLite's own default (SQLITE_DEFAULT_WAL_AUTOCHECKPOINT)
INTERVAL = 1.0  # seconds between checkpoints by the server's thread; our choice
RESTART_PAGES = DEFAULT_PAGES  # a log longer than this is restarted; SQLite's own threshold
RESTART_WAIT = 0.05  # seconds a RESTART may hold writers back waiting for readers; our choice

log = logging.getLogger(__name__)


def autocheckpoint_pages() -> int:
    """The ``wal_autocheckpoint`` of this process's connections (0 = the server checkpoints)."""
    value = os.environ.get(ENV, "").strip()
    try:
        return max(0, int(value)) if value else DEFAULT_PAGES
    except ValueError:
        return DEFAULT_PAGES


def database_file(name: object) -> Path | None:
    """The database's file, or None for an in-memory or URI database (nothing to checkpoint)."""
    text = str(name or "")
    if not text or text == ":memory:" or text.startswith("file:") or "mode=memory" in text:
        return None
    return Path(text)


def checkpoint_once(path: Path) -> tuple[int, int, int]:
    """One PASSIVE checkpoint, and a RESTART when the log is longer than ``RESTART_PAGES``:
    (busy, pages in the log, pages copied) as SQLite reports them for the last of the two."""
    connection = sqlite3.connect(path, timeout=RESTART_WAIT, isolation_level=None)
    try:
        busy, in_log, copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if in_log > RESTART_PAGES:
            busy, in_log, copied = connection.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
    finally:
        connection.close()
    return int(busy), int(in_log), int(copied)


class Checkpointer(threading.Thread):
    """Checkpoints ``path`` every ``interval`` seconds until :meth:`stop`, and once at the end."""

    def __init__(self, path: Path, interval: float = INTERVAL) -> None:
        super().__init__(name="renju-wal-checkpointer", daemon=True)
        self.path = path
        self.interval = interval
        self.stopping = threading.Event()
        self.checkpoints = 0

    def run(self) -> None:
        while not self.stopping.wait(self.interval):
            self._checkpoint()
        self._checkpoint()

    def _checkpoint(self) -> None:
        try:
            checkpoint_once(self.path)
        except sqlite3.Error as exc:  # busy, or the file went away: try again next time
            log.warning("WAL checkpoint of %s failed: %s", self.path, exc)
        else:
            self.checkpoints += 1

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=10)
