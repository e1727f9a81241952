"""System checks: every ledger model is declared correctly."""

from __future__ import annotations

from typing import Any

from django.core import checks


@checks.register()
def ledger_declarations(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    from renju.core.ledgers.registry import ledgers
    from renju.core.models import LedgerModel

    errors: list[checks.CheckMessage] = []
    for ledger in ledgers():
        if not issubclass(ledger.model, LedgerModel):
            errors.append(
                checks.Error(f"{ledger.slug}: model must inherit LedgerModel", id="renju.E001")
            )
        if ledger.columns[:1] != ["code"]:
            errors.append(
                checks.Error(f"{ledger.slug}: first column must be 'code'", id="renju.E002")
            )
        if not (ledger.model.__doc__ or "").strip() or "Rule" not in (ledger.model.__doc__ or ""):
            errors.append(
                checks.Error(f"{ledger.slug}: model docstring must state its rule", id="renju.E003")
            )
        # The scope indexes, by their fields (names need only be unique: two apps' models may
        # share a name, e.g. a sewage and a cleaning ``Inspection``).
        fields = {tuple(index.fields) for index in ledger.model._meta.indexes}
        prefix = ledger.model._meta.model_name
        wanted = {(f, "id") for f in ("county", "town", "village", "region")}
        if not wanted <= fields:
            errors.append(
                checks.Error(
                    f"{ledger.slug}: add `indexes = scope_indexes({prefix!r})` to Meta",
                    id="renju.E004",
                )
            )
        if "region" not in ledger.columns:
            errors.append(
                checks.Error(f"{ledger.slug}: 'region' must be a column", id="renju.E005")
            )
    return errors
