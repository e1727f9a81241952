"""The region picker's steps above the current unit, linked only where the user may go."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def crumb_steps(context: Any, ancestors: Any) -> list[tuple[Any, bool]]:
    """``{% crumb_steps ancestors as steps %}``: each unit above with whether it links. Units
    above the user's grants (the city and county, for a town's official) are named, not linked:
    their pages would show other places' figures, and answer "not found"."""
    from renju.core.scoping import VIEW, region_in_scope_of, scope_regions

    request = context.get("request")
    scope = scope_regions(getattr(request, "user", None), VIEW)
    return [(a, scope is None or region_in_scope_of(a, scope)) for a in ancestors or []]
