"""The ledger registry: one declaration per ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import cached_property

from .columns import Column

_registry: dict[str, Ledger] = {}


@dataclass
class Ledger:
    """What a ledger declares; everything else (views, import, export, API, admin) follows.

    ``columns`` are the spreadsheet columns, in order, and the fields of the create/edit form;
    the first is the row's code. ``list_columns`` are shown in the list (masked ones through
    ``masks``); ``filters`` become the list's and the API's filters; ``search`` fields are matched
    by prefix (codes) or substring (names).
    """

    model: type[models.Model]
    slug: str
    columns: list[str]
    list_columns: list[str]
    filters: list[str] = field(default_factory=list)
    search: list[str] = field(default_factory=lambda: ["code"])
    sort: list[str] = field(default_factory=lambda: ["code"])
    masks: dict[str, Any] = field(default_factory=dict)
    lookups: dict[str, str] = field(default_factory=dict)  # fk column -> related lookup field
    domain: str = ""
    icon: str = "table"
    simulated_note: bool = True
    actions: frozenset[str] = frozenset({"view", "add", "change", "delete", "import", "export"})
    validate_row: Any = None  # optional callable(values: dict) -> dict[field, message]
    select_related: tuple[str, ...] = ("region",)

    @cached_property
    def spreadsheet_columns(self) -> list[Column]:
        return [
            Column(name, lookup=self.lookups.get(name, "code")).bind(self.model)
            for name in self.columns
        ]

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def verbose_name_plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def mask(self, obj: Any, name: str) -> Any:
        value = getattr(obj, name)
        masker = self.masks.get(name)
        return masker(value) if masker and value else value

    def field_label(self, name: str) -> str:
        return str(self.model._meta.get_field(name).verbose_name)


def register(ledger: Ledger) -> Ledger:
    if ledger.slug in _registry and _registry[ledger.slug].model is not ledger.model:
        raise ValueError(f"ledger slug {ledger.slug!r} registered twice")
    _registry[ledger.slug] = ledger
    return ledger


def ledgers() -> list[Ledger]:
    return list(_registry.values())


def get_ledger(slug: str) -> Ledger:
    return _registry[slug]


def ledger_for_model(model: type[models.Model]) -> Ledger | None:
    for ledger in _registry.values():
        if ledger.model is model:
            return ledger
    return None
