"""renju performance benchmarks (not part of the test suite).

    .venv/bin/python bench/run.py [--scale 1] [--db sqlite|postgres] [--only NAME[,NAME]]

Benchmarks: seed, household_list, region_home, import, make_run, whatif (bench/README.md).
Each runs against its own var dir (var/bench-<db>/; PostgreSQL: database renju_bench), never
against var/renju.sqlite3. The report (markdown) goes to stdout and to
var/bench-<db>/report-<time>.md; the figures as JSON to var/bench-<db>/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Config, Section, configure, machine

ALL = ["seed", "household_list", "region_home", "import", "make_run", "whatif"]
# Run by default: everything but make_run (which clones, builds a fresh venv from PyPI and
# takes minutes) and whatif (alternatives to the slow statements); --all adds both.
DEFAULT = ["seed", "household_list", "region_home", "import"]


def runner(name: str) -> Callable[[Config], Section]:
    if name == "seed":
        import seed_bench

        return seed_bench.run
    if name == "household_list":
        import page_bench

        return page_bench.run_household_list
    if name == "region_home":
        import page_bench

        return page_bench.run_region_home
    if name == "import":
        import import_bench

        return import_bench.run
    if name == "make_run":
        import make_bench

        return make_bench.run
    if name == "whatif":
        import whatif

        return whatif.run
    raise SystemExit(f"unknown benchmark {name!r}; choose from {', '.join(ALL)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="demo city scale (1 ≈ 1M)")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--only", default="", help=f"comma-separated: {', '.join(ALL)}")
    parser.add_argument("--all", action="store_true", help="also run make_run and whatif")
    parser.add_argument("--iterations", type=int, default=50, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first")
    parser.add_argument("--no-http", action="store_true", help="skip the real-HTTP figures")
    parser.add_argument(
        "--profile", action="store_true", help="add cProfile listings (page and import)"
    )
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()] or (ALL if args.all else DEFAULT)
    for name in names:
        runner(name)  # fail fast on a typo
    cfg = configure(
        args.db,
        args.scale,
        iterations=args.iterations,
        warmup=args.warmup,
        profile=args.profile,
        http=not args.no_http,
    )
    header = ["## renju benchmarks", "", "| machine | |", "| --- | --- |"]
    header += [f"| {k} | {v} |" for k, v in machine()]
    header += [f"| database | {cfg.db} (var dir {cfg.var_dir.name}) |", ""]
    print("\n".join(header), flush=True)
    sections: list[Section] = []
    failed = False
    for name in names:
        started = time.perf_counter()
        print(f"<!-- running {name} … -->", file=sys.stderr, flush=True)
        try:
            section = runner(name)(cfg)
        except Exception as exc:  # report and go on with the next benchmark
            failed = True
            section = Section(name, f"{name} ({cfg.db})", notes=[f"**failed**: {exc!r}"])
            import traceback

            traceback.print_exc()
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        section.notes.append(
            f"_(benchmark wall time {time.perf_counter() - started:.0f} s;"
            f" load average at its end {load})_"
        )
        sections.append(section)
        print(section.markdown(), flush=True)
    _save(cfg, header, sections)
    return 1 if failed else 0


def _save(cfg: Config, header: list[str], sections: list[Section]) -> None:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    report = "\n".join(header) + "\n" + "\n".join(s.markdown() for s in sections)
    (cfg.var_dir / f"report-{stamp}.md").write_text(report, encoding="utf-8")
    results_path = cfg.var_dir / "results.json"
    try:
        results = json.loads(results_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        results = {}
    for s in sections:
        results[s.name] = {"time": stamp, "scale": cfg.scale, "figures": s.data}
    results_path.write_text(
        json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
    )


if __name__ == "__main__":
    sys.exit(main())
