"""The toilet ledgers' declarations."""

from __future__ import annotations

import contextlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from renju.core.ledgers import Ledger, register

from .models import ClinicToilet, HouseholdToilet, PublicToilet


def validate_household_toilet(values: dict[str, Any]) -> dict[str, str]:
    """A toilet sits where its household is, and its code extends the household's code."""
    household, region = values.get("household"), values.get("region")
    errors: dict[str, str] = {}
    if household is not None and region is not None and household.village_id != region.village_id:
        errors["region"] = _("must be the village of the household (%(code)s)") % {
            "code": household.region.code
        }
    code = values.get("code") or ""
    if household is not None and not (
        code.startswith(household.code) and len(code) == len(household.code) + 2
    ):
        errors["code"] = _("must be the household code followed by two digits")
    return errors


def open_problem_cases(user: Any, queryset: Any) -> None:
    """A survey result that marks a toilet as a problem puts it on the problem list (S13)."""
    from .choices import PROBLEM_CONDITIONS
    from .problems import open_problem_cases as open_cases

    problems = queryset.filter(condition__in=sorted(PROBLEM_CONDITIONS))
    if user is None or not problems.exists():
        return
    # A company's edit is not a survey: the town's next survey run puts the toilet on the list.
    with contextlib.suppress(PermissionDenied):
        open_cases(user, problems)


def toilet_code_links(toilet: Any) -> list[tuple[str, str, str]]:
    """The toilet's code on its label: the villagers' page it opens and the label's image
    (the code was nowhere on the toilet's own page)."""
    from django.urls import reverse

    if not toilet.qr_code:
        return []
    return [
        (
            _("Villagers' page (code %(code)s)") % {"code": toilet.qr_code},
            reverse("public:toilet", args=[toilet.qr_code]),
            "qr-code",
        ),
        (
            _("QR label"),
            reverse("toilets:label-qr", kwargs={"qr_code": toilet.qr_code, "fmt": "svg"}),
            "qr-code-scan",
        ),
    ]


household_toilets = register(
    Ledger(
        model=HouseholdToilet,
        slug="household-toilets",
        company_services=frozenset({"pump_out", "toilet_repair"}),
        domain="toilets",
        icon="droplet",
        columns=[
            "code",
            "household",
            "region",
            "toilet_type",
            "tank_volume",
            "year_built",
            "condition",
            "problem_cause",
            "retrofit_project",
            "subsidy",
        ],
        list_columns=["code", "region", "toilet_type", "condition", "year_built", "last_pumpout"],
        filters=["toilet_type", "condition"],
        search=["code", "qr_code", "household__code"],
        sort=["code", "year_built", "last_pumpout"],
        validate_row=validate_household_toilet,
        after_write=open_problem_cases,
        select_related=("region", "household"),
        detail_links=toilet_code_links,
    )
)

public_toilets = register(
    Ledger(
        model=PublicToilet,
        slug="public-toilets",
        company_services=frozenset({"cleaning", "pump_out", "toilet_repair"}),
        domain="toilets",
        icon="building",
        columns=[
            "code",
            "name",
            "region",
            "toilet_type",
            "condition",
            "year_built",
            "cleanings_per_day",
            "caretaker",
            "maintenance_standard",
        ],
        list_columns=["code", "name", "region", "toilet_type", "condition", "cleanings_per_day"],
        filters=["toilet_type", "condition"],
        search=["code", "name", "qr_code"],
        sort=["code", "name"],
        detail_links=toilet_code_links,
    )
)

clinic_toilets = register(
    Ledger(
        model=ClinicToilet,
        slug="clinic-toilets",
        company_services=frozenset({"pump_out", "toilet_repair"}),
        domain="toilets",
        icon="hospital",
        columns=["code", "clinic_name", "region", "toilet_type", "condition", "year_built"],
        list_columns=["code", "clinic_name", "region", "toilet_type", "condition"],
        filters=["toilet_type", "condition"],
        search=["code", "clinic_name", "qr_code"],
        sort=["code", "clinic_name"],
        detail_links=toilet_code_links,
    )
)
