"""Helpers for the apps' forms."""

from __future__ import annotations

from typing import Any


def labelled_errors(form: Any) -> list[str]:
    """A refused form's errors, each under its field's name ("受访人数: 该字段是必填项。"), for
    pages that say them in a message rather than beside the field."""
    return [
        f"{form.fields[field].label}: {error}" if field in form.fields else str(error)
        for field, errors in form.errors.items()
        for error in errors
    ]
