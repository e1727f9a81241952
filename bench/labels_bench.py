"""Time the QR label sheets (PDF) of a town's ~10,000 household toilets.

Calls ``renju.toilets.labels`` directly, as the ``toilet_labels`` job does (``label_queryset``
→ ``iter_labels`` → ``render_labels``), without saving the file or writing the audit event.
Each run is a fresh process (so that its peak RSS is its own); the town is the one whose
household-toilet count is closest to ``--target`` unless ``--region`` names one.

    .venv/bin/python bench/labels_bench.py --var-dir var/bench-intake --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def setup(var_dir: str, database_url: str) -> None:
    os.environ["RENJU_VAR_DIR"] = str(Path(var_dir).resolve())
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renju.settings")
    import django

    django.setup()


def pick_town(target: int) -> str:
    from django.db.models import Count

    from renju.regions.models import Region
    from renju.toilets.models import HouseholdToilet

    counts = HouseholdToilet.objects.values("town_id").annotate(n=Count("pk")).order_by()
    town_id, _n = min(((r["town_id"], r["n"]) for r in counts), key=lambda t: abs(t[1] - target))
    return str(Region.objects.get(pk=town_id).code)


def one_run(region_code: str, base_url: str) -> dict[str, Any]:
    from renju.accounts.models import User
    from renju.regions.models import Region
    from renju.toilets import labels

    region = Region.objects.get(code=region_code)
    user = User.objects.filter(is_superuser=True).order_by("pk").first()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu_before = time.process_time()
    start = time.perf_counter()
    queryset = labels.label_queryset(user, region)
    total = queryset.count()
    content, count, pages = labels.render_labels(
        labels.iter_labels(queryset, region), base_url, total, title=f"{region.name} 户厕二维码标签"
    )
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_before
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "region": region_code,
        "name": region.name,
        "labels": count,
        "pages": pages,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "pdf_bytes": len(content),
        "pdf_mb": len(content) / 1e6,
        "peak_rss_mb": rss_after / 1024,
        "rss_before_mb": rss_before / 1024,
        "user": getattr(user, "username", None),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--var-dir", default=str(ROOT / "var" / "bench-intake"))
    parser.add_argument("--database-url", default="")
    parser.add_argument("--region", default="", help="town code (default: closest to --target)")
    parser.add_argument("--target", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--base-url", default="https://renju.example.cn")
    parser.add_argument("--one", action="store_true", help="(internal) one run, JSON out")
    parser.add_argument("--json", default="")
    args = parser.parse_args()

    setup(args.var_dir, args.database_url)
    if args.one:
        print(json.dumps(one_run(args.region, args.base_url)))
        return 0
    region = args.region or pick_town(args.target)
    runs: list[dict[str, Any]] = []
    for i in range(args.runs):
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                "--var-dir",
                args.var_dir,
                "--database-url",
                args.database_url,
                "--region",
                region,
                "--base-url",
                args.base_url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        run = json.loads(out.strip().splitlines()[-1])
        run["load1"] = os.getloadavg()[0]
        runs.append(run)
        print(
            f"run {i + 1}: {run['name']} ({region}) {run['labels']} labels, {run['pages']} pages,"
            f" {run['seconds']:.2f} s (CPU {run['cpu_seconds']:.2f} s), PDF {run['pdf_mb']:.2f} MB,"
            f" peak RSS {run['peak_rss_mb']:.0f} MB, load {run['load1']:.2f}",
            flush=True,
        )
    secs = [r["seconds"] for r in runs]
    cpu = [r["cpu_seconds"] for r in runs]
    rss = [r["peak_rss_mb"] for r in runs]
    summary = {
        "runs": runs,
        "seconds_min": min(secs),
        "seconds_median": statistics.median(secs),
        "seconds_max": max(secs),
        "cpu_seconds_min": min(cpu),
        "cpu_seconds_median": statistics.median(cpu),
        "cpu_seconds_max": max(cpu),
        "pdf_mb": runs[-1]["pdf_mb"],
        "peak_rss_mb_min": min(rss),
        "peak_rss_mb_median": statistics.median(rss),
        "peak_rss_mb_max": max(rss),
    }
    print(
        f"seconds min/median/max {summary['seconds_min']:.2f} / {summary['seconds_median']:.2f}"
        f" / {summary['seconds_max']:.2f} (CPU {summary['cpu_seconds_min']:.2f} /"
        f" {summary['cpu_seconds_median']:.2f} / {summary['cpu_seconds_max']:.2f});"
        f" PDF {summary['pdf_mb']:.2f} MB; peak RSS"
        f" {summary['peak_rss_mb_min']:.0f} / {summary['peak_rss_mb_median']:.0f}"
        f" / {summary['peak_rss_mb_max']:.0f} MB"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
