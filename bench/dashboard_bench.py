"""Dashboard benchmark: the indicator dashboards and the recompute at full city scale.

Usage (a scale-1 SQLite database with toilets and the simulated case history)::

    RENJU_VAR_DIR=var/bench-dash .venv/bin/python bench/dashboard_bench.py [--seed-cases]
        [--iterations 30] [--warmup 3] [--json out.json]

``--seed-cases`` first runs the ``cases`` demo step and the recompute on a database that has
toilets but no case history yet (e.g. a copy of an older scale-1 seed), and times them.

Measured, in one process:

(a) ``/indicators/`` as ``city_admin`` and ``/indicators/371522/`` as ``county2_admin``
    through Django's test ``Client``: p50 and p95 over ``--iterations`` requests after the
    warm-up, each as a ratio to one bare SQL aggregate over the rows that the sanitary-coverage
    and pump-out on-time indicators read (households, household toilets and pump-out cases of
    the city / the county), timed the same way in the same run;
(b) ``engine.recompute("3715")``: wall time per indicator and in total (median of 3 runs);
(c) the time for a village's kept value to reflect a change: one toilet's condition changed,
    the recompute run, the village's ``usable_rate`` read back (and the change undone).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RENJU_VAR_DIR", str(ROOT / "var" / "bench-dash"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renju.settings")

CITY = "3715"
COUNTY = "371522"  # 莘县: county2_admin's county, the one with the most households


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(func: Callable[[], Any], iterations: int, warmup: int) -> dict[str, float]:
    for _ in range(warmup):
        func()
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "min_ms": round(min(samples), 2),
        "max_ms": round(max(samples), 2),
        "n": len(samples),
    }


AGGREGATE_SQL = """
SELECT
  (SELECT COUNT(*) FROM households_household WHERE {col} = %s),
  (SELECT COUNT(*) FROM toilets_householdtoilet
     WHERE {col} = %s AND toilet_type IN ({sanitary})),
  (SELECT SUM(CASE WHEN state IN ('resolved','confirmed','closed') AND resolved_at <= deadline
                   THEN 1 ELSE 0 END)
     FROM cases_case WHERE category = 'toilet.full' AND {col} = %s),
  (SELECT SUM(CASE WHEN state IN ('resolved','confirmed','closed')
                     OR (state IN ({open_states}) AND deadline < %s) THEN 1 ELSE 0 END)
     FROM cases_case WHERE category = 'toilet.full' AND {col} = %s)
"""


def aggregate(column: str, region_id: int) -> Callable[[], Any]:
    """One bare SQL statement: the numerators and denominators of two indicators."""
    from django.db import connection
    from django.utils import timezone

    from renju.cases.choices import OPEN_STATES
    from renju.toilets.choices import SANITARY_TYPES

    sanitary = ", ".join(f"'{t}'" for t in sorted(SANITARY_TYPES))
    open_states = ", ".join(f"'{s}'" for s in sorted(OPEN_STATES))
    sql = AGGREGATE_SQL.format(col=column, sanitary=sanitary, open_states=open_states)
    now = connection.ops.adapt_datetimefield_value(timezone.now())

    def run() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, [region_id, region_id, region_id, now, region_id])
            return cursor.fetchone()

    return run


def page(client: Any, url: str) -> Callable[[], Any]:
    def run() -> Any:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return run


def profile(client: Any, url: str) -> dict[str, Any]:
    """The queries of one request: count, total SQL time, the slowest."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        client.get(url)
        wall = (time.perf_counter() - started) * 1000
    queries = [(float(q["time"]) * 1000, q["sql"]) for q in ctx.captured_queries]
    queries.sort(reverse=True)
    return {
        "wall_ms": round(wall, 1),
        "queries": len(queries),
        "sql_ms": round(sum(t for t, _ in queries), 1),
        "slowest": [{"ms": round(t, 2), "sql": sql[:300]} for t, sql in queries[:6]],
    }


def dashboards(iterations: int, warmup: int) -> dict[str, Any]:
    from django.conf import settings
    from django.test import Client

    from renju.accounts.models import User
    from renju.regions.models import Region

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    city = Region.objects.current().get(code=CITY)
    county = Region.objects.current().get(code=COUNTY)
    out: dict[str, Any] = {}
    for name, username, url, column, region in (
        ("city", "city_admin", "/indicators/", "city_id", city),
        ("county", "county2_admin", f"/indicators/{COUNTY}/", "county_id", county),
    ):
        client = Client()
        client.force_login(User.objects.get(username=username))
        sql = timed(aggregate(column, region.pk), iterations, warmup)
        view = timed(page(client, url), iterations, warmup)
        out[name] = {
            "url": url,
            "user": username,
            "dashboard": view,
            "aggregate": sql,
            "p50_ratio": round(view["p50_ms"] / sql["p50_ms"], 3),
            "p95_ratio": round(view["p95_ms"] / sql["p95_ms"], 3),
            "p95_vs_aggregate_p50": round(view["p95_ms"] / sql["p50_ms"], 3),
            "profile": profile(client, url),
        }
    return out


