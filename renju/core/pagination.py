"""Pagination that stays fast at a million rows: counts stop at a cap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

COUNT_CAP = 10_000
# Past a capped count the page number is not checked against the rows; this bound keeps the
# OFFSET it asks for inside the databases' integers (page 10**20 failed with a 500). A list of
# a million rows has 20,000 pages of 50.
MAX_PAGE = 1_000_000


@dataclass
class Page:
    rows: list[Any]
    number: int
    size: int
    count: int  # exact when below the cap
    capped: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number * self.size < self.count or (self.capped and len(self.rows) == self.size)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.size))

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.size + len(self.rows)


def paginate(queryset: QuerySet[Any], page: Any, size: int = 50) -> Page:
    """One page of ``queryset``; COUNT(*) runs over at most COUNT_CAP + 1 rows."""
    try:
        number = min(max(1, int(page)), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    count = queryset.order_by()[: COUNT_CAP + 1].count()
    capped = count > COUNT_CAP
    if not capped:
        number = min(number, max(1, -(-count // size)))
    offset = (number - 1) * size
    rows = list(queryset[offset : offset + size])
    if capped and not rows and number > 1:
        # Past the end of a list longer than the cap (an old link, a typed number): the one
        # place a full count runs, to land on the last page instead of an empty one.
        number = min(number, max(1, -(-queryset.order_by().count() // size)))
        offset = (number - 1) * size
        rows = list(queryset[offset : offset + size])
    return Page(rows=rows, number=number, size=size, count=min(count, COUNT_CAP), capped=capped)
