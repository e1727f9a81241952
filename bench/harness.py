"""Shared pieces of the benchmarks: configuration, timing statistics, SQL capture, reports.

Nothing here imports Django at module level: ``configure()`` must set the environment (var
dir, database URL) before ``django_setup()`` reads the settings.
"""

from __future__ import annotations

import math
import os
import platform
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
PG_DATABASE = "renju_bench"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_URL = f"postgresql://postgres@127.0.0.1:5432/{PG_DATABASE}"
CITY = "3715"
BIG_COUNTY = "371522"  # 莘县, the county with the most households
IMPORT_COUNTY = "371502"  # 东昌府区, where the demo county officer works


@dataclass(frozen=True)
class Config:
    db: str  # "sqlite" or "postgres"
    scale: float
    var_dir: Path
    iterations: int
    warmup: int
    profile: bool
    http: bool

    @property
    def sqlite_path(self) -> Path:
        return self.var_dir / "renju.sqlite3"

    def env(self) -> dict[str, str]:
        """The environment for `renju` subprocesses (and this process)."""
        env = dict(os.environ)
        env["RENJU_VAR_DIR"] = str(self.var_dir)
        env["DJANGO_SETTINGS_MODULE"] = "renju.settings"
        env.pop("RENJU_TESTING", None)
        env.pop("DEBUG", None)
        if self.db == "postgres":
            env["DATABASE_URL"] = PG_URL
        else:
            env.pop("DATABASE_URL", None)
        return env


def configure(
    db: str,
    scale: float,
    iterations: int = 50,
    warmup: int = 5,
    profile: bool = False,
    http: bool = True,
) -> Config:
    var_dir = ROOT / "var" / f"bench-{db}"
    var_dir.mkdir(parents=True, exist_ok=True)
    cfg = Config(db, scale, var_dir, iterations, warmup, profile, http)
    env = cfg.env()
    os.environ.clear()
    os.environ.update(env)
    return cfg


_django_ready = False


def django_setup() -> None:
    global _django_ready
    if not _django_ready:
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        _django_ready = True


# --- statistics -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    samples: tuple[float, ...]  # seconds

    @property
    def n(self) -> int:
        return len(self.samples)

    def quantile(self, q: float) -> float:
        """Nearest-rank quantile (p95 of 50 samples is the 48th smallest)."""
        ordered = sorted(self.samples)
        rank = max(1, math.ceil(q * len(ordered)))
        return ordered[rank - 1]

    @property
    def median(self) -> float:
        ordered = sorted(self.samples)
        mid = len(ordered) // 2
        if len(ordered) % 2:
            return ordered[mid]
        return (ordered[mid - 1] + ordered[mid]) / 2

    @property
    def p95(self) -> float:
        return self.quantile(0.95)

    @property
    def minimum(self) -> float:
        return min(self.samples)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def secs(seconds: float) -> str:
    return f"{seconds:.1f} s"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b > 0 else "n/a"


def verdict(ok: bool) -> str:
    return "✅ meets target" if ok else "❌ misses target"


