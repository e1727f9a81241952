"""`household_list` and `region_home`: pages through the test Client and real HTTP, against the
bare SQL that fetches the same data, measured interleaved in one run."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from harness import (
    BIG_COUNTY,
    VENV_BIN,
    Config,
    Query,
    Section,
    Stats,
    capture_sql,
    django_setup,
    ms,
    profile_breakdown,
    profile_call,
    ratio,
    run_command,
    verdict,
)

RATIO_TARGET = 3.0
P95_TARGET = 0.300  # seconds


@dataclass(frozen=True)
class PageCase:
    label: str
    url: str
    username: str
    expect: bytes
    bare: Callable[[list[Query]], list[Query]]  # the page's own data queries
    # Optional second reference: statements that compute the page's figures from the rows
    # they count, where the page itself reads a pre-counted table instead.
    from_rows: Callable[[], list[Query]] | None = None


def _selects(queries: list[Query]) -> list[Query]:
    return [q for q in queries if q.sql.lstrip().upper().startswith("SELECT")]


def household_queries(queries: list[Query]) -> list[Query]:
    """The capped COUNT and the SELECT of the page's rows."""
    return [q for q in _selects(queries) if 'FROM "households_household"' in q.sql]


def counted_from_households(username: str, code: str | None) -> Callable[[], list[Query]]:
    """The home page's totals and per-child counts as one GROUP BY over the region's households
    (what the page would run without the per-village tallies), plus its level counts."""

    def capture() -> list[Query]:
        from renju.accounts.models import User
        from renju.core.views import child_field_of, household_counts
        from renju.households.models import Household
        from renju.regions.choices import Level
        from renju.regions.services import home_region, region_for_user

        user = User.objects.get(username=username)
        region = region_for_user(user, code) if code else home_region(user)
        assert region is not None
        households = Household.objects.restrict(user).filter(region.scope_filter())
        field = child_field_of(region)
        with capture_sql() as captured:
            household_counts(households, field if region.level < Level.HAMLET else None)
        return _selects(captured)

    return capture


AGGREGATED_TABLES = ("households_household", "households_householdtally", "regions_region")


def aggregate_queries(queries: list[Query]) -> list[Query]:
    """The aggregates a home page runs over households, their per-village tallies and regions
    (totals, per-child counts, level counts); not the navigation's badge counts."""
    return [
        q
        for q in _selects(queries)
        if ("COUNT(" in q.sql or "SUM(" in q.sql)
        and any(f'FROM "{table}"' in q.sql for table in AGGREGATED_TABLES)
    ]


