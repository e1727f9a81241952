"""Case categories: declared by domain apps in their ``cases.py``, one line each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_categories: dict[str, Category] = {}


@dataclass(frozen=True)
class Category:
    """A kind of problem.

    ``sla_hours`` is the default time to fix, with ``sla_source`` saying where the figure comes
    from; counties override it (``CategorySLA``). ``service`` is the service-area kind whose
    company a case is routed to when no routing rule matches; ``subject`` the label of the ledger
    model a case of this category is about (one active case per subject and category).
    """

    key: str
    name: Any
    domain: str
    sla_hours: int
    sla_source: str
    service: str = ""
    subject: str = ""
    prefix: str = "C"
    reopen_days: int = 7
    confirm_days: int = 7


def register_category(category: Category) -> Category:
    existing = _categories.get(category.key)
    if existing is not None and existing != category:
        raise ValueError(f"case category {category.key!r} registered twice")
    _categories[category.key] = category
    return category


def get_category(key: str) -> Category:
    return _categories[key]


def categories(domain: str | None = None) -> list[Category]:
    return [c for c in _categories.values() if domain is None or c.domain == domain]


def category_choices() -> list[tuple[str, Any]]:
    return [(c.key, c.name) for c in _categories.values()]
