"""`make_run`: the first `make setup demo` (what `make run` does before serving) in a fresh
clone with a fresh venv and an empty pip cache; packages come through pip as configured."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from harness import ROOT, Config, Section, secs, verdict

CLONE = Path("/tmp/renju-bench-clone")
PIP_CACHE = Path("/tmp/renju-bench-pip-cache")
TARGET = 180.0  # seconds

# The commands `make setup demo` echoes, in order, and what to call them.
STEPS = [
    ("-m venv", "create venv"),
    ("--upgrade pip", "upgrade pip"),
    ("install -q --disable-pip-version-check -e", "pip install -e '.[dev]'"),
    ("touch ", "(mark installed)"),
    ("renju.manage migrate", "migrate"),
    ("renju.manage collectstatic", "collectstatic"),
    ("renju.manage load-regions", "load-regions"),
    ("renju.manage seed-demo", "seed-demo (SCALE=0.1)"),
]


def _env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"RENJU_VAR_DIR", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "VIRTUAL_ENV"}
        and not k.startswith("RENJU_")
    }
    env["PATH"] = ":".join(
        p for p in env.get("PATH", "").split(":") if ".venv" not in p and "/work/" not in p
    )
    env["PIP_CACHE_DIR"] = str(PIP_CACHE)
    return env


def run(cfg: Config) -> Section:
    section = Section("make_run", "make_run (fresh clone, `make setup demo`)")
    for path in (CLONE, PIP_CACHE):
        shutil.rmtree(path, ignore_errors=True)
    env = _env()
    start = time.perf_counter()
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(CLONE)], check=True, env=env)
    clone = time.perf_counter() - start
    section.add("git clone (not in the figure)", secs(clone))

    marks: list[tuple[float, str]] = []
    output: list[str] = []
    start = time.perf_counter()
    proc = subprocess.Popen(
        ["make", "setup", "demo"],
        cwd=CLONE,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        output.append(line)
        for needle, label in STEPS:
            if needle in line and not line.startswith(" "):
                marks.append((time.perf_counter() - start, label))
                break
    code = proc.wait()
    total = time.perf_counter() - start
    (cfg.var_dir / "make_run.log").write_text("".join(output), encoding="utf-8")
    if code != 0:
        raise RuntimeError(f"make setup demo failed ({code}):\n{''.join(output)[-3000:]}")
    section.add(
        "**`make setup demo` wall time** (target < 3 min)",
        f"**{secs(total)}** — {verdict(total < TARGET)}",
        "total",
        total,
    )
    ends = [t for t, _label in marks[1:]] + [total]
    for (t0, label), t1 in zip(marks, ends, strict=True):
        section.add(f"— {label}", secs(t1 - t0), f"step.{label}", t1 - t0)
    wheels = sum(1 for _ in (CLONE / ".venv").glob("lib/python*/site-packages/*.dist-info"))
    section.add("packages installed in the fresh venv", str(wheels))
    pip_conf = [line.strip() for line in _pip_config().splitlines() if line.strip()]
    section.notes.append(
        "pip configuration in effect: " + ("; ".join(pip_conf) or "default (pypi.org)")
    )
    section.notes.append(f"log: {cfg.var_dir / 'make_run.log'}; clone left at {CLONE}")
    return section


def _pip_config() -> str:
    try:
        return subprocess.run(
            ["python3", "-m", "pip", "config", "list"],
            capture_output=True,
            text=True,
            check=False,
            env=_env(),
        ).stdout
    except OSError:
        return ""
