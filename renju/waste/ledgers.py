"""The waste ledgers' declarations."""

from __future__ import annotations

import contextlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from renju.core.ledgers import Ledger, register

from .choices import NEVER_HARMLESS
from .models import (
    CollectionPoint,
    ConstructionSite,
    CropVinePoint,
    OperatorContract,
    OrganicFacility,
    RecyclingPoint,
    RecyclingRecord,
    TransferStation,
    TreatmentPlant,
    WasteVehicle,
)


def validate_plant(values: dict[str, Any]) -> dict[str, str]:
    """A simple (non-compliant) landfill never counts as harmless treatment."""
    if values.get("harmless") and values.get("kind") in NEVER_HARMLESS:
        return {"harmless": _("a simple landfill is not harmless treatment")}
    return {}


def validate_contract(values: dict[str, Any]) -> dict[str, str]:
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        return {"end_date": _("must not be before the start date")}
    return {}


def validate_recycling_record(values: dict[str, Any]) -> dict[str, str]:
    """A record sits where its point is."""
    point, region = values.get("point"), values.get("region")
    if point is not None and region is not None and point.region_id != region.pk:
        return {
            "region": _("must be the region of the recycling point (%(code)s)")
            % {"code": point.region.code}
        }
    return {}


def open_vine_cases(user: Any, queryset: Any) -> None:
    """A point written at 80% or more opens its clearing case (pages, import and API alike)."""
    from .vines import open_full_cases

    with contextlib.suppress(PermissionDenied):
        open_full_cases(user, queryset)


def _ledger(model: Any, slug: str, icon: str, columns: list[str], **extra: Any) -> Ledger:
    extra.setdefault("list_columns", columns[:6])
    extra.setdefault("search", ["code", "name"])
    extra.setdefault("sort", ["code", "name"])
    return register(
        Ledger(model=model, slug=slug, domain="waste", icon=icon, columns=columns, **extra)
    )


collection_points = _ledger(
    CollectionPoint,
    "waste-collection-points",
    "trash",
    ["code", "name", "region", "bins", "capacity_m3", "sorting", "status"],
    filters=["sorting", "status"],
)
transfer_stations = _ledger(
    TransferStation,
    "waste-transfer-stations",
    "truck",
    ["code", "name", "region", "capacity_t_day", "compactor", "status"],
    filters=["status"],
)
treatment_plants = _ledger(
    TreatmentPlant,
    "waste-treatment-plants",
    "fire",
    ["code", "name", "region", "kind", "harmless", "capacity_t_day", "permit_no", "status"],
    filters=["kind", "harmless", "status"],
    validate_row=validate_plant,
)
vehicles = _ledger(
    WasteVehicle,
    "waste-vehicles",
    "truck-front",
    ["code", "region", "kind", "capacity_t", "operator", "status"],
    filters=["kind", "status"],
    search=["code"],
    sort=["code"],
    select_related=("region", "operator"),
)
operator_contracts = _ledger(
    OperatorContract,
    "waste-contracts",
    "file-earmark-text",
    [
        "code",
        "operator",
        "region",
        "start_date",
        "end_date",
        "price",
        "interval_days",
        "service_standard",
    ],
    list_columns=["code", "operator", "region", "start_date", "end_date", "interval_days"],
    search=["code", "operator__name"],
    sort=["code", "start_date", "end_date"],
    validate_row=validate_contract,
    select_related=("region", "operator"),
)
crop_vine_points = _ledger(
    CropVinePoint,
    "crop-vine-points",
    "flower1",
    ["code", "name", "region", "capacity_t", "fill_level"],
    list_columns=["code", "name", "region", "capacity_t", "fill_level", "reported_at"],
    sort=["code", "name", "fill_level"],
    after_write=open_vine_cases,
)
recycling_points = _ledger(
    RecyclingPoint,
    "agri-recycling-points",
    "recycle",
    ["code", "name", "region", "takes_packaging", "takes_film", "collector", "status"],
    filters=["status"],
)
recycling_records = _ledger(
    RecyclingRecord,
    "agri-recycling-records",
    "journal-check",
    ["code", "point", "region", "recorded_on", "material", "weight_kg", "collector"],
    filters=["material"],
    search=["code", "point__code"],
    sort=["code", "recorded_on", "weight_kg"],
    validate_row=validate_recycling_record,
    select_related=("region", "point"),
)
construction_sites = _ledger(
    ConstructionSite,
    "construction-waste-sites",
    "bricks",
    ["code", "name", "region", "location", "latitude", "longitude", "capacity_m3", "state"],
    list_columns=["code", "name", "region", "location", "capacity_m3", "state"],
    filters=["state"],
)
organic_facilities = _ledger(
    OrganicFacility,
    "organic-waste-facilities",
    "tree",
    ["code", "name", "region", "kind", "capacity_t_day", "feedstock", "status"],
    filters=["kind", "status"],
)
