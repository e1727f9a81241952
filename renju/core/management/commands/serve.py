"""renju serve: the production server (gunicorn) and the background worker (Huey) together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from renju.core import sqlite_wal


class Command(BaseCommand):
    help = "Serve renju with gunicorn and run the Huey consumer beside it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3"))
        )
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
        # The queue's CPU priority (0 = the web workers'). Not lowered by default: a niced
        # consumer holding SQLite's write lock while the web workers take every CPU stalls
        # every writer behind it (an intake burst fell to 0.13 of /healthz, p90 6.6 s, in
        # bench/INTAKE.md); the queue gives way to a burst by itself (intake.drain).
        parser.add_argument(
            "--consumer-nice",
            type=int,
            default=int(os.environ.get("RENJU_CONSUMER_NICE", "0")),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        nice = options["consumer_nice"]
        env, checkpointer = _wal_checkpointer()
        consumer = subprocess.Popen(
            [sys.executable, "-m", "renju.manage", "run_huey", "--quiet"],
            preexec_fn=(lambda: os.nice(nice)) if nice else None,
            env=env,
        )
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "renju.wsgi",
            "--bind",
            f"{options['host']}:{options['port']}",
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--timeout",
            "120",
            "--access-logfile",
            "-",
        ]
        self.stdout.write(f"renju: http://{options['host']}:{options['port']}/")
        server = subprocess.Popen(command, env=env)
        # A supervisor (or `kill`) stops us with SIGTERM: stop gunicorn and the consumer with us,
        # as Ctrl-C does, instead of leaving them running without their parent.
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            server.wait()
        except KeyboardInterrupt:
            server.send_signal(signal.SIGTERM)
            server.wait()
        finally:
            consumer.terminate()
            consumer.wait(timeout=10)
            signal.signal(signal.SIGTERM, previous)
            if checkpointer is not None:
                checkpointer.stop()


def _wal_checkpointer() -> tuple[dict[str, str], sqlite_wal.Checkpointer | None]:
    """On SQLite, the children's environment without automatic checkpoints and the thread that
    checkpoints instead (see core.sqlite_wal); elsewhere the environment as it is."""
    database = settings.DATABASES["default"]
    path = sqlite_wal.database_file(database["NAME"])
    if database["ENGINE"] != "django.db.backends.sqlite3" or path is None:
        return dict(os.environ), None
    if sqlite_wal.autocheckpoint_pages() != sqlite_wal.DEFAULT_PAGES:
        return dict(os.environ), None  # the operator chose the connections' own checkpoints
    checkpointer = sqlite_wal.Checkpointer(path)
    checkpointer.start()
    return {**os.environ, sqlite_wal.ENV: "0"}, checkpointer


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
