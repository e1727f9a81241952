"""Form widgets shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms


class DatePicker(forms.DateInput):
    """The browser's date picker. Its value must be ISO (``yyyy-MM-dd``) whatever the page's
    language: in the Chinese locale Django's default format (``2026/12/01``) made the browser
    drop the value, so a form pre-filled with today showed an empty date."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
