"""`import`: a 100,000-row household workbook, python-calamine's bare read of it against the
real import (read + check + write, audited), rolled back so the database stays as seeded."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from harness import (
    IMPORT_COUNTY,
    Config,
    Section,
    Stats,
    django_setup,
    profile_call,
    ratio,
    secs,
    verdict,
)

ROWS = 100_000
RATIO_TARGET = 5.0
USERNAME = "county_officer"  # officer of 东昌府区 (371502): may import there
BARE_READS_PER_ROUND = 1
IMPORT_ROUNDS = 2
FLOOR_ROUNDS = 3


def make_workbook(path: Path, rows: int = ROWS) -> int:
    """Valid rows for the county's villages, with codes no household has; returns the count."""
    import random

    import xlsxwriter
    from django.utils import translation

    from renju.core.ledgers.transfer import headers
    from renju.households.choices import Residence
    from renju.households.ledgers import households as ledger
    from renju.households.models import Household
    from renju.regions.choices import Level
    from renju.regions.models import Region

    villages = list(
        Region.objects.current()
        .filter(county__code=IMPORT_COUNTY, level=Level.VILLAGE)
        .order_by("code")
    )
    taken = set(
        Household.objects.filter(code__startswith=IMPORT_COUNTY).values_list("code", flat=True)
    )
    per_village = math.ceil(rows / len(villages))
    rng = random.Random(2026)
    columns = {c.name: c for c in ledger.spreadsheet_columns}
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("households")
    for col, header in enumerate(headers(ledger)):
        sheet.write_string(0, col, header)
    written = 0
    with translation.override("zh-hans"):
        labels = {
            "away": columns["status"].format(Residence.AWAY),
            "resident": columns["status"].format(Residence.RESIDENT),
            True: columns["low_income"].format(True),
            False: columns["low_income"].format(False),
        }
        for village in villages:
            number = 9999
            for _ in range(per_village):
                if written >= rows:
                    break
                while f"{village.code}{number:04d}" in taken:
                    number -= 1
                code = f"{village.code}{number:04d}"
                number -= 1
                written += 1
                cells: list[Any] = [
                    code,
                    village.code,
                    rng.choice("王张李刘陈杨赵") + rng.choice(("建国", "秀英", "志强", "桂兰")),
                    f"139{rng.randrange(10**8):08d}" if rng.random() < 0.9 else "",
                    rng.randint(1, 7),
                    labels["away" if rng.random() < 0.22 else "resident"],
                    labels[rng.random() < 0.05],
                ]
                for col, value in enumerate(cells):
                    if isinstance(value, int):
                        sheet.write_number(written, col, value)
                    elif value:
                        sheet.write_string(written, col, value)
    workbook.close()
    return written


# The importer's classes whose methods are timed as phases too (``_Targets.new_ids`` …).
PHASE_CLASSES = ("_Targets", "_Writer")


def import_phases() -> list[str]:
    """The importer's own functions that ``import_rows`` calls directly, in source order, and
    the methods of its helper classes (``Class.method``)."""
    import inspect

    from renju.core.ledgers import importer

    code = getattr(importer, "_import_rows", importer.import_rows).__code__
    names = []
    for name in code.co_names:
        func = getattr(importer, name, None)
        if inspect.isfunction(func) and func.__module__ == importer.__name__ and name not in names:
            names.append(name)
    for class_name in PHASE_CLASSES:
        cls = getattr(importer, class_name, None)
        for name, func in vars(cls).items() if cls is not None else ():
            if inspect.isfunction(func) and (name == "__init__" or not name.startswith("__")):
                names.append(f"{class_name}.{name}")
    return names


