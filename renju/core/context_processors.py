"""Template context every page needs: the navigation and the demo-data mark."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest

from renju.core.ledgers.registry import ledgers
from renju.core.scoping import user_can


def _nav_by_domain() -> list[dict[str, Any]]:
    """Ledgers grouped by the app (domain) that declares them, in registration order."""
    groups: dict[str, dict[str, Any]] = {}
    for ledger in ledgers():
        app = apps.get_app_config(ledger.model._meta.app_label)
        group = groups.setdefault(
            app.label, {"label": str(app.verbose_name), "icon": ledger.icon, "items": []}
        )
        group["items"].append(
            {"slug": ledger.slug, "label": ledger.verbose_name_plural, "icon": ledger.icon}
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
