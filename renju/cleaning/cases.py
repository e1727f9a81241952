"""The cleaning case categories (S3): one per kind of inspection finding.

Every finding of an inspection opens a case of its kind, with the finding as its subject (one
active case per finding). Deadlines: the policy sets no time to clear a heap or a disorder; the
hours below are renju's defaults until a county sets its own (待核实).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from renju.accounts.models import ServiceArea
from renju.cases.registry import Category, register_category

from .choices import ItemKind

DEFAULT_SOURCE = "renju 默认值；各县在时限规则中自行设定（待核实）"
SUBJECT = "cleaning.finding"


def _category(kind: str, name: Any, sla_hours: int) -> Category:
    return register_category(
        Category(
            key=f"cleaning.{kind}",
            name=name,
            domain="cleaning",
            sla_hours=sla_hours,
            sla_source=DEFAULT_SOURCE,
            service=ServiceArea.Service.CLEANING,
            subject=SUBJECT,
            prefix="Q",
            confirm_days=14,
        )
    )


CATEGORIES: dict[str, Category] = {
    ItemKind.HEAP: _category(ItemKind.HEAP, _("heap to clear (three heaps)"), 72),
    ItemKind.DISORDER: _category(
        ItemKind.DISORDER, _("disorder to correct (eight disorders)"), 7 * 24
    ),
    ItemKind.WEAK_SPOT: _category(ItemKind.WEAK_SPOT, _("weak spot to clean"), 72),
    ItemKind.STACKING_ZONE: _category(
        ItemKind.STACKING_ZONE, _("stacking outside the designated zone"), 7 * 24
    ),
    ItemKind.MOVED_TO_EDGE: _category(
        ItemKind.MOVED_TO_EDGE, _("garbage moved to the village's edge"), 48
    ),
    ItemKind.STANDARD: _category(ItemKind.STANDARD, _("village standard not met"), 7 * 24),
}


def category_for(kind: str) -> Category:
    return CATEGORIES[kind]
