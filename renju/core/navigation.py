"""Extra navigation entries that apps add beside their ledgers (pages that are not ledgers)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


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


@functools.lru_cache(maxsize=1024)
def _reversed(name: str, prefix: str, urlconf: str) -> str:
    return reverse(name, urlconf=urlconf)


def fixed_url(name: str) -> str:
    """``reverse(name)`` of a URL without arguments, worked out once per name, script prefix
    and URL configuration: the shell every page extends names nine of them, and each
    ``reverse()`` walks the resolver again."""
    return _reversed(name, get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF))
