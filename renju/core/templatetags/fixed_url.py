"""``{% fixed_url 'app:name' %}``: ``{% url 'app:name' %}`` for URLs without arguments, worked
out once (``core.navigation.fixed_url``)."""

from __future__ import annotations

from django import template

from renju.core.navigation import fixed_url as fixed

register = template.Library()


@register.simple_tag
def fixed_url(name: str) -> str:
    return fixed(name)