@contextmanager
def phase_timer(phases: dict[str, float]) -> Iterator[None]:
    """Time the phases of ``import_rows`` by wrapping the module-level helpers it calls and the
    helper classes' methods (outermost calls only; behaviour unchanged)."""
    from renju.core.ledgers import importer

    owners: dict[str, Any] = {}
    for name in import_phases():
        owner_name, _, attribute = name.rpartition(".")
        owners[name] = (getattr(importer, owner_name) if owner_name else importer, attribute)
    originals = {name: getattr(owner, attr) for name, (owner, attr) in owners.items()}
    depth = [0]

    def wrap(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            if depth[0]:
                return func(*args, **kwargs)
            depth[0] += 1
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                depth[0] -= 1
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - start

        return timed

    for name, (owner, attr) in owners.items():
        setattr(owner, attr, wrap(name, originals[name]))
    try:
        yield
    finally:
        for name, (owner, attr) in owners.items():
            setattr(owner, attr, originals[name])


@contextmanager
def sql_timer(spent: dict[str, float]) -> Iterator[None]:
    """Time every statement, summed by kind and table (``INSERT households_household`` …)."""
    from django.db import connection

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        words = sql.split()
        verb = words[0].upper() if words else "?"
        table = next((w.strip('"') for w in words if w.startswith('"')), "")
        if verb == "INSERT":
            table = words[2].strip('"') if len(words) > 2 else table
        key = f"{verb} {table}" + (" (executemany)" if many else "")
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[key] = spent.get(key, 0.0) + time.perf_counter() - start

    with connection.execute_wrapper(wrapper):
        yield


def _check_deferred_constraints() -> None:
    """Run now the checks COMMIT would run, since the import is rolled back.

    PostgreSQL checks deferred foreign keys (every ``ForeignKey`` Django declares) at COMMIT:
    one look-up per key of each new row, which a rolled-back import would never pay. SQLite
    looks each parent up as the row goes in (its deferred keys only count violations until
    COMMIT), so its figure already includes them.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@contextmanager
def copy_capture(copies: list[tuple[str, list[str]]]) -> Iterator[None]:
    """Keep every COPY the import sends (statement and text pieces), in order (PostgreSQL)."""
    from renju.core import bulk

    original = bulk.copy_in

    def capturing(statement: str, pieces: Any) -> None:
        kept = list(pieces)
        copies.append((statement, kept))
        original(statement, kept)

    bulk.copy_in = capturing  # type: ignore[assignment]
    try:
        yield
    finally:
        bulk.copy_in = original  # type: ignore[assignment]


def database_floor(copies: list[tuple[str, list[str]]]) -> float:
    """The database's own share: the import's COPY text sent again as it is (no reading, no
    checking, no text to build), then the checks COMMIT would run; rolled back. Seconds."""
    from django.db import transaction

    from renju.core import bulk

    with transaction.atomic():
        start = time.perf_counter()
        for statement, pieces in copies:
            bulk.copy_in(statement, pieces)
        _check_deferred_constraints()
        spent = time.perf_counter() - start
        transaction.set_rollback(True)
    return spent


def vacuum() -> None:
    """Clear what a rolled-back import left behind (PostgreSQL), outside the timed part.

    A rolled-back COPY leaves its rows dead in the tables and their indexes until VACUUM; the
    next import of the same codes then meets a dead twin of each in the unique index, and
    every index is larger by the dead rows. A real import meets no such twins.
    """
    from django.db import connection

    from renju.core.models import AuditEvent
    from renju.households.models import Household

    if connection.vendor == "postgresql":
        tables = ", ".join(m._meta.db_table for m in (Household, AuditEvent))
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {tables}")


def real_import(
    path: Path,
    user: Any,
    phases: dict[str, float] | None = None,
    sql: dict[str, float] | None = None,
) -> dict[str, Any]:
    """read_rows + import_rows as the import job runs them, and the checks COMMIT would run;
    then rolled back."""
    from contextlib import ExitStack

    from django.db import transaction

    from renju.core import spreadsheets
    from renju.core.audit import audit_context
    from renju.core.ledgers.importer import import_rows
    from renju.core.models.audit import Channel
    from renju.households.ledgers import households as ledger

    out: dict[str, Any] = {}
    with audit_context(actor=user, channel=Channel.IMPORT), transaction.atomic():
        start = time.perf_counter()
        with path.open("rb") as handle:
            rows = spreadsheets.read_rows(handle, "xlsx")
        read = time.perf_counter()
        with ExitStack() as stack:
            if phases is not None:
                stack.enter_context(phase_timer(phases))
            if sql is not None:
                stack.enter_context(sql_timer(sql))
            result = import_rows(ledger, rows, user)
        imported = time.perf_counter()
        _check_deferred_constraints()
        done = time.perf_counter()
        transaction.set_rollback(True)
    rollback = time.perf_counter() - done
    if not result.ok:
        raise RuntimeError(f"import refused the file: {result.errors[:5]}")
    out.update(
        read=read - start,
        import_rows=imported - read,
        deferred_checks=done - imported,
        total=done - start,
        rollback=rollback,
        created=result.created,
        rows=len(rows) - 1,
    )
    return out


def run(cfg: Config) -> Section:
    django_setup()
    from python_calamine import CalamineWorkbook

    from renju.accounts.models import User
    from renju.core.models import AuditEvent
    from renju.households.models import Household

    section = Section("import", f"import ({cfg.db}, {ROWS:,} rows)")
    households_before = Household.objects.count()
    events_before = AuditEvent.objects.count()
    if not households_before:
        raise RuntimeError("no households: run the seed benchmark first")
    path = cfg.var_dir / f"households-{ROWS // 1000}k.xlsx"
    start = time.perf_counter()
    written = make_workbook(path)
    section.add(
        "workbook (xlsxwriter)",
        f"{written:,} rows, {path.stat().st_size / 2**20:.1f} MiB, "
        f"written in {secs(time.perf_counter() - start)}",
    )

    def bare_read() -> int:
        return len(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python())

    user = User.objects.get(username=USERNAME)
    # Reads and imports alternate so that the machine's noise hits both alike.
    reads: list[float] = []
    rounds: list[tuple[dict[str, Any], dict[str, float], dict[str, float]]] = []
    for _ in range(IMPORT_ROUNDS):
        for _ in range(BARE_READS_PER_ROUND):
            t0 = time.perf_counter()
            n = bare_read()
            reads.append(time.perf_counter() - t0)
        phases: dict[str, float] = {}
        sql: dict[str, float] = {}
        vacuum()
        figures = real_import(path, user, phases, sql)
        if figures["created"] != written:
            raise RuntimeError(f"created {figures['created']} of {written}")
        rounds.append((figures, phases, sql))
    for _ in range(BARE_READS_PER_ROUND):
        t0 = time.perf_counter()
        bare_read()
        reads.append(time.perf_counter() - t0)
    bare = Stats(tuple(reads))
    totals = Stats(tuple(r[0]["total"] for r in rounds))
    section.add(
        f"bare read (calamine to_python, {n - 1:,} rows): median of {len(reads)}",
        f"{bare.median:.2f} s (min {bare.minimum:.2f} s)",
        "bare_read",
        bare.median,
    )
    section.add(
        f"real import, each of {len(rounds)} runs (read_rows + import_rows + the checks)",
        ", ".join(f"{r[0]['total']:.2f} s" for r in rounds),
        "import_runs",
        [r[0]["total"] for r in rounds],
    )
    figures, phases, sql = min(rounds, key=lambda r: float(r[0]["total"]))
    section.add("the faster run, in parts:", "")
    section.add("— read_rows (the job's read)", f"{figures['read']:.2f} s", "read", None)
    section.add(
        "— import_rows (check + write + audit)",
        f"{figures['import_rows']:.2f} s",
        "import_rows",
        figures["import_rows"],
    )
    labels = {
        "_open_sheet": "headers, look-up tables, data rows",
        "_check_codes": "the code column: parsed, duplicates",
        "_Targets.__init__": "existing codes looked up, their scope",
        "_Targets.new_ids": "ids taken for the new rows",
        "_check_rows": "each step's rows checked, while the server stores the last step",
        "_Writer.write": "each step written with its audit events, waiting for the last step",
        "_Writer.finish": "the ledger's follow-up on the rows written",
    }
    for name, spent in phases.items():
        label = f"{labels[name]} (`{name}`)" if name in labels else f"`{name}`"
        section.add(f"—— {label}", f"{spent:.2f} s", f"phase.{name}", spent)
    rest = figures["import_rows"] - sum(phases.values())
    section.add("—— the rest of import_rows (the last step stored, savepoint)", f"{rest:.2f} s")
    section.add(
        "— deferred foreign-key checks (what COMMIT runs; PostgreSQL)",
        f"{figures['deferred_checks']:.2f} s",
        "deferred_checks",
        figures["deferred_checks"],
    )
    section.add(
        "— real import total (read_rows + import_rows + the checks)",
        f"{figures['total']:.2f} s = {written / figures['total']:,.0f} rows/s",
    )
    section.add(
        "**real import: median of the runs**",
        f"**{totals.median:.2f} s = {written / totals.median:,.0f} rows/s**",
        "total",
        totals.median,
    )
    section.add(
        "import_rows alone (faster run)",
        f"{written / figures['import_rows']:,.0f} rows/s",
        "rows_per_second",
        written / figures["import_rows"],
    )
    section.add(
        "**real import / bare read** (medians; target ≤ 5×)",
        f"**{ratio(totals.median, bare.median)}** (import_rows alone: "
        f"{ratio(figures['import_rows'], bare.median)}) — "
        f"{verdict(totals.median / bare.median <= RATIO_TARGET)}",
        "ratio",
        totals.median / bare.median,
    )
    section.add("rollback", f"{figures['rollback']:.2f} s")
    from django.db import connection

    if connection.vendor == "postgresql":
        copies: list[tuple[str, list[str]]] = []
        with copy_capture(copies):
            real_import(path, user)
        floor_runs = []
        for _ in range(FLOOR_ROUNDS):
            vacuum()
            floor_runs.append(database_floor(copies))
        floors = Stats(tuple(floor_runs))
        section.add(
            f"the database alone: the import's own COPY text sent again, with COMMIT's checks "
            f"(no read, no check, no text to build), median of {floors.n}",
            f"{floors.median:.2f} s (min {floors.minimum:.2f} s)",
            "database_floor",
            floors.median,
        )
        section.add(
            "(bare read + the database alone) / bare read: the least any import storing these "
            "rows and their audit events here could reach",
            ratio(bare.median + floors.median, bare.median),
            "floor_ratio",
            (bare.median + floors.median) / bare.median,
        )
    section.notes.append("SQL time inside import_rows, by statement (the rest is Python):")
    section.notes.append("")
    for key, spent in sorted(sql.items(), key=lambda kv: -kv[1]):
        section.notes.append(f"    {spent:7.2f} s  {key}")
    section.notes.append(f"    {sum(sql.values()):7.2f} s  all SQL")
    section.notes.append("")
    if connection.vendor == "postgresql":
        section.notes += [
            "(Statements sent to psycopg directly, such as `COPY … FROM STDIN`, bypass Django's"
            " execute wrappers and are not in this list; they are inside `_Writer.write`.)",
            "",
        ]
    section.data["sql"] = sql
    if cfg.profile or totals.median / bare.median > RATIO_TARGET:
        vacuum()
        listing = profile_call(lambda: real_import(path, user), limit=30)
        section.notes += [
            "<details><summary>cProfile of one more import (tottime)</summary>",
            "",
            "```",
            listing.rstrip(),
            "```",
            "</details>",
            "",
        ]
    after = (Household.objects.count(), AuditEvent.objects.count())
    if after != (households_before, events_before):
        raise RuntimeError(f"rollback left changes: {after} vs {households_before, events_before}")
    section.notes.append(
        f"rolled back: households {households_before:,}, audit events {events_before:,} unchanged"
    )
    return section
