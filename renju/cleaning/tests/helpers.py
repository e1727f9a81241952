"""Shared helpers of the cleaning tests: empty villages, photos, rows."""

from __future__ import annotations

import datetime
import io
import itertools
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from PIL import Image

from renju.regions.choices import Level
from renju.regions.models import Region

from ..choices import ItemKind
from ..models import Cleaner, Finding, Inspection, ScoreItem, WagePayment

_n = itertools.count(1)


def empty_town(county_code: str = "371522") -> tuple[Region, list[Region]]:
    """A town of ``county_code`` none of whose villages has any cleaning rows (demo or test)."""
    used = set(Inspection.objects.values_list("town_id", flat=True)) | set(
        Cleaner.objects.values_list("town_id", flat=True)
    )
    used |= set(Finding.objects.values_list("town_id", flat=True))
    used |= set(WagePayment.objects.values_list("town_id", flat=True))
    for town in (
        Region.objects.current()
        .filter(parent__code=county_code, level=Level.TOWN)
        .exclude(pk__in=used)
        .order_by("-code")
    ):
        villages = list(
            Region.objects.current().filter(parent=town, level=Level.VILLAGE).order_by("code")
        )
        if len(villages) >= 2:
            return town, villages
    raise AssertionError("no empty town left")


def png(name: str = "p.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def city_item(kind: str = ItemKind.HEAP) -> ScoreItem:
    """An item of the city's default sheet (installed by the demo) of ``kind``."""
    item = ScoreItem.objects.filter(region__code="3715", kind=kind, is_active=True).first()
    assert item is not None
    return item


def inspection(village: Region, day: datetime.date, score: str) -> Inspection:
    row = Inspection(
        code=f"T-XJ-{next(_n)}",
        region=village,
        inspected_on=day,
        inspector_name="测试",
        score=Decimal(score),
    )
    row.save()
    return row


def cleaner(village: Region, active: bool = True) -> Cleaner:
    row = Cleaner(
        code=f"T-CLR-{next(_n)}",
        region=village,
        name="张保洁",
        contract_start=datetime.date(2025, 1, 1),
        monthly_wage=Decimal("1500"),
        is_active=active,
    )
    row.save()
    return row


def wage(
    row: Cleaner, month: datetime.date, due: datetime.date, paid: datetime.date | None
) -> WagePayment:
    payment = WagePayment(
        code=f"T-WAGE-{next(_n)}",
        cleaner=row,
        region=row.region,
        month=month,
        amount=Decimal("1500"),
        due_on=due,
        paid_on=paid,
    )
    payment.save()
    return payment


def no_rows(village: Region) -> bool:
    return not Inspection.objects.filter(Q(village=village)).exists()
