"""Template context every page needs: the navigation and the demo-data mark."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from renju.core.ledgers.registry import ledgers
from renju.core.navigation import all_links
from renju.core.scoping import user_can


def _nav_by_domain() -> list[dict[str, Any]]:
    """Ledgers and the apps' other pages, grouped by the app (domain) that declares them."""
    groups: dict[str, dict[str, Any]] = {}

    def group_of(label: str, icon: str) -> dict[str, Any]:
        app = apps.get_app_config(label)
        return groups.setdefault(label, {"label": str(app.verbose_name), "icon": icon, "items": []})

    for ledger in ledgers():
        group_of(ledger.model._meta.app_label, ledger.icon)["items"].append(
            {
                "url": reverse(f"ledgers:{ledger.slug}-list"),
                "label": ledger.verbose_name_plural,
                "icon": ledger.icon,
            }
        )
    for link in all_links():
        group_of(link.app_label, link.icon)["items"].append(
            {"url": reverse(link.url_name), "label": str(link.label), "icon": link.icon}
        )
    return list(groups.values())


def renju(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    nav: list[dict[str, Any]] = []
    if user is not None and user.is_authenticated and user_can(user, "view"):
        nav = _nav_by_domain()
    return {
        "renju_nav": nav,
        "renju_demo": getattr(settings, "RENJU_DEMO", True),
        "renju_tile_url": settings.RENJU_MAP_TILE_URL,
        "renju_tile_attribution": settings.RENJU_MAP_TILE_ATTRIBUTION,
    }
