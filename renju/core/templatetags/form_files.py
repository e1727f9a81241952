"""A file chosen in a form that came back with errors is not sent back by the browser."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def file_dropped(form: Any, name: str) -> bool:
    """``{% if form|file_dropped:"photo" %}``: the user chose a file for ``name`` and the form
    came back for another field's error; the browser cannot keep the choice, so she must be
    told to choose it again (a villager sent her report without the photo she had picked)."""
    return bool(
        form.is_bound
        and form.errors
        and name not in form.errors
        and getattr(form, "files", None)
        and form.files.get(name)
    )


@register.filter
def files_dropped(form: Any) -> bool:
    """``{% if form|files_dropped %}``: any file chosen in a form that came back with errors."""
    return bool(form.is_bound and form.errors and any(getattr(form, "files", {}).values()))
