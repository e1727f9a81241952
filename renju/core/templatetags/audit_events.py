"""``{% described_events events as rows %}``: audit events with readable changes."""

from __future__ import annotations

from typing import Any

from django import template

from renju.core.audit_display import Change, describe

register = template.Library()


@register.simple_tag
def described_events(events: Any) -> list[tuple[Any, list[Change]]]:
    return describe(events)
