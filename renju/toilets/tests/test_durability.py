"""A killed server loses no acknowledged report.

A real ``gunicorn renju.wsgi`` (2 workers × 4 threads, as ``renju serve`` runs it, DEBUG off,
production cache and static files) serves a fresh SQLite database (WAL, ``synchronous=NORMAL``)
in a temporary directory. Client threads report "toilet full" for many different toilets as
fast as they can, each as a villager would (GET ``/t/<code>`` for the CSRF cookie, the form's
token and idempotency key, then POST ``/t/<code>/report``). About 1.5 s in, the whole server
(master and workers) gets SIGKILL. Every report answered with its redirect to the status page
(``/t/c/<token>``) before the kill must still be there after a restart: the intake row with
its token, its status page answering 200, the database passing ``integrity_check``; and once
the waiting reports are routed (what the queue does; no consumer runs here), each has its case
with the reporter's token and its "created" event.

The database is prepared once per module with the real commands (``migrate``,
``load_regions``, ``seed_demo --scale 0.002``, ``collectstatic``), about 30–40 s on a quiet
machine (each command may take up to 10 minutes on a loaded one). Only 127.0.0.1 is used.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

requests = pytest.importorskip("requests")

ROOT = Path(__file__).resolve().parents[3]
SCALE = "0.002"
WORKERS, THREADS = 2, 4
CLIENTS = 4
KILL_AFTER = 1.5  # seconds of reporting before SIGKILL
MIN_ACKNOWLEDGED = 20  # ... and at least this many reports acknowledged
HIDDEN_FIELD = re.compile(r'name="(csrfmiddlewaretoken|idempotency_key)" value="([^"]+)"')
STATUS_PATH = re.compile(r"/t/c/([A-Za-z0-9_\-]{16,64})$")
# Variables of the test process that must not leak into the server's (pytest-django's settings
# module is the same; RENJU_TESTING would switch to the in-memory cache and immediate queue).
DROPPED = ("RENJU_", "DJANGO_", "DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "STATIC_ROOT", "DEBUG")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(DROPPED)}
    env.update(
        RENJU_VAR_DIR=str(var_dir),
        DEBUG="0",
        RENJU_REPORT_LIMIT_PER_CODE="0",
        RENJU_REPORT_LIMIT_PER_CLIENT="0",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "renju.manage", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def finish(process: subprocess.Popen[bytes], timeout: float = 600) -> None:
    try:
        _out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise
    assert process.returncode == 0, f"{process.args!r}: {err.decode(errors='replace')[-2000:]}"


@dataclass
class Site:
    var_dir: Path
    env: dict[str, str]
    codes: list[str]
    seeded: int  # cases in the database before the test

    @property
    def database(self) -> Path:
        return self.var_dir / "renju.sqlite3"


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    var_dir = tmp_path_factory.mktemp("durability")
    env = server_env(var_dir)
    finish(manage(env, "migrate", "--verbosity", "0"))
    finish(manage(env, "load_regions", "--verbosity", "0"))
    # The static files do not touch the database: collect them while the demo is seeded.
    static = manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    try:
        finish(manage(env, "seed_demo", "--scale", SCALE, "--verbosity", "0"))
    finally:
        finish(static)
    with closing(read_only(var_dir / "renju.sqlite3")) as db:
        # Toilets without any case (the demo may seed some): each report opens a case.
        codes = [
            r[0]
            for r in db.execute(
                "SELECT qr_code FROM toilets_householdtoilet t WHERE NOT EXISTS (SELECT 1 FROM"
                " cases_case c WHERE c.subject_type = 'toilets.householdtoilet'"
                " AND c.subject_id = t.id) ORDER BY t.id"
            )
        ]
        (seeded,) = db.execute("SELECT COUNT(*) FROM cases_case").fetchone()
    assert len(codes) > 500, len(codes)
    return Site(var_dir, env, codes, seeded)


class Server:
    """gunicorn in a process group of its own, so that one signal reaches master and workers."""

    def __init__(self, site: Site, log: IO[bytes]) -> None:
        self.site = site
        self.log = log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "renju.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--timeout",
            "60",
            "--no-control-socket",  # else a shared socket under ~/.gunicorn
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.site.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        probe = f"{self.url}/t/{self.site.codes[0]}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "gunicorn exited while starting"
            try:
                # The first request of a worker loads the application: give it time.
                if requests.get(probe, timeout=20).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.2)
        else:
            raise AssertionError("gunicorn did not answer within 60 s")
        self.warm_up(probe)

    def warm_up(self, probe: str) -> None:
        """Enough requests at once that every worker has loaded the application."""
        with ThreadPoolExecutor(WORKERS * THREADS) as pool:
            answers = list(
                pool.map(lambda _: requests.get(probe, timeout=30), range(4 * WORKERS * THREADS))
            )
        assert all(a.status_code == 200 for a in answers)

    def signal(self, signum: int) -> None:
        """Send ``signum`` to the whole group (master and workers) and wait for the master."""
        if self.process is None or self.process.poll() is not None:
            self.process = None
            return
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
        self.group_gone(self.process.pid)
        self.process = None

    @staticmethod
    def group_gone(pgid: int) -> None:
        """Waits until no process of the group is left (the workers die with the master)."""
        for _ in range(100):
            try:
                os.killpg(pgid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        os.killpg(pgid, signal.SIGKILL)


@pytest.fixture
def make_server(site: Site) -> Iterator[Callable[[], Server]]:
    """Makes servers; whatever the test left running is killed, whatever happens."""
    started: list[Server] = []
    with open(site.var_dir / "gunicorn.log", "ab") as log:

        def make() -> Server:
            server = Server(site, log)
            started.append(server)
            return server

        try:
            yield make
        finally:
            for server in started:
                server.signal(signal.SIGKILL)


@dataclass
class Tally:
    acknowledged: dict[str, str] = field(default_factory=dict)  # token -> toilet code
    failed: int = 0  # requests cut off by the kill (one per client at most)
    refused: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def report_one(url: str, code: str, tally: Tally) -> bool:
    """A villager's report: open the page, tap 满了需抽; acknowledged = the 302 to /t/c/.

    ``False`` when the server did not answer (it is gone: this client stops).
    """
    session = requests.Session()
    try:
        page = session.get(f"{url}/t/{code}", timeout=10)
        fields = dict(HIDDEN_FIELD.findall(page.text))
        if page.status_code != 200 or len(fields) != 2:
            with tally.lock:
                tally.refused.append(page.status_code)
            return True
        form = {**fields, "category": "toilet.full", "description": "满了", "phone": ""}
        response = session.post(
            f"{url}/t/{code}/report",
            files={name: (None, value) for name, value in form.items()},  # multipart, as the form
            headers={"Referer": f"{url}/t/{code}"},
            allow_redirects=False,
            timeout=10,
        )
    except requests.RequestException:
        with tally.lock:
            tally.failed += 1
        return False
    finally:
        session.close()
    match = STATUS_PATH.search(response.headers.get("Location", ""))
    with tally.lock:
        if response.status_code == 302 and match:
            tally.acknowledged[match.group(1)] = code
        else:
            tally.refused.append(response.status_code)
    return True


def reporter(url: str, codes: list[str], stop: threading.Event, tally: Tally) -> None:
    for code in codes:
        if stop.is_set() or not report_one(url, code, tally):
            return


def test_killed_server_loses_no_acknowledged_report(
    site: Site, make_server: Callable[[], Server]
) -> None:
    server = make_server()
    server.start()

    tally = Tally()
    stop = threading.Event()
    codes = site.codes
    threads = [
        threading.Thread(target=reporter, args=(server.url, codes[i::CLIENTS], stop, tally))
        for i in range(CLIENTS)
    ]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    # At least KILL_AFTER seconds and MIN_ACKNOWLEDGED reports (a loaded machine is slower).
    while time.monotonic() - began < KILL_AFTER or (
        len(tally.acknowledged) < MIN_ACKNOWLEDGED and time.monotonic() - began < 20
    ):
        time.sleep(0.05)
    server.signal(signal.SIGKILL)  # master and workers at once: no shutdown, no checkpoint
    killed_after = time.monotonic() - began
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(t.is_alive() for t in threads)
    acknowledged = dict(tally.acknowledged)
    print(
        f"\n{len(acknowledged)} reports acknowledged in {killed_after:.2f} s before SIGKILL;"
        f" {tally.failed} cut off by the kill; refused: {tally.refused}"
    )
    assert not tally.refused, tally.refused
    assert len(acknowledged) >= MIN_ACKNOWLEDGED, "too few reports before the kill to mean anything"
    assert len(acknowledged) < len(codes), "the kill came after the last report"

    # Restart on the same files (SQLite recovers from the WAL on the first connection).
    again = make_server()
    again.start()
    with closing(read_only(site.database)) as db:
        # The report is stored by the request (the intake row); the case comes after, from
        # the queue: the acknowledged reports must all be in the intake table.
        found = {token for (token,) in db.execute("SELECT token FROM toilets_toiletreport")}
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    lost = sorted(set(acknowledged) - found)
    assert not lost, f"{len(lost)} of {len(acknowledged)} acknowledged reports lost: {lost[:5]}"
    unacknowledged = len(found) - len(acknowledged)
    print(f"{len(found)} reports stored; {unacknowledged} stored but not acknowledged")
    assert unacknowledged <= tally.failed  # at most the reports the kill cut off
    # The reporters' status pages answer from the restarted server.
    with requests.Session() as session:
        for token in list(acknowledged)[:50]:
            response = session.get(f"{again.url}/t/c/{token}", timeout=10)
            assert response.status_code == 200, token

    # What the queue would do next (no consumer runs here): route every waiting report. Each
    # acknowledged report then has its case: a new one ("created" event, the report's token)
    # or the toilet's open one.
    finish(manage(site.env, "shell", "-c", "from renju.toilets import intake; intake.drain()"))
    with closing(read_only(site.database)) as db:
        routed = {
            token: (case_token, events)
            for token, case_token, events in db.execute(
                "SELECT r.token, c.reporter_token,"
                " (SELECT COUNT(*) FROM cases_caseevent e WHERE e.case_id = c.id"
                "  AND e.kind = 'created')"
                " FROM toilets_toiletreport r JOIN cases_case c ON c.id = r.case_id"
            )
        }
        (cases,) = db.execute("SELECT COUNT(*) FROM cases_case").fetchone()
    unrouted = sorted(set(acknowledged) - set(routed))
    assert not unrouted, f"{len(unrouted)} acknowledged reports without a case: {unrouted[:5]}"
    # Every toilet got a different code: every report opened its own case.
    broken = {t: routed[t] for t in acknowledged if routed[t] != (t, 1)}
    assert not broken, f"cases without their reporter's token or 'created' event: {broken}"
    assert cases == site.seeded + len(found)

    # A double tap on the real server (the report's INSERT runs on its own there, in
    # autocommit): the same status page twice, one report stored.
    code = codes[-1]
    with requests.Session() as session:
        page = session.get(f"{again.url}/t/{code}", timeout=10)
        form = {**dict(HIDDEN_FIELD.findall(page.text)), "category": "toilet.full"}
        taps = [
            session.post(
                f"{again.url}/t/{code}/report",
                data=form,
                headers={"Referer": f"{again.url}/t/{code}"},
                allow_redirects=False,
                timeout=10,
            )
            for _ in range(2)
        ]
    assert [t.status_code for t in taps] == [302, 302]
    assert taps[0].headers["Location"] == taps[1].headers["Location"]

    # A clean stop, then the file is checked once more with nothing attached to it.
    again.signal(signal.SIGTERM)
    with closing(sqlite3.connect(site.database)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        (reports,) = db.execute("SELECT COUNT(*) FROM toilets_toiletreport").fetchone()
    assert reports == len(found) + 1
