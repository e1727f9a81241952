"""Row factories for the permission matrix, declared by each domain app.

An app with ledgers gives each one a factory in ``<app>/tests/matrix.py``::

    FACTORIES = {"facilities": RowFactory(_facility, {"capacity": "80"})}

``build(region, n)`` returns an unsaved row of the ledger placed in ``region`` (``n`` keeps codes
apart when a test builds several); ``change`` is a form field and a new value for the edit test.
The matrix in ``core/tests/test_permission_matrix.py`` collects them all and refuses a ledger
without one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps

from renju.regions.models import Region


@dataclass(frozen=True)
class RowFactory:
    build: Callable[[Region, int], Any]  # an unsaved row of the ledger
    change: dict[str, str]  # form field -> new value, for the edit


def app_factories() -> dict[str, RowFactory]:
    """Every ``FACTORIES`` of an installed app's ``tests/matrix.py``."""
    found: dict[str, RowFactory] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("renju."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.matrix")
        except ModuleNotFoundError as error:
            if error.name not in (f"{config.name}.tests", f"{config.name}.tests.matrix"):
                raise
            continue
        found.update(module.FACTORIES)
    return found
