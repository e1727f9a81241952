"""How values read on the pages where their field's type says too much or too little."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format, number_format

# Numbers from here on read with their digits grouped (12,345); below it they are left alone,
# so a year (2026) never becomes "2,026".
GROUPED_FROM = 10_000


def month_label(value: datetime.date) -> str:
    """A month kept as its first day: "2026年11月" in Chinese, "November 2026" in English."""
    return date_format(value, "YEAR_MONTH_FORMAT")


def readable_number(value: Any) -> Any:
    """A count or an amount as a page shows it: grouped from five digits on (1,089,493 and
    4,679,000 instead of 1089493 and 4679000), in the page's language; anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    if abs(value) < GROUPED_FROM:
        return value
    return number_format(value, use_l10n=True, force_grouping=True)
