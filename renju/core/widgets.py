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


class _ShownFile:
    """A stored file as the file input shows it: its own name, linking to ``url``."""

    def __init__(self, name: str, url: str) -> None:
        self.name, self.url = name, url

    def __str__(self) -> str:
        return self.name.rsplit("/", 1)[-1]


class ScopedFileInput(forms.ClearableFileInput):
    """A file input whose current file links to the view that serves it in scope (uploads are
    not public files: a /media/ link answered 404) and reads as the file's name, not its
    storage path. The form sets ``download_url`` for its row."""

    download_url = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"] and self.download_url:
            context["widget"]["value"] = _ShownFile(str(value.name), self.download_url)
        return context


class CheckboxList(forms.CheckboxSelectMultiple):
    """Many choices as ticks in a scrolling box, grouped (a village under its town) and with a
    filter box: a plain multi-select lost every other choice on one click without Ctrl, and
    four hundred villages do not fit a screen."""

    template_name = "core/widgets/checkbox_list.html"