def stopwatch(func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


# --- SQL capture -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    sql: str
    params: tuple[Any, ...]

    def short(self, width: int = 110) -> str:
        text = " ".join(self.sql.split())
        return text if len(text) <= width else text[: width - 1] + "…"


@contextmanager
def capture_sql() -> Iterator[list[Query]]:
    """Every statement Django executes inside the block, as sent (``%s`` placeholders)."""
    from django.db import connection

    queries: list[Query] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not many:
            queries.append(Query(sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield queries


def run_sql(queries: list[Query]) -> int:
    """Execute the statements through a plain cursor and fetch every row; returns the rows."""
    from django.db import connection

    rows = 0
    with connection.cursor() as cursor:
        for q in queries:
            cursor.execute(q.sql, q.params)
            rows += len(cursor.fetchall())
    return rows


# --- reports -----------------------------------------------------------------------------------


@dataclass
class Section:
    """One benchmark's report: a table of figures and free notes (markdown)."""

    name: str
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def add(self, label: str, value: str, key: str | None = None, raw: Any = None) -> None:
        self.rows.append((label, value))
        if key is not None:
            self.data[key] = raw

    def markdown(self) -> str:
        lines = [f"### {self.title}", "", "| figure | value |", "| --- | --- |"]
        lines += [f"| {label} | {value} |" for label, value in self.rows]
        if self.notes:
            lines.append("")
            lines += self.notes
        return "\n".join(lines) + "\n"


def machine() -> list[tuple[str, str]]:
    def sh(*cmd: str) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return "?"

    lines = sh("free", "-h").splitlines()
    memory = "?"
    if len(lines) >= 2:
        names, values = lines[0].split(), lines[1].split()[1:]
        memory = ", ".join(f"{n} {v}" for n, v in zip(names, values, strict=False))
    return [
        ("date", time.strftime("%Y-%m-%d %H:%M %Z")),
        ("nproc", sh("nproc")),
        ("memory (free -h, Mem:)", memory),
        ("cpu", _cpu_model()),
        ("python", platform.python_version()),
        ("sqlite", sqlite3.sqlite_version),
        ("load average at start", " ".join(f"{x:.2f}" for x in os.getloadavg())),
        ("code", _git_state()),
    ]


def _git_state() -> str:
    """The commit measured, and how many files differ from it (others edit the tree too)."""
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "renju"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.splitlines()
    except OSError:
        return "?"
    return f"{head} + {len(status)} uncommitted files under renju/" if status else head


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def profile_call(func: Callable[[], Any], limit: int = 25, sort: str = "tottime") -> str:
    """cProfile ``func`` and return the top functions as text."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    try:
        func()
    finally:
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats(sort).print_stats(limit)
    text = out.getvalue()
    # Drop pstats' preamble up to the column header.
    start = text.find("   ncalls")
    return text[start:] if start >= 0 else text


# Where a request's time goes: (label, file suffix, function names); cumulative time each.
REQUEST_PARTS: list[tuple[str, str, tuple[str, ...]]] = [
    ("whole request (test Client)", "django/test/client.py", ("request",)),
    ("— view function (all of it)", "django/core/handlers/base.py", ("_get_response",)),
    (
        "— template rendering (incl. queries it triggers)",
        "template/backends/django.py",
        ("render",),
    ),
    ("— ORM: building SQL (compiler.as_sql)", "django/db/models/sql/compiler.py", ("as_sql",)),
    (
        "— database: executing SQL (CursorWrapper._execute)",
        "django/db/backends/utils.py",
        ("_execute",),
    ),
    (
        "— database: fetching rows (sqlite3/psycopg fetch*)",
        "",
        (
            "<method 'fetchmany' of 'sqlite3.Cursor' objects>",
            "<method 'fetchall' of 'sqlite3.Cursor' objects>",
            "<method 'fetchone' of 'sqlite3.Cursor' objects>",
            "fetchmany",
            "fetchall",
            "fetchone",
        ),
    ),
    ("— scope look-ups (core.scoping.scope_regions)", "renju/core/scoping.py", ("scope_regions",)),
    ("— sessions and auth middleware", "django/contrib/auth/middleware.py", ("<lambda>",)),
]


def _matches(key: tuple[str, int, str], suffix: str, names: tuple[str, ...]) -> bool:
    filename, _line, name = key
    if name not in names:
        return False
    if suffix:
        return filename.endswith(suffix)
    # Fetching: the C methods of sqlite3 ("~") or psycopg's Python cursor.
    return filename == "~" or filename.endswith("psycopg/cursor.py")


def profile_breakdown(func: Callable[[], Any], calls: int) -> list[tuple[str, float, float]]:
    """cProfile ``func`` (which makes ``calls`` requests): (label, ms per call, share)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    try:
        func()
    finally:
        profiler.disable()
    raw: dict[tuple[str, int, str], tuple[Any, ...]] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    totals: dict[str, float] = {}
    for label, suffix, names in REQUEST_PARTS:
        keys = {k for k in raw if _matches(k, suffix, names)}
        # Outermost calls only: time reaching these functions from outside the group.
        totals[label] = sum(
            caller_stats[3]
            for key in keys
            for caller, caller_stats in raw[key][4].items()
            if caller not in keys
        )
    whole = totals.get(REQUEST_PARTS[0][0], 0.0) or 1.0
    return [
        (label, totals.get(label, 0.0) * 1000 / calls, totals.get(label, 0.0) / whole)
        for label, _suffix, _names in REQUEST_PARTS
    ]


def run_command(
    cmd: list[str], cfg: Config, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> tuple[float, str]:
    """Run a command to completion; returns its wall time and its output. Raises on failure."""
    start = time.perf_counter()
    proc = subprocess.run(
        cmd,
        cwd=cwd,
        env=env if env is not None else cfg.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{output[-4000:]}")
    return elapsed, output
