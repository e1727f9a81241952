"""Password rules."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with its message in our catalogue: Django 5.2.19 reworded the
    message and its own Chinese catalogue kept only the old wording, so the refusal came out in
    English on Chinese pages."""

    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
            self.min_length,
        ) % (self.min_length,)
