"""Writing the daily records and overflow reports: scoped, in one transaction, audited.

``submit_collection``/``submit_transfer`` (and their one-value forms ``record_collection``/
``record_transfer``) are the phone forms' path: scope re-checked in the transaction, one audit
event, the code generated when left blank, and idempotent — the form's one-time key makes a
double tap or a retried submission return the first row. Spreadsheets go through the ledger
import (:mod:`renju.waste.ledgers`: the code makes a re-imported sheet update, not duplicate);
the demo and the benchmark write in bulk, column by column (see :mod:`renju.waste.demo`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
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
    weight_from_volume,
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("out of scope")


def next_collection_code(village: Region, day: datetime.date) -> str:
    """The village code + the day (YYMMDD) + the next free two-digit sequence of that day."""
    prefix = f"{village.code}{day:%y%m%d}"
    rows = Collection.objects.all()  # scope: codes are unique across the ledger, not a scope
    n = rows.filter(village_id=village.pk, collected_on=day).count() + 1
    while rows.filter(code=f"{prefix}{n:02d}").exists():
        n += 1
    return f"{prefix}{n:02d}"


def next_ticket_code(station: TransferStation, day: datetime.date) -> str:
    """``B`` + the day (YYMMDD) + the station's id + ``-`` + the next free sequence of the day."""
    prefix = f"B{day:%y%m%d}{station.pk:04d}-"
    rows = Transfer.objects.all()  # scope: codes are unique across the ledger, not a scope
    n = rows.filter(station_id=station.pk, transferred_on=day).count() + 1
    while rows.filter(code=f"{prefix}{n:02d}").exists():
        n += 1
    return f"{prefix}{n:02d}"


def _by_key(model: Any, user: Any, key: str | None) -> Any:
    """The row an earlier submission of the same form wrote (only the user's own scope's)."""
    return model.objects.restrict(user, ADD).filter(submission_key=key).first() if key else None


def _clean_code(code: str | None) -> str:
    code = (code or "").strip()
    if len(code) > 32:
        raise ValidationError({"code": _("At most 32 characters.")})
    return code


def _insert_once(
    user: Any,
    row: Any,
    region: Region,
    given_code: str,
    make_code: Any,
    key: str | None,
) -> tuple[Any, bool]:
    """Save ``row`` with its code (given, or the next free one) and its audit event, once.

    A second submission with the same key returns the first row; a given code already in use
    is refused (unless the same key wrote it). A generated code that a concurrent writer took
    meanwhile is generated again.
    """
    model = type(row)
    for _attempt in range(5):
        row.code = given_code or make_code()
        try:
            with transaction.atomic():
                _require(region_in_scope(user, region, ADD))
                row.save()
                audit.record(
                    AuditAction.CREATE,
                    row,
                    changes=audit.diff({}, audit.snapshot(row)),
                    actor=user,
                )
            return row, True
        except IntegrityError:
            row.pk = None
            first = _by_key(model, user, key)
            if first is not None:
                return first, False
            if given_code and model.objects.filter(code=given_code).exists():  # scope: unique
                raise ValidationError({"code": _("A row with this code already exists.")}) from None
    raise ValidationError(_("The record could not be saved; please try again."))


def submit_collection(
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
    code: str | None = None,
    idempotency_key: str | None = None,
) -> tuple[Collection, bool]:
    """One collection at ``village``: ``(row, created)``; weight given, or estimated from the
    volume. The same ``idempotency_key`` (a double tap, a retried form) returns the first row."""
    first = _by_key(Collection, user, idempotency_key)
    if first is not None:
        return first, False
    if village.level != Level.VILLAGE:
        raise ValidationError(_("A collection is recorded for a village."))
    if weight_kg is None and volume_l is None:
        raise ValidationError(_("Give the weight or the volume."))
    if station is not None and station.county_id != village.county_id:
        raise ValidationError(_("The station must be in the village's county."))
    _require(region_in_scope(user, village, ADD))
    given = _clean_code(code)
    row = Collection(
        region=village,
        collected_on=day,
        time=time,
        weight_kg=weight_kg if weight_kg is not None else weight_from_volume(volume_l or 0),
        volume_l=volume_l,
        estimated=weight_kg is None,
        vehicle=vehicle,
        station=station,
        plant=plant,
        submission_key=idempotency_key or None,
    )
    return _insert_once(
        user, row, village, given, lambda: next_collection_code(village, day), idempotency_key
    )


def record_collection(user: Any, village: Region, day: datetime.date, **kwargs: Any) -> Collection:
    """One collection at ``village`` (see :func:`submit_collection`)."""
    return submit_collection(user, village, day, **kwargs)[0]


def submit_transfer(
    user: Any,
    station: TransferStation,
    plant: TreatmentPlant,
    day: datetime.date,
    net_kg: int,
    *,
    time: datetime.time | None = None,
    code: str | None = None,
    vehicle: WasteVehicle | None = None,
    idempotency_key: str | None = None,
) -> tuple[Transfer, bool]:
    """One weighed load from a station to a plant: ``(row, created)``; ``code`` is the
    weighbridge ticket (generated when blank); the same ``idempotency_key`` adds nothing."""
    first = _by_key(Transfer, user, idempotency_key)
    if first is not None:
        return first, False
    if net_kg is None or net_kg <= 0:
        raise ValidationError(_("The net weight must be positive."))
    for rule in Transfer._meta.get_field("net_kg").validators:
        rule(net_kg)  # the ticket's bound (TRANSFER_MAX_KG), as the form and the API check it
    _require(region_in_scope(user, station.region, ADD))
    given = _clean_code(code)
    row = Transfer(
        station=station,
        plant=plant,
        region=station.region,
        transferred_on=day,
        time=time,
        net_kg=net_kg,
        vehicle=vehicle,
        submission_key=idempotency_key or None,
    )
    return _insert_once(
        user, row, station.region, given, lambda: next_ticket_code(station, day), idempotency_key
    )


def record_transfer(
    user: Any,
    station: TransferStation,
    plant: TreatmentPlant,
    day: datetime.date,
    net_kg: int,
    *,
    ticket_no: str = "",
    **kwargs: Any,
) -> Transfer:
    """One weighed load from a station to a plant (see :func:`submit_transfer`)."""
    kwargs.setdefault("code", ticket_no)
    return submit_transfer(user, station, plant, day, net_kg, **kwargs)[0]


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