def recompute_times(runs: int = 3) -> dict[str, Any]:
    from renju.indicators import engine

    per: dict[str, list[float]] = {}
    totals = []
    for _ in range(runs):
        started = time.perf_counter()
        timings = engine.recompute(CITY)
        totals.append(time.perf_counter() - started)
        for key, seconds in timings.items():
            per.setdefault(key, []).append(seconds)
    return {
        "per_indicator_s": {k: round(statistics.median(v), 3) for k, v in per.items()},
        "total_s": round(statistics.median(totals), 3),
        "total_runs_s": [round(t, 3) for t in totals],
    }


def freshness() -> dict[str, Any]:
    """Change one toilet's condition, recompute, read the village's kept usable rate."""
    from django.utils import timezone

    from renju.indicators import engine
    from renju.indicators.models import IndicatorValue, PeriodKind
    from renju.toilets.models import HouseholdToilet

    key = "toilets.usable_rate"
    toilet = HouseholdToilet.objects.filter(condition="usable").order_by("pk").first()
    assert toilet is not None
    start = engine.period_starts(timezone.localdate())[PeriodKind.MONTH]

    def kept() -> tuple[float | None, float | None]:
        row = IndicatorValue.objects.get(
            indicator=key,
            region_id=toilet.village_id,
            period_kind=PeriodKind.MONTH,
            period_start=start,
        )
        return row.numerator, row.denominator

    before = kept()
    started = time.perf_counter()
    HouseholdToilet.objects.filter(pk=toilet.pk).update(condition="unusable")
    timings = engine.recompute(CITY)
    after = kept()
    elapsed = time.perf_counter() - started
    HouseholdToilet.objects.filter(pk=toilet.pk).update(condition="usable")
    engine.recompute(CITY)
    assert after[0] is not None
    assert before[0] is not None
    assert after[0] == before[0] - 1
    return {
        "village_id": toilet.village_id,
        "before": before,
        "after": after,
        "change_to_kept_value_s": round(elapsed, 3),
        "usable_rate_compute_s": round(timings[key], 3),
        "worst_case_staleness_s": round(300 + elapsed, 1),
    }


def seed_cases() -> dict[str, Any]:
    from renju.cases.demo import simulate_cases
    from renju.core.audit import audit_context
    from renju.core.demo import DemoContext
    from renju.indicators import engine

    logs: list[str] = []
    ctx = DemoContext(scale=1.0, seed=2026, city_code=CITY, log=logs.append, data={})
    started = time.perf_counter()
    with audit_context(channel="command"):
        simulate_cases(ctx)
    step = time.perf_counter() - started
    started = time.perf_counter()
    engine.recompute(CITY)
    return {
        "step_s": round(step, 1),
        "recompute_s": round(time.perf_counter() - started, 1),
        "log": logs,
    }


def counts() -> dict[str, int]:
    from renju.cases.models import Case, CaseEvent
    from renju.toilets.models import HouseholdToilet, PumpOut

    return {
        "household_toilets": HouseholdToilet.objects.count(),
        "cases": Case.objects.count(),
        "pumpouts": PumpOut.objects.count(),
        "case_events": CaseEvent.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed-cases", action="store_true")
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--json", default="")
    parser.add_argument("--skip", default="", help="comma list of: dashboards,recompute,fresh")
    args = parser.parse_args()
    import django

    django.setup()
    skip = set(filter(None, args.skip.split(",")))
    result: dict[str, Any] = {
        "var_dir": os.environ["RENJU_VAR_DIR"],
        "nproc": os.cpu_count(),
        "loadavg": os.getloadavg(),
    }
    if args.seed_cases:
        result["seed_cases"] = seed_cases()
        print(json.dumps(result["seed_cases"], ensure_ascii=False), flush=True)
    result["counts"] = counts()
    if "dashboards" not in skip:
        result["dashboards"] = dashboards(args.iterations, args.warmup)
    if "recompute" not in skip:
        result["recompute"] = recompute_times()
    if "fresh" not in skip:
        result["freshness"] = freshness()
    result["loadavg_after"] = os.getloadavg()
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
