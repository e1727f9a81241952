"""The waste ledgers' declarations."""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from renju.core.ledgers import Ledger, register
from renju.core.ledgers.columns import CellError, Column

from .choices import NEVER_HARMLESS
from .models import (
    Collection,
    CollectionPoint,
    ConstructionSite,
    CropVinePoint,
    OperatorContract,
    OrganicFacility,
    RecyclingPoint,
    RecyclingRecord,
    Transfer,
    TransferStation,
    TreatmentPlant,
    WasteVehicle,
    weight_from_volume,
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


def parse_time(cell: Any) -> str | None:
    """A time cell: a workbook's time or date-time, ``H:MM`` or ``HH:MM:SS``, or a day fraction.

    The value is ``HH:MM:SS`` text, as the database and the audit record store a time (the bulk
    INSERT of the import passes values through as they are, and has no converter for times).
    """
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, datetime.datetime):
        cell = cell.time()
    if isinstance(cell, datetime.time):
        return cell.replace(microsecond=0, tzinfo=None).isoformat()
    if isinstance(cell, int | float) and not isinstance(cell, bool) and 0 <= cell < 1:
        seconds = round(cell * 86400)
        return datetime.time(seconds // 3600, seconds % 3600 // 60, seconds % 60).isoformat()
    text = str(cell).strip().replace("：", ":")
    try:
        parts = [int(part) for part in text.split(":")]
        if not 2 <= len(parts) <= 3:
            raise ValueError(text)
        seconds = parts[2] if len(parts) == 3 else 0
        return datetime.time(parts[0], parts[1], seconds).isoformat()
    except ValueError:
        raise CellError(_("“%(value)s” is not a time (HH:MM)") % {"value": cell}) from None


def format_time(value: datetime.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


@dataclass
class RecordLedger(Ledger):
    """A ledger whose time-of-day columns read and write ``HH:MM`` (the framework has no time
    codec): an export re-imports unchanged."""

    @cached_property
    def spreadsheet_columns(self) -> list[Column]:
        columns = [
            Column(name, lookup=self.lookups.get(name, "code")).bind(self.model)
            for name in self.columns
        ]
        for column in columns:
            if isinstance(column.model_field, models.TimeField):
                column.parse, column.format = parse_time, format_time
        return columns


def validate_collection(values: dict[str, Any]) -> dict[str, str]:
    """Weight or volume (the weight then estimated from it); a station of the village's county.

    A weight left out is filled in ``values`` from the volume (the import, the form and the API
    write what this returns), with ``estimated`` set.
    """
    errors: dict[str, str] = {}
    if values.get("weight_kg") is None:
        if values.get("volume_l") is None:
            errors["weight_kg"] = _("give the weight or the volume")
        else:
            values["weight_kg"] = weight_from_volume(values["volume_l"])
            values["estimated"] = True
    region, station = values.get("region"), values.get("station")
    if region is not None and station is not None and station.county_id != region.county_id:
        errors["station"] = _("must be a station of the village's county")
    return errors


def validate_transfer(values: dict[str, Any]) -> dict[str, str]:
    """A transfer sits where its station is."""
    station, region = values.get("station"), values.get("region")
    if station is not None and region is not None and station.region_id != region.pk:
        return {
            "region": _("must be the region of the station (%(code)s)")
            % {"code": station.region.code}
        }
    return {}


def open_vine_cases(user: Any, queryset: Any) -> None:
    """A point written at 80% or more opens its clearing case (pages, import and API alike)."""
    from .vines import open_full_cases

    with contextlib.suppress(PermissionDenied):
        open_full_cases(user, queryset)


def collection_point_links(point: CollectionPoint) -> list[tuple[str, str, str]]:
    """The point's own page: its week of collections and the overflow report (满溢上报)."""
    from django.urls import reverse

    return [(_("Report overflow"), reverse("waste:point", args=[point.pk]), "exclamation-triangle")]


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
    company_services=frozenset({"waste_collection"}),
    filters=["sorting", "status"],
    detail_links=collection_point_links,
)
transfer_stations = _ledger(
    TransferStation,
    "waste-transfer-stations",
    "truck",
    ["code", "name", "region", "capacity_t_day", "compactor", "status"],
    company_services=frozenset({"waste_collection"}),
    filters=["status"],
)
treatment_plants = _ledger(
    TreatmentPlant,
    "waste-treatment-plants",
    "fire",
    ["code", "name", "region", "kind", "harmless", "capacity_t_day", "permit_no", "status"],
    company_services=frozenset({"waste_collection"}),
    filters=["kind", "harmless", "status"],
    validate_row=validate_plant,
)
vehicles = _ledger(
    WasteVehicle,
    "waste-vehicles",
    "truck-front",
    ["code", "region", "kind", "capacity_t", "operator", "status"],
    company_services=frozenset({"waste_collection"}),
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


COLLECTION_COLUMNS = [
    "code",
    "region",
    "collected_on",
    "time",
    "weight_kg",
    "volume_l",
    "estimated",
    "vehicle",
    "station",
    "plant",
]
collections = register(
    RecordLedger(
        model=Collection,
        slug="waste-collections",
        domain="waste",
        icon="truck",
        company_services=frozenset({"waste_collection"}),
        columns=COLLECTION_COLUMNS,
        list_columns=["code", "region", "collected_on", "time", "weight_kg", "station", "plant"],
        filters=["estimated"],
        search=["code"],
        sort=["code", "collected_on", "weight_kg"],
        validate_row=validate_collection,
        select_related=("region", "station", "plant"),
    )
)
TRANSFER_COLUMNS = [
    "code",
    "station",
    "plant",
    "region",
    "transferred_on",
    "time",
    "net_kg",
    "vehicle",
]
transfers = register(
    RecordLedger(
        model=Transfer,
        slug="waste-transfers",
        domain="waste",
        icon="truck-flatbed",
        company_services=frozenset({"waste_collection"}),
        columns=TRANSFER_COLUMNS,
        list_columns=["code", "station", "plant", "transferred_on", "time", "net_kg"],
        search=["code"],
        sort=["code", "transferred_on", "net_kg"],
        validate_row=validate_transfer,
        select_related=("region", "station", "plant"),
    )
)
