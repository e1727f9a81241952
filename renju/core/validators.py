"""Field rules shared by every app."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The earliest date a record of this work may carry (our choice: none of it predates 1900;
# the API took 0001-01-01 for a water sample).
EARLIEST_DATE = datetime.date(1900, 1, 1)


def not_in_future(value: datetime.date | None) -> None:
    """A date of something done (applied, built, inspected, surveyed) is today at the latest
    (in the city's time zone): a mistyped year (2099) blocked an application's next steps,
    which may not come before it. Nor is it before ``EARLIEST_DATE`` (year 1 was taken)."""
    if value is None:
        return
    if value > timezone.localdate():
        raise ValidationError(_("The date cannot be later than today."), code="future")
    if value < EARLIEST_DATE:
        raise ValidationError(
            _("The date cannot be earlier than %(year)s.") % {"year": EARLIEST_DATE.year},
            code="past",
        )


# A point's coordinates, in degrees (a site once kept latitude 999).
LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]


def year_not_in_future(value: int | None) -> None:
    """A year something was built in is this year at the latest."""
    if value is not None and value > timezone.localdate().year:
        raise ValidationError(_("The year cannot be later than this year."), code="future")
