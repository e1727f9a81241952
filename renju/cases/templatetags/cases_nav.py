"""The navigation's case badges: unread notifications and overdue cases in scope."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def case_counts(context: Any) -> dict[str, int]:
    """``{% case_counts as counts %}``: counted once per page, only for signed-in users."""
    from renju.cases.views import nav_counts

    request = context.get("request")
    return nav_counts(getattr(request, "user", None))
