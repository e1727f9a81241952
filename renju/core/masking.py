"""Masking personal data in lists (names and phone numbers)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: keep the family name's first character."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1)


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; short numbers keep only their last two digits."""
    phone = (phone or "").strip()
    if len(phone) >= 8:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    if len(phone) > 2:
        return "*" * (len(phone) - 2) + phone[-2:]
    return phone


def mask_changes(events: Iterable[Any], masks_for: Callable[[str], dict[str, Any]]) -> None:
    """Mask personal values in the audit events' changes, for display only (never saved).

    ``masks_for(object_type)`` gives the maskers of that object type's ledger (or ``{}``).
    """
    for event in events:
        masks = masks_for(event.object_type)
        if not masks:
            continue
        event.changes = {
            name: [masks[name](v) if v else v for v in pair]
            if name in masks and isinstance(pair, list)
            else pair
            for name, pair in event.changes.items()
        }


# Personal data of rows that are not ledgers (a case's reporter), by model label: masked in the
# audit log like a ledger's (a viewer read villagers' phone numbers in full there).
_other_masks: dict[str, dict[str, Any]] = {}


def register_masks(object_type: str, masks: dict[str, Any]) -> None:
    """Mask these fields of ``object_type`` (``app_label.model``) in the audit log."""
    _other_masks[object_type] = masks


def ledger_masks(object_type: str) -> dict[str, Any]:
    """The maskers of the ledger whose model is ``object_type`` (``app_label.model``), or of a
    model registered with ``register_masks``."""
    from django.apps import apps

    from renju.core.ledgers.registry import ledger_for_model

    try:
        ledger = ledger_for_model(apps.get_model(object_type))
    except (LookupError, ValueError):
        ledger = None
    return ledger.masks if ledger is not None else _other_masks.get(object_type, {})
