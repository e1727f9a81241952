"""Template context every page needs: the navigation and the demo-data mark."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from renju.accounts.choices import MANAGE_USERS
from renju.core.ledgers.registry import ledgers
from renju.core.navigation import all_links
from renju.core.scoping import VIEW, user_can


def _nav_by_domain(hidden: frozenset[str]) -> list[dict[str, Any]]:
    """Ledgers and the apps' other pages, grouped by the app (domain) that declares them;
    without the pages named in ``hidden``."""
    groups: dict[str, dict[str, Any]] = {}

    def group_of(label: str, icon: str) -> dict[str, Any]:
        app = apps.get_app_config(label)
        return groups.setdefault(label, {"label": str(app.verbose_name), "icon": icon, "items": []})

    for ledger in ledgers():
        if f"ledgers:{ledger.slug}-list" in hidden:
            continue
        group_of(ledger.model._meta.app_label, ledger.icon)["items"].append(
            {
                "url": reverse(f"ledgers:{ledger.slug}-list"),
                "label": ledger.verbose_name_plural,
                "icon": ledger.icon,
            }
        )
    for link in all_links():
        if link.url_name in hidden:
            continue
        group_of(link.app_label, link.icon)["items"].append(
            {"url": reverse(link.url_name), "label": str(link.label), "icon": link.icon}
        )
    return list(groups.values())


# The menus differ only by what kind of user sees them (which pages she may open at all;
# what each page then shows is decided by her scope): built and rendered once per kind,
# language, URL prefix and set of registered ledgers and pages, instead of 65 reverse() calls
# and a template loop per page.
_menus: dict[tuple[Any, ...], tuple[list[dict[str, Any]], SafeString, SafeString]] = {}
_MENU_VARIANTS = 64  # kinds of user × languages × URL configurations kept


def _menus_now(
    domains: bool, manage: bool, hidden: frozenset[str]
) -> tuple[list[dict[str, Any]], SafeString, SafeString]:
    """The domain menus (only with ``domains``: for users who may view ledgers; without the
    ``hidden`` pages), the menus before the cases and the menus after them (the user and
    organisation admin only with ``manage``)."""
    key = (
        domains,
        manage,
        hidden,
        get_language(),
        get_script_prefix(),
        get_urlconf(),
        tuple(map(id, ledgers())),
        tuple(map(id, all_links())),
    )
    menus = _menus.get(key)
    if menus is None:
        nav = _nav_by_domain(hidden) if domains else []
        menus = (
            nav,
            SafeString(render_to_string("core/_nav_domains.html", {"renju_nav": nav})),
            SafeString(
                render_to_string(
                    "core/_nav_admin.html", {"manage": manage, "audit": "core:audit" not in hidden}
                )
            ),
        )
        if len(_menus) >= _MENU_VARIANTS:
            _menus.clear()
        _menus[key] = menus
    return menus


def _closed_to_company(user: Any) -> frozenset[str]:
    """For a company's people: the ledgers its services do not use, and the pages of the
    domains where it uses none (a pump-out crew has no business in the funds or the plans)."""
    from renju.accounts.scope import is_company_user

    if not is_company_user(user):
        return frozenset()
    closed = {ledger.slug for ledger in ledgers() if not user_can(user, VIEW, ledger.model)}
    open_domains = {
        ledger.model._meta.app_label for ledger in ledgers() if ledger.slug not in closed
    }
    return frozenset(
        [f"ledgers:{slug}-list" for slug in closed]
        + [link.url_name for link in all_links() if link.app_label not in open_domains]
        + ["core:audit"]
    )


def renju(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    nav: list[dict[str, Any]] = []
    domains = admin = SafeString("")
    if user is not None and user.is_authenticated:
        hidden = frozenset(
            link.url_name for link in all_links() if link.visible and not link.visible(user)
        ) | _closed_to_company(user)
        nav, domains, admin = _menus_now(user_can(user, VIEW), user_can(user, MANAGE_USERS), hidden)
    return {
        "renju_nav": nav,
        "renju_nav_domains": domains,
        "renju_nav_admin": admin,
        "renju_demo": getattr(settings, "RENJU_DEMO", True),
        "renju_tile_url": settings.RENJU_MAP_TILE_URL,
        "renju_tile_attribution": settings.RENJU_MAP_TILE_ATTRIBUTION,
    }
