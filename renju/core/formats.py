"""How values read on the pages where their field's type says too much or too little."""

from __future__ import annotations

import datetime

from django.utils.formats import date_format


def month_label(value: datetime.date) -> str:
    """A month kept as its first day: "2026年11月" in Chinese, "November 2026" in English."""
    return date_format(value, "YEAR_MONTH_FORMAT")
