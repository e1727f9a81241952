"""The sewage ledgers' declarations: statuses, discharge points, facilities, inspections, tests."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from renju.core.ledgers import Ledger, register

from .actions import inspections_written, tests_written
from .choices import CENTRALISED_KINDS, FaultKind, InspectionResult, Mode, PointState, RunningState
from .models import DischargePoint, FacilityInspection, SewageFacility, TreatmentStatus, WaterTest


def validate_status(values: dict[str, Any]) -> dict[str, str]:
    """Untreated rows serve nobody and name no facility; the facility is in the same county."""
    errors: dict[str, str] = {}
    mode, facility, region = values.get("mode"), values.get("facility"), values.get("region")
    if mode == Mode.UNTREATED:
        if values.get("households_served"):
            errors["households_served"] = _("an untreated village serves no households")
        if facility is not None:
            errors["facility"] = _("an untreated village has no facility")
    if facility is not None and region is not None and facility.county_id != region.county_id:
        errors["facility"] = _("the facility must be in the same county")
    return errors


def validate_point(values: dict[str, Any]) -> dict[str, str]:
    """A closed point has a closing date, not before it was found."""
    state, closed, found = values.get("state"), values.get("closed_on"), values.get("found_on")
    if state == PointState.CLOSED and closed is None:
        return {"closed_on": _("a closed point needs its closing date")}
    if closed is not None and found is not None and closed < found:
        return {"closed_on": _("cannot be before the day it was found")}
    if state == PointState.OPEN and closed is not None:
        return {"state": _("a point with a closing date is closed")}
    return {}


def validate_facility(values: dict[str, Any]) -> dict[str, str]:
    """A running centralised facility carries its discharge registration number."""
    kind, state = values.get("kind"), values.get("running_state")
    if (
        kind in CENTRALISED_KINDS
        and state != RunningState.BUILDING
        and not (values.get("discharge_registration") or "").strip()
    ):
        return {
            "discharge_registration": _(
                "a centralised facility in use needs its discharge registration number"
            )
        }
    return {}


def _at_facility(values: dict[str, Any]) -> dict[str, str]:
    facility, region = values.get("facility"), values.get("region")
    if facility is not None and region is not None and facility.region_id != region.pk:
        return {
            "region": _("must be the facility's place (%(code)s)") % {"code": facility.region.code}
        }
    return {}


def validate_inspection(values: dict[str, Any]) -> dict[str, str]:
    """At the facility's place; a fault names its kind, a normal result none."""
    errors = _at_facility(values)
    result, kind = values.get("result"), values.get("fault_kind")
    if result == InspectionResult.FAULT and not kind:
        errors["fault_kind"] = _("a fault needs its kind")
    if result == InspectionResult.NORMAL and kind:
        errors["fault_kind"] = _("a normal inspection has no fault kind")
    return errors


def validate_test(values: dict[str, Any]) -> dict[str, str]:
    return _at_facility(values)


facilities = register(
    Ledger(
        model=SewageFacility,
        slug="sewage-facilities",
        company_services=frozenset({"sewage_om"}),
        domain="sewage",
        icon="funnel",
        columns=[
            "code",
            "name",
            "kind",
            "region",
            "design_capacity",
            "process",
            "households_served",
            "operator",
            "commissioned_on",
            "discharge_level",
            "nutrient_limits",
            "discharge_registration",
            "running_state",
            "latitude",
            "longitude",
        ],
        list_columns=[
            "code",
            "name",
            "kind",
            "region",
            "design_capacity",
            "operator",
            "running_state",
        ],
        filters=["kind", "running_state", "discharge_level"],
        search=["code", "name"],
        sort=["code", "name", "design_capacity", "commissioned_on"],
        validate_row=validate_facility,
        select_related=("region", "operator"),
    )
)

statuses = register(
    Ledger(
        model=TreatmentStatus,
        slug="sewage-statuses",
        domain="sewage",
        icon="water",
        columns=["code", "region", "mode", "households_served", "completed_on", "facility", "note"],
        list_columns=["code", "region", "mode", "households_served", "completed_on", "facility"],
        filters=["mode"],
        search=["code", "region__name"],
        sort=["code", "households_served", "completed_on"],
        validate_row=validate_status,
        select_related=("region", "facility"),
    )
)

points = register(
    Ledger(
        model=DischargePoint,
        slug="sewage-discharge-points",
        company_services=frozenset({"sewage_om"}),
        domain="sewage",
        icon="exclamation-octagon",
        columns=[
            "code",
            "region",
            "location",
            "receiving_water",
            "found_on",
            "state",
            "closed_on",
            "measure",
        ],
        list_columns=["code", "region", "location", "found_on", "state", "closed_on"],
        filters=["state"],
        search=["code", "location"],
        sort=["code", "found_on", "closed_on"],
        validate_row=validate_point,
    )
)

inspections = register(
    Ledger(
        model=FacilityInspection,
        slug="sewage-inspections",
        company_services=frozenset({"sewage_om"}),
        domain="sewage",
        icon="clipboard-check",
        columns=[
            "code",
            "facility",
            "region",
            "inspected_on",
            "inspector",
            "result",
            "fault_kind",
            "findings",
        ],
        list_columns=["code", "facility", "region", "inspected_on", "result", "fault_kind"],
        filters=["result", "fault_kind"],
        search=["code", "facility__code"],
        sort=["code", "inspected_on"],
        validate_row=validate_inspection,
        after_write=inspections_written,
        select_related=("region", "facility"),
    )
)

tests = register(
    Ledger(
        model=WaterTest,
        slug="sewage-tests",
        company_services=frozenset({"sewage_om"}),
        domain="sewage",
        icon="eyedropper",
        columns=[
            "code",
            "facility",
            "region",
            "sampled_on",
            "lab",
            "ph",
            "cod",
            "ss",
            "nh3n",
            "tn",
            "tp",
        ],
        list_columns=["code", "facility", "region", "sampled_on", "lab", "ph", "cod", "ss", "nh3n"],
        search=["code", "facility__code", "lab"],
        sort=["code", "sampled_on"],
        validate_row=validate_test,
        after_write=tests_written,
        select_related=("region", "facility"),
    )
)

FAULT_KINDS = FaultKind
