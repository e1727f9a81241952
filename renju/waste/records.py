"""Writing the daily records and overflow reports: scoped, in one transaction, audited.

``record_collection`` and ``record_transfer`` are what a form, an API or a weighbridge import
calls; the demo and the benchmark write in bulk through :func:`renju.core.bulk.insert_rows` with
one summary audit event per village (see :mod:`renju.waste.demo`).
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renju.cases import actions as case_actions
from renju.cases.choices import Source
from renju.cases.models import Case
from renju.core import audit
from renju.core.models.audit import AuditAction
from renju.core.scoping import ADD, region_in_scope
from renju.regions.choices import Level
from renju.regions.models import Region

from .cases import OVERFLOW
from .models import (
    Collection,
    CollectionPoint,
    Transfer,
    TransferStation,
    TreatmentPlant,
    WasteVehicle,
)
from .parameters import WASTE_DENSITY_T_PER_M3


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("out of scope")


def weight_from_volume(volume_l: int) -> int:
    """Kilograms for a volume reading at the configured bulk density (t/m³ = kg/l)."""
    kg = Decimal(volume_l) * WASTE_DENSITY_T_PER_M3
    return int(kg.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def record_collection(
    user: Any,
    village: Region,
    day: datetime.date,
    *,
    weight_kg: int | None = None,
    volume_l: int | None = None,
    time: datetime.time | None = None,
    vehicle: WasteVehicle | None = None,
    station: TransferStation | None = None,
    plant: TreatmentPlant | None = None,
) -> Collection:
    """One collection at ``village``; weight given, or estimated from the volume."""
    if village.level != Level.VILLAGE:
        raise ValidationError(_("A collection is recorded for a village."))
    if weight_kg is None and volume_l is None:
        raise ValidationError(_("Give the weight or the volume."))
    if station is not None and station.county_id != village.county_id:
        raise ValidationError(_("The station must be in the village's county."))
    with transaction.atomic():
        _require(region_in_scope(user, village, ADD))
        row = Collection(
            village_id=village.pk,
            town_id=village.town_id or 0,
            county_id=village.county_id or 0,
            collected_on=day,
            time=time,
            weight_kg=weight_kg if weight_kg is not None else weight_from_volume(volume_l or 0),
            volume_l=volume_l,
            estimated=weight_kg is None,
            vehicle=vehicle,
            station=station,
            plant=plant,
        )
        row.save()
        audit.record(
            AuditAction.CREATE,
            row,
            region=village,
            changes=audit.diff({}, audit.snapshot(row)),
            actor=user,
        )
    return row


def record_transfer(
    user: Any,
    station: TransferStation,
    plant: TreatmentPlant,
    day: datetime.date,
    net_kg: int,
    *,
    time: datetime.time | None = None,
    ticket_no: str = "",
    vehicle: WasteVehicle | None = None,
) -> Transfer:
    """One weighed load from a station to a plant."""
    if net_kg <= 0:
        raise ValidationError(_("The net weight must be positive."))
    with transaction.atomic():
        _require(region_in_scope(user, station.region, ADD))
        row = Transfer(
            station=station,
            plant=plant,
            town_id=station.town_id or 0,
            county_id=station.county_id or 0,
            transferred_on=day,
            time=time,
            net_kg=net_kg,
            ticket_no=ticket_no,
            vehicle=vehicle,
        )
        row.save()
        audit.record(
            AuditAction.CREATE,
            row,
            region=station.region,
            changes=audit.diff({}, audit.snapshot(row)),
            actor=user,
        )
    return row


def report_overflow(
    point: CollectionPoint,
    *,
    user: Any = None,
    reporter_name: str = "",
    reporter_phone: str = "",
    description: str = "",
    source: str = Source.STAFF,
    photos: Any = (),
    idempotency_key: str | None = None,
) -> tuple[Case, bool]:
    """An overflowing collection point becomes a case routed to the village's operator.

    One active case per point: a second report is attached to the first (the case engine).
    """
    return case_actions.open_case(
        category=OVERFLOW.key,
        region=point.region,
        source=source,
        description=description or _("%(name)s is overflowing") % {"name": point.name},
        subject=point,
        reporter_name=reporter_name or str(user or "")[:50],
        reporter_phone=reporter_phone,
        reporter_user=user,
        photos=photos,
        idempotency_key=idempotency_key,
    )
