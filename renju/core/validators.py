"""Field rules shared by every app."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def not_in_future(value: datetime.date | None) -> None:
    """A date of something done (applied, built, inspected, surveyed) is today at the latest
    (in the city's time zone): a mistyped year (2099) blocked an application's next steps,
    which may not come before it."""
    if value is not None and value > timezone.localdate():
        raise ValidationError(_("The date cannot be later than today."), code="future")


def year_not_in_future(value: int | None) -> None:
    """A year something was built in is this year at the latest."""
    if value is not None and value > timezone.localdate().year:
        raise ValidationError(_("The year cannot be later than this year."), code="future")
