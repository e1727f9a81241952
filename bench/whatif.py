"""`whatif`: the SQL of the slow pages against the alternatives the report suggests, in one run.

Nothing is left behind: indexes and the roll-up table are created inside a transaction that is
rolled back (DDL is transactional on SQLite and PostgreSQL).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from harness import BIG_COUNTY, CITY, Config, Section, Stats, django_setup, ms

ROUNDS = 15
WARMUP = 2
H = "households_household"
AGGREGATES = (
    "COUNT(*) AS households, SUM(members) AS people,"
    " COUNT(*) FILTER (WHERE status = 'away') AS away,"
    " COUNT(*) FILTER (WHERE low_income) AS low_income"
)


def _timer(cursor: Any, statements: list[str]) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()
        return time.perf_counter() - start

    return run


def _measure(variants: dict[str, Callable[[], float]]) -> dict[str, Stats]:
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(WARMUP):
        for run in variants.values():
            run()
    for _ in range(ROUNDS):
        for name, run in variants.items():
            samples[name].append(run())
    return {name: Stats(tuple(v)) for name, v in samples.items()}


def _home_statements(scope_col: str, scope_id: int, child: str) -> dict[str, list[str]]:
    where = f"WHERE {scope_col} = {scope_id} AND {scope_col} = {scope_id}"  # as the page has it
    return {
        "now: totals + per-child COUNT (2 statements)": [
            f"SELECT {AGGREGATES} FROM {H} {where}",
            f"SELECT {child}, COUNT(*) FROM {H} {where} GROUP BY 1",
        ],
        "one GROUP BY child with all four aggregates (totals summed in Python)": [
            f"SELECT {child}, {AGGREGATES} FROM {H} {where} GROUP BY 1",
        ],
    }


def run(cfg: Config) -> Section:
    django_setup()
    from django.db import connection, transaction

    from renju.regions.models import Region

    vendor = connection.vendor
    section = Section("whatif", f"what-if: alternatives for the slow statements ({cfg.db})")
    city = Region.objects.current().get(code=CITY)
    county = Region.objects.current().get(code=BIG_COUNTY)
    cases = [
        ("city home `/`", "city_id", city.pk, "county_id"),
        (f"county home `/r/{BIG_COUNTY}/`", "county_id", county.pk, "town_id"),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        variants: dict[str, Callable[[], float]] = {}
        for label, scope_col, scope_id, child in cases:
            for name, statements in _home_statements(scope_col, scope_id, child).items():
                variants[f"{label}: {name}"] = _timer(cursor, statements)
        sort_sql = (
            f"SELECT * FROM {H} WHERE county_id = {county.pk} AND county_id = {county.pk}"
            " ORDER BY members DESC, id ASC LIMIT 50 OFFSET 100"
        )
        variants[f"list `?region={BIG_COUNTY}&sort=-members&page=3`: rows"] = _timer(
            cursor, [sort_sql]
        )
        before = _measure(variants)

        # The same statements with covering indexes, then a per-village roll-up table.
        start = time.perf_counter()
        cursor.execute(
            f"CREATE INDEX whatif_city_stats ON {H} (city_id, county_id, members, status,"
            " low_income)"
        )
        cursor.execute(
            f"CREATE INDEX whatif_county_stats ON {H} (county_id, town_id, members, status,"
            " low_income)"
        )
        cursor.execute(f"CREATE INDEX whatif_county_members ON {H} (county_id, members DESC, id)")
        if vendor == "postgresql":
            cursor.execute(f"ANALYZE {H}")
        build = time.perf_counter() - start
        with_index = _measure(variants)

        start = time.perf_counter()
        cursor.execute(
            "CREATE TABLE whatif_village_stats AS SELECT village_id, city_id, county_id, town_id,"
            f" {AGGREGATES} FROM {H} GROUP BY village_id, city_id, county_id, town_id"
        )
        rollup_build = time.perf_counter() - start
        rollup: dict[str, Callable[[], float]] = {}
        for label, scope_col, scope_id, child in cases:
            rollup[f"{label}: from a per-village roll-up table (1 statement)"] = _timer(
                cursor,
                [
                    f"SELECT {child}, SUM(households), SUM(people), SUM(away), SUM(low_income)"
                    f" FROM whatif_village_stats WHERE {scope_col} = {scope_id} GROUP BY 1"
                ],
            )
        from_rollup = _measure(rollup)
        transaction.set_rollback(True)

    section.rows.append(("statement(s)", "median / p95 now → with covering indexes"))
    for name, stats in before.items():
        after = with_index[name]
        section.add(
            name,
            f"{ms(stats.median)} / {ms(stats.p95)} → {ms(after.median)} / {ms(after.p95)}",
            name,
            {"median": stats.median, "p95": stats.p95, "indexed_median": after.median},
        )
    for name, stats in from_rollup.items():
        section.add(name, f"{ms(stats.median)} / {ms(stats.p95)}", name, {"median": stats.median})
    section.notes += [
        f"Building the three what-if indexes took {build:.1f} s; the roll-up table (one row per"
        f" village) {rollup_build:.1f} s. All rolled back.",
        "Indexes: `(city_id, county_id, members, status, low_income)`,"
        " `(county_id, town_id, members, status, low_income)`, `(county_id, members DESC, id)`.",
    ]
    return section
