"""Extra navigation entries that apps add beside their ledgers (pages that are not ledgers)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NavLink:
    app_label: str  # the menu group: the app (domain) the page belongs to
    label: Any
    url_name: str
    icon: str = "chevron-right"
    order: int = 50
    # Who may open the page, when not everyone who sees the menus may: the same rule the
    # page's view asks, so the menu never leads a user to a 404.
    visible: Callable[[Any], bool] | None = None


_links: list[NavLink] = []


def register_nav(link: NavLink) -> None:
    if link not in _links:
        _links.append(link)


def nav_links(app_label: str) -> list[NavLink]:
    return sorted((link for link in _links if link.app_label == app_label), key=lambda x: x.order)


def all_links() -> list[NavLink]:
    return list(_links)
