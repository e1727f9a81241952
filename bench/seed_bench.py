"""`seed`: migrate + load-regions + seed-demo into an empty database, and its size afterwards."""

from __future__ import annotations

import re
import shutil

from harness import PG_ADMIN_URL, PG_DATABASE, VENV_BIN, Config, Section, django_setup, secs

TARGET_HOUSEHOLDS = 1_000_000


def reset_database(cfg: Config) -> None:
    """Start from nothing: the bench SQLite file (never var/renju.sqlite3) or renju_bench."""
    if cfg.db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            path = cfg.sqlite_path.with_name(cfg.sqlite_path.name + suffix)
            path.unlink(missing_ok=True)
        shutil.rmtree(cfg.var_dir / "cache", ignore_errors=True)
        return
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_DATABASE}")


def database_size(cfg: Config) -> tuple[int, str]:
    """Bytes, and how they were measured."""
    if cfg.db == "sqlite":
        total = 0
        parts = []
        for suffix in ("", "-wal"):
            path = cfg.sqlite_path.with_name(cfg.sqlite_path.name + suffix)
            size = path.stat().st_size if path.exists() else 0
            total += size
            parts.append(f"{path.name} {size / 2**20:.1f} MiB")
        return total, " + ".join(parts)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        (size,) = cursor.fetchone()
    return int(size), "pg_database_size"


def run(cfg: Config) -> Section:
    section = Section("seed", f"seed ({cfg.db}, scale {cfg.scale:g})")
    reset_database(cfg)
    renju = str(VENV_BIN / "renju")
    from harness import run_command

    steps = [
        ("renju migrate", [renju, "migrate", "--noinput", "-v0"]),
        ("renju load-regions", [renju, "load-regions"]),
        ("renju seed-demo", [renju, "seed-demo", "--scale", f"{cfg.scale:g}"]),
    ]
    total = 0.0
    seed_output = ""
    for label, cmd in steps:
        elapsed, output = run_command(cmd, cfg)
        total += elapsed
        section.add(f"{label} wall time", secs(elapsed), key=label, raw=elapsed)
        if "seed-demo" in label:
            seed_output = output
    section.add(
        "**total (migrate + load-regions + seed-demo)**", f"**{secs(total)}**", "total", total
    )
    # collectstatic is part of `make setup` and needed by the page benchmarks; not in the total.
    elapsed, _out = run_command([renju, "collectstatic", "--noinput", "-v0"], cfg)
    section.add("renju collectstatic (not in the total)", secs(elapsed), "collectstatic", elapsed)

    django_setup()
    from renju.core.models import AuditEvent
    from renju.households.models import Household
    from renju.regions.models import Region

    households = Household.objects.count()
    size, how = database_size(cfg)
    section.add("households", f"{households:,}", "households", households)
    section.add("regions", f"{Region.objects.count():,}", "regions", Region.objects.count())
    section.add("audit events", f"{AuditEvent.objects.count():,}", "audit_events", None)
    section.add(f"database size ({how})", f"{size / 2**20:,.0f} MiB", "db_bytes", size)
    if households:
        section.add("bytes per household", f"{size / households:,.0f}", "bytes_per_household", None)
        rate = households / total
        section.add("households per second (whole seed)", f"{rate:,.0f}", "rate", rate)
    steps_out = re.findall(r"^\s+\[(\w+)\] ([\d.]+)s$", seed_output, flags=re.M)
    if steps_out:
        section.notes.append(
            "seed-demo steps: " + ", ".join(f"{name} {sec} s" for name, sec in steps_out)
        )
    if cfg.scale == 1 and not 0.8 * TARGET_HOUSEHOLDS <= households <= 1.3 * TARGET_HOUSEHOLDS:
        section.notes.append(f"⚠ expected about {TARGET_HOUSEHOLDS:,} households at scale 1")
    return section
