"""The project library's ledger declaration (项目库, S2)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from renju.core.ledgers import Column, Ledger, register
from renju.core.ledgers.columns import CellError

from .choices import ProjectStatus
from .fields import department_labels, indicator_lookup, indicator_name, parse_departments
from .models import Project


def _parse_departments(cell: Any) -> str:
    try:
        return ",".join(parse_departments(cell if cell is not None else ""))
    except ValueError as exc:
        raise CellError(_("“%(value)s” is not a department.") % {"value": exc}) from None


def _format_departments(value: Any) -> str:
    with translation.override("zh-hans"):
        return department_labels(value or "")


def _parse_indicator(cell: Any) -> str:
    text = "" if cell is None else str(cell).strip()
    if not text:
        return ""
    key = indicator_lookup().get(text.lower())
    if key is None:
        raise CellError(_("“%(value)s” is not an indicator.") % {"value": text})
    return key


def _format_indicator(value: Any) -> str:
    if not value:
        return ""
    with translation.override("zh-hans"):
        return indicator_name(value)


class ProjectLedger(Ledger):
    """The generic ledger, with departments and indicators written by name in the sheets."""

    @cached_property
    def spreadsheet_columns(self) -> list[Column]:
        columns = [
            Column(name, lookup=self.lookups.get(name, "code")).bind(self.model)
            for name in self.columns
        ]
        for column in columns:
            if column.name == "cooperating_departments":
                column.parse, column.format = _parse_departments, _format_departments
            elif column.name == "weak_indicator":
                column.parse, column.format = _parse_indicator, _format_indicator
        return columns


def validate_row(values: dict[str, Any]) -> dict[str, str]:
    """Dates in order; a completed project is at 100%; known departments and indicator."""
    errors: dict[str, str] = {}
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        errors["end_date"] = _("the end date comes before the start date")
    if values.get("status") == ProjectStatus.COMPLETED and values.get("progress") not in (
        None,
        100,
    ):
        errors["progress"] = _("a completed project is at 100%")
    try:
        parse_departments(values.get("cooperating_departments") or "")
    except ValueError as exc:
        errors["cooperating_departments"] = _("“%(value)s” is not a department.") % {"value": exc}
    key = values.get("weak_indicator") or ""
    if key and key not in indicator_lookup().values():
        errors["weak_indicator"] = _("“%(value)s” is not an indicator.") % {"value": key}
    return errors


COLUMNS = [
    "code",
    "region",
    "name",
    "domain",
    "lead_department",
    "cooperating_departments",
    "budget",
    "status",
    "start_date",
    "end_date",
    "progress",
    "weak_indicator",
    "weak_link",
    "innovation_kind",
    "innovation_note",
    "participation_note",
]

projects = register(
    ProjectLedger(
        model=Project,
        slug="projects",
        history_children=("plans.funding", "plans.milestone"),
        domain="plans",
        icon="kanban",
        columns=COLUMNS,
        list_columns=[
            "code",
            "region",
            "name",
            "domain",
            "lead_department",
            "budget",
            "status",
            "progress",
        ],
        filters=["domain", "status", "lead_department", "innovation_kind"],
        detail_links=lambda project: [
            (
                _("Funds, milestones and villages"),
                reverse("plans:project", args=[project.pk]),
                "cash-stack",
            )
        ],
        search=["code", "name"],
        sort=["code", "budget", "progress", "start_date", "updated_at"],
        validate_row=validate_row,
    )
)
