"""A lint, as a test: no view, API or export code reads a ledger without restrict().

Zulip forbids unscoped queries with semgrep; here a line in request-serving code that touches a
ledger model's manager must go through ``.restrict(`` (or ``within(`` for regions). Modules that
legitimately see everything (imports' look-ups after a scope check, commands, demo data, region
changes, the write actions that re-check scope) are listed with the reason.
"""

from __future__ import annotations

import re
from pathlib import Path

from renju.core.ledgers import ledgers

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {
    "core/actions.py": "re-checks scope inside the transaction (restrict on the locked row)",
    "core/ledgers/importer.py": "existing-code look-up; rows out of scope are refused by pk",
    "regions/changes.py": "region changes move every row by design (command channel)",
    "regions/loader.py": "loads the tree",
    "accounts/scope.py": "computes scope itself from the user's own organisation's areas",
    "cases/routing.py": "finds the responsible organisation for a new case, city-wide by design",
    "open311/lookups.py": "limits reads to the API key's organisation's area itself",
    "plans/weak_links.py": "reads projects of regions the dashboard already scoped to the user",
    "waste/chain.py": "the chain of a region the view scoped first; its stations and plants may "
    "lie outside that region (a county plant serves every town)",
    "water/workflow.py": "every step checks change scope on the body before it reads or locks",
}
SKIP_PARTS = {"tests", "migrations", "testing", "management"}


def _ledger_names() -> list[str]:
    return sorted({ledger.model.__name__ for ledger in ledgers()})


def test_request_code_never_reads_a_ledger_unscoped():
    pattern = re.compile(rf"\b({'|'.join(_ledger_names())})\.(objects|_default_manager)\b")
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if SKIP_PARTS & set(path.relative_to(ROOT).parts) or rel in ALLOWED:
            continue
        if path.name in {"demo.py", "indicators.py"}:
            # demo generators write simulated data with their own audit events; indicators
            # compute over every village by design and are read back through scoped regions
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # "# scope: <why>" on the line states why a deliberate wide read is safe.
            scoped = any(mark in line for mark in (".restrict(", "get_scoped_or_404(", "# scope:"))
            if pattern.search(line) and not scoped:
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert not offenders, "unscoped ledger queries:\n" + "\n".join(offenders)