# --- real HTTP against `renju serve` ----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(cfg: Config) -> Iterator[int]:
    """`renju serve` (gunicorn + Huey, as `make run` starts it) on a free port."""
    port = _free_port()
    log = (cfg.var_dir / "serve.log").open("w")
    proc = subprocess.Popen(
        [str(VENV_BIN / "renju"), "serve", "--port", str(port)],
        env=cfg.env(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: we stop exactly what we started
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"renju serve did not start; see {log.name}")
            time.sleep(0.5)
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


class HttpPage:
    """One keep-alive connection carrying a logged-in session cookie."""

    def __init__(self, port: int, session: str) -> None:
        self.port = port
        self.headers = {"Cookie": f"sessionid={session}", "Host": f"127.0.0.1:{port}"}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, url: str) -> tuple[int, bytes]:
        try:
            self.conn.request("GET", url, headers=self.headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.conn.request("GET", url, headers=self.headers)
            response = self.conn.getresponse()
        return response.status, response.read()


# --- measuring -----------------------------------------------------------------------------------


def _client(username: str) -> Any:
    from django.test import Client

    from renju.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    return client


def _time_queries(queries: list[Query]) -> list[float]:
    """Each statement executed through a plain cursor, rows fetched; seconds per statement."""
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for q in queries:
            start = time.perf_counter()
            cursor.execute(q.sql, q.params)
            cursor.fetchall()
            times.append(time.perf_counter() - start)
    return times


def _add_stats(section: Section, label: str, stats: Stats, key: str) -> None:
    """One timed figure: its median and p95, shown and kept under ``key``."""
    section.add(
        label,
        f"{ms(stats.median)} / {ms(stats.p95)}",
        key,
        {"median": stats.median, "p95": stats.p95},
    )


def measure(case: PageCase, cfg: Config, port: int | None, section: Section) -> None:
    client = _client(case.username)
    response = client.get(case.url)
    if response.status_code != 200 or case.expect not in response.content:
        raise RuntimeError(f"{case.url} as {case.username}: {response.status_code}")
    with capture_sql() as captured:
        client.get(case.url)
    selects = _selects(captured)
    bare = case.bare(captured)
    bare_idx = [selects.index(q) for q in bare]
    # The figures from the rows they count: the GROUP BY over households in place of the
    # tallies' statement, the level counts as the page runs them.
    from_rows = (
        [*case.from_rows(), *(q for q in bare if 'FROM "regions_region"' in q.sql)]
        if case.from_rows
        else []
    )
    page: HttpPage | None = None
    if port is not None:
        page = HttpPage(port, client.cookies["sessionid"].value)
        status, body = page.get(case.url)
        if status != 200 or case.expect not in body:
            raise RuntimeError(f"HTTP {case.url}: {status}")

    def one_round(samples: dict[str, list[float]]) -> None:
        start = time.perf_counter()
        client.get(case.url)
        samples["client"].append(time.perf_counter() - start)
        if page is not None:
            start = time.perf_counter()
            page.get(case.url)
            samples["http"].append(time.perf_counter() - start)
        per_query = _time_queries(selects)
        samples["all_sql"].append(sum(per_query))
        samples["bare"].append(sum(per_query[i] for i in bare_idx))
        for i, t in enumerate(per_query):
            samples.setdefault(f"q{i}", []).append(t)
        if from_rows:
            samples["from_rows"].append(sum(_time_queries(from_rows)))

    keys = ("client", "http", "all_sql", "bare", "from_rows")
    scratch: dict[str, list[float]] = {k: [] for k in keys}
    for _ in range(cfg.warmup):
        one_round(scratch)
    samples: dict[str, list[float]] = {k: [] for k in keys}
    for _ in range(cfg.iterations):
        one_round(samples)
    stats = {k: Stats(tuple(v)) for k, v in samples.items() if v}

    key = case.label
    c, b = stats["client"], stats["bare"]
    section.add(
        f"`{case.url}` as {case.username}",
        f"{len(selects)} SELECTs, {len(bare)} of them bare",
    )
    _add_stats(section, "— page via test Client: median / p95", c, f"{key}.client")
    if "http" in stats:
        h = stats["http"]
        _add_stats(section, "— page via HTTP (`renju serve`): median / p95", h, f"{key}.http")
    _add_stats(section, f"— bare SQL ({len(bare)} statements): median / p95", b, f"{key}.bare")
    a = stats["all_sql"]
    _add_stats(
        section,
        f"— all {len(selects)} SELECTs of the page, replayed: median / p95",
        a,
        f"{key}.all_sql",
    )
    worst = max(c.p95, stats["http"].p95 if "http" in stats else 0.0)
    section.add(
        "— **page p95 / bare p95** (target ≤ 3×)",
        f"**{ratio(c.p95, b.p95)}** client"
        + (f", **{ratio(stats['http'].p95, b.p95)}** HTTP" if "http" in stats else "")
        + f" — {verdict(worst / b.p95 <= RATIO_TARGET)}",
        f"{key}.ratio",
        c.p95 / b.p95,
    )
    section.add(
        "— **absolute page p95** (target ≤ 300 ms)",
        f"**{ms(worst)}** — {verdict(worst <= P95_TARGET)}",
        f"{key}.p95_ok",
        worst <= P95_TARGET,
    )
    if "from_rows" in stats:
        r = stats["from_rows"]
        _add_stats(
            section,
            "— the same figures counted from the households (no tallies): median / p95",
            r,
            f"{key}.from_rows",
        )
        section.add(
            "— page p95 / that p95 (the rows the figures count, read by bare SQL)",
            f"{ratio(worst, r.p95)} — {verdict(worst / r.p95 <= RATIO_TARGET)}",
            f"{key}.from_rows_ratio",
            worst / r.p95,
        )
    lines = [f"Statements of `{case.url}` (median each; ★ = bare):", ""]
    for i, q in enumerate(selects):
        star = "★" if i in bare_idx else " "
        lines.append(f"    {star} {ms(stats[f'q{i}'].median):>9}  {q.short(150)}")
    section.notes += [*lines, ""]
    missed = worst > P95_TARGET or worst / b.p95 > RATIO_TARGET
    parts = profile_breakdown(lambda: [client.get(case.url) for _ in range(10)], calls=10)
    section.notes += [
        f"Where the time of `{case.url}` goes (cProfile, 10 requests; the profiler inflates"
        " Python, so read the shares, not the milliseconds):",
        "",
        "| part | ms per request (profiled) | share |",
        "| --- | --- | --- |",
        *[f"| {label} | {per:.1f} | {share:.0%} |" for label, per, share in parts],
        "",
    ]
    section.data[f"{key}.profile"] = {label: share for label, _per, share in parts}
    if cfg.profile or missed:
        listing = profile_call(lambda: [client.get(case.url) for _ in range(10)], limit=30)
        section.notes += [
            f"<details><summary>cProfile of 10 requests of {case.url} (tottime)</summary>",
            "",
            "```",
            listing.rstrip(),
            "```",
            "</details>",
            "",
        ]
    if page is not None:
        page.conn.close()


def measure_floor(cfg: Config, username: str, section: Section) -> None:
    """What a signed-in page costs before its content: a one-byte page and the shell alone
    (``bench/floor_urls.py``), through the test Client, timed like the pages. A page cannot be
    faster than its shell, so the shell's p95 over a page's bare p95 is the lowest ratio that
    page could reach in Django's templates."""
    from django.test import override_settings
    from floor_urls import FLOOR_PAGES

    with override_settings(ROOT_URLCONF="floor_urls"):
        client = _client(username)
        for key, url in FLOOR_PAGES.items():
            if client.get(url).status_code != 200:
                raise RuntimeError(f"floor page {url}: not served")
            samples = []
            for i in range(cfg.warmup + cfg.iterations):
                start = time.perf_counter()
                client.get(url)
                if i >= cfg.warmup:
                    samples.append(time.perf_counter() - start)
            stats = Stats(tuple(samples))
            section.add(
                f"floor: {'one-byte page' if key == 'signed_in' else 'the shell alone'}"
                f" as {username} (client): median / p95",
                f"{ms(stats.median)} / {ms(stats.p95)}",
                f"floor.{key}",
                {"median": stats.median, "p95": stats.p95},
            )


def floor_ratios(section: Section) -> None:
    """Each page's bare p95 against the shell's p95: the ratio no template change goes under."""
    shell = section.data.get("floor.shell")
    if not shell:
        return
    for key, bare in list(section.data.items()):
        if key.endswith(".bare"):
            page = key.removesuffix(".bare")
            section.add(
                f"— `{page}`: the shell alone p95 / bare p95",
                ratio(shell["p95"], bare["p95"]),
                f"{page}.floor_ratio",
                shell["p95"] / bare["p95"],
            )


def _run(cfg: Config, name: str, title: str, cases: list[PageCase]) -> Section:
    # Static files may have changed since the seed (the manifest must name every file).
    run_command([str(VENV_BIN / "renju"), "collectstatic", "--noinput", "-v0"], cfg)
    django_setup()
    from renju.households.models import Household

    if not Household.objects.exists():
        raise RuntimeError("no households: run the seed benchmark first")
    section = Section(name, f"{title} ({cfg.db}, {cfg.iterations} requests after {cfg.warmup})")
    section.notes.append(f"households in the database: {Household.objects.count():,}")
    server = serving(cfg) if cfg.http else contextlib.nullcontext(None)
    with server as port:
        for case in cases:
            measure(case, cfg, port, section)
    measure_floor(cfg, cases[0].username, section)
    floor_ratios(section)
    return section


def run_household_list(cfg: Config) -> Section:
    base = f"/ledgers/households/?region={BIG_COUNTY}"
    cases = [
        PageCase("county", base, "county2_admin", BIG_COUNTY.encode(), household_queries),
        PageCase(
            "county_away_p3",
            f"{base}&status=away&page=3",
            "county2_admin",
            BIG_COUNTY.encode(),
            household_queries,
        ),
        PageCase(
            "county_sorted_p3",
            f"{base}&sort=-members&page=3",
            "county2_admin",
            BIG_COUNTY.encode(),
            household_queries,
        ),
    ]
    return _run(cfg, "household_list", "household_list", cases)


def run_region_home(cfg: Config) -> Section:
    expect = b'data-testid="household-count"'
    cases = [
        PageCase(
            "city",
            "/",
            "city_admin",
            expect,
            aggregate_queries,
            counted_from_households("city_admin", None),
        ),
        PageCase(
            "county",
            f"/r/{BIG_COUNTY}/",
            "county2_admin",
            expect,
            aggregate_queries,
            counted_from_households("county2_admin", BIG_COUNTY),
        ),
    ]
    return _run(cfg, "region_home", "region_home", cases)
