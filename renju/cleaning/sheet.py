"""The default cleanliness score sheet (S3): the items every village is scored on.

The policy text (section (三) of the city's implementing opinions, cited in :data:`ITEM_SOURCE`)
names what a village must be kept free of: the three heaps (三大堆), the eight disorders (八乱,
which the text spells as four pairs), the weak spots (村头村尾, 房前屋后, 背街小巷, 坑塘, 河道沟渠,
村庄周边, 田间路边), stacking outside the designated zones for firewood and farm machines, and
garbage moved from inside the village to its edge. The policy gives no points; the figures
below are renju's defaults (待核实) until the city sets its own.

Rule: the first time a village of a city is scored (on the inspection page or through
:func:`renju.cleaning.inspections.score_sheet`) and the city has no score-sheet item at all,
these items are created at the city as ordinary ledger rows (not simulated), each with an audit
event and its source. From then on they are data: the city edits the points, names and order or
takes an item out of use in the score-sheet ledger, and a county, town or village adds items of
its own there; nothing here overwrites them. A city that wants none of them takes them out of
use (a used item cannot be deleted) — they are not created again while any item exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renju.core import audit
from renju.core.models.audit import AuditAction
from renju.regions.models import Region

from .choices import ItemKind
from .models import ScoreItem

POLICY = (
    "聊城市《关于学习运用“千万工程”经验深化农村人居环境整治提升的实施意见》（征求意见稿）（三）"
)
# Where the items come from, and that their points do not (kept on every row, ≤ 200 characters).
ITEM_SOURCE = f"{POLICY}；分值为 renju 默认值，待核实"


@dataclass(frozen=True)
class DefaultItem:
    """One item of the default sheet; ``points`` deducted by a finding (renju default, 待核实)."""

    suffix: str
    name: str
    kind: str
    points: Decimal


def _item(suffix: str, name: str, kind: str, points: str) -> DefaultItem:
    return DefaultItem(suffix, name, kind, Decimal(points))


DEFAULT_ITEMS: tuple[DefaultItem, ...] = (
    # 三大堆
    _item("H1", "柴草秸秆堆", ItemKind.HEAP, "5"),
    _item("H2", "生活垃圾堆", ItemKind.HEAP, "5"),
    _item("H3", "畜禽粪便堆", ItemKind.HEAP, "5"),
    # 八乱
    _item("D1", "乱搭乱建", ItemKind.DISORDER, "5"),
    _item("D2", "乱堆乱放", ItemKind.DISORDER, "5"),
    _item("D3", "乱贴乱画", ItemKind.DISORDER, "3"),
    _item("D4", "乱泼乱倒", ItemKind.DISORDER, "4"),
    # 薄弱环节
    _item("W1", "村头村尾", ItemKind.WEAK_SPOT, "6"),
    _item("W2", "房前屋后", ItemKind.WEAK_SPOT, "6"),
    _item("W3", "背街小巷", ItemKind.WEAK_SPOT, "6"),
    _item("W4", "坑塘", ItemKind.WEAK_SPOT, "6"),
    _item("W5", "河道沟渠", ItemKind.WEAK_SPOT, "6"),
    _item("W6", "村庄周边", ItemKind.WEAK_SPOT, "6"),
    _item("W7", "田间路边", ItemKind.WEAK_SPOT, "6"),
    # 有序堆放区
    _item("S1", "柴草、农机有序堆放区", ItemKind.STACKING_ZONE, "6"),
    # 由村内向村周边转移 (its own kind: its own case category and deadline)
    _item("M1", "生活垃圾、建筑垃圾由村内向村周边转移", ItemKind.MOVED_TO_EDGE, "10"),
)


def item_code(city: Region, item: DefaultItem) -> str:
    return f"CL-{city.code}-{item.suffix}"


def _create(city: Region) -> None:
    note = _("default score sheet, created on first use")
    for position, default in enumerate(DEFAULT_ITEMS):
        row = ScoreItem(
            code=item_code(city, default),
            region=city,
            name=default.name,
            kind=default.kind,
            points=default.points,
            position=position,
            source=ITEM_SOURCE,
        )
        row.save()
        audit.record(
            AuditAction.CREATE, row, changes=audit.diff({}, audit.snapshot(row)), note=note
        )


def ensure_default_sheet(city_id: int | None) -> bool:
    """Create the default items at the city when it has no score-sheet item; True if created.

    Safe to call on every use: one EXISTS query when the sheet is there; two first uses at once
    create it once (the other's unique codes clash and it finds the rows).
    """
    if not city_id:
        return False
    if ScoreItem.objects.filter(region_id=city_id).exists():  # scope: an EXISTS over config
        return False
    city = Region.objects.get(pk=city_id)
    try:
        with transaction.atomic():
            _create(city)
    except IntegrityError:  # installed meanwhile by a concurrent first use
        return False
    return True
