"""Template context every page needs: the navigation and the demo-data mark."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from renju.core.ledgers.registry import ledgers
from renju.core.scoping import user_can


def renju(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    nav: list[dict[str, Any]] = []
    if user is not None and user.is_authenticated:
        nav = [
            {"slug": ledger.slug, "label": ledger.verbose_name_plural, "icon": ledger.icon}
            for ledger in ledgers()
            if user_can(user, "view")
        ]
    return {
        "renju_nav": nav,
        "renju_demo": getattr(settings, "RENJU_DEMO", True),
        "renju_tile_url": settings.RENJU_MAP_TILE_URL,
        "renju_tile_attribution": settings.RENJU_MAP_TILE_ATTRIBUTION,
    }
