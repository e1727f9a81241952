"""Applying a merge, split or rename of units: the tree gets new versions, ledgers follow.

The old units keep their rows (``valid_to`` set), so everything recorded under them (audit
events, kept indicator values) stays readable under the old name; current ledger rows, the
units' children, organisations seated there and role grants move to the new units. Every moved
row gets an audit event of action "move".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.utils.translation import gettext as _

from renju.core import audit
from renju.core.models.audit import AuditAction

from .choices import ANCESTOR_FIELD, ChangeKind, Level
from .models import Region, RegionChange


class RegionChangeError(ValueError):
    pass


@dataclass
class NewUnit:
    code: str
    name: str
    # For a split: the codes of the old unit's children (hamlets / villages) that go to this one.
    children: list[str] = field(default_factory=list)


def _scoped_models() -> list[Any]:
    """Every model with a ``region`` FK and ancestor columns (ledgers, organisations)."""
    out = []
    skip = {"regions.region", "core.auditevent"}
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if {"region", "county", "town", "village"} <= names and model._meta.label_lower not in skip:
            out.append(model)
    return out


def _new_region(
    old: Region, unit: NewUnit, date: datetime.date, figures: dict[str, int | None] | None = None
) -> Region:
    """The new version of ``old`` as ``unit``, with ``old``'s attributes; its own counts
    (``FIGURES``) as ``figures`` says where they are not ``old``'s (a merge, a split)."""
    if Region.objects.current().filter(code=unit.code).exclude(pk=old.pk).exists():
        raise RegionChangeError(f"code {unit.code} is already a current unit")
    region = Region(
        code=unit.code,
        name=unit.name,
        level=old.level,
        kind=old.kind,
        parent=old.parent,
        valid_from=date,
        **{name: getattr(old, name) for name in FIGURES} | (figures or {}),
        location_class=old.location_class,
        yellow_river=old.yellow_river,
        latitude=old.latitude,
        longitude=old.longitude,
        attributes_simulated=old.attributes_simulated,
        zone=old.zone,
        boundary=old.boundary,
    )
    region.save()
    audit.record(
        AuditAction.CREATE,
        region,
        changes={"code": [None, region.code], "name": [None, region.name]},
    )
    return region


def _retire(old: Region, date: datetime.date) -> None:
    old.valid_to = date
    old.save(update_fields=["valid_to"])
    audit.record(AuditAction.UPDATE, old, changes={"valid_to": [None, date.isoformat()]})


def _set_ancestors(obj: Any, region: Region) -> None:
    obj.city_id, obj.county_id = region.city_id, region.county_id
    obj.town_id, obj.village_id = region.town_id, region.village_id


def _unique_with_region(model: Any) -> list[tuple[str, ...]]:
    """The field sets (with ``region``) that must be unique among rows of ``model``."""
    return [
        tuple(c.fields)
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.condition is None and "region" in c.fields
    ]


def _split_duplicates(model: Any, rows: list[Any], target: Region) -> tuple[list[Any], list[Any]]:
    """The rows that can move to ``target``, and those that would duplicate a row there.

    Two merged units may each hold "the same" row (one company serving both for one service);
    the first keeps moving, the others stay on their retired unit as its history.
    """
    sets = _unique_with_region(model)
    if not sets:
        return rows, []

    def key(obj: Any, fields: tuple[str, ...]) -> tuple[Any, ...]:
        return tuple(
            target.pk if f == "region" else getattr(obj, model._meta.get_field(f).attname)
            for f in fields
        )

    present = list(model._default_manager.filter(region_id=target.pk))
    taken = {fields: {key(obj, fields) for obj in present} for fields in sets}
    moving, staying = [], []
    for obj in rows:
        if any(key(obj, fields) in taken[fields] for fields in sets):
            staying.append(obj)
            continue
        for fields in sets:
            taken[fields].add(key(obj, fields))
        moving.append(obj)
    return moving, staying


def _move_located(model: Any, old: Region, target: Region) -> int:
    """Rows located exactly in ``old`` now sit in ``target`` (unless one like it is there)."""
    located = list(model._default_manager.filter(region_id=old.pk).order_by("pk"))
    rows, staying = _split_duplicates(model, located, target)
    audit.record_many(
        audit.build(
            AuditAction.UPDATE,
            obj,
            # In the system's language (a command has no reader's): the log shows it as kept.
            note=_("not moved to %(to)s: the same row exists there; kept on %(on)s")
            % {"to": target.code, "on": old.code},
        )
        for obj in staying
    )
    for obj in rows:
        obj.region = target
        _set_ancestors(obj, target)
    model._default_manager.bulk_update(
        rows, ["region", "city", "county", "town", "village"], batch_size=2000
    )
    audit.record_many(
        audit.build(AuditAction.MOVE, obj, changes={"region_id": [old.pk, target.pk]})
        for obj in rows
    )
    return len(rows)


def _rederive_under(model: Any, old: Region) -> int:
    """Rows located under ``old`` (in a child that moved) take their region's new ancestors."""
    field_name = ANCESTOR_FIELD.get(Level(old.level))
    if field_name is None:
        return 0
    rows = list(
        model._default_manager.filter(**{f"{field_name}_id": old.pk}).exclude(region_id=old.pk)
    )
    regions = Region.objects.in_bulk({obj.region_id for obj in rows})
    events = []
    for obj in rows:
        before = [obj.town_id, obj.village_id]
        _set_ancestors(obj, regions[obj.region_id])
        events.append(
            audit.build(
                AuditAction.MOVE,
                obj,
                changes={"town_id,village_id": [before, [obj.town_id, obj.village_id]]},
            )
        )
    model._default_manager.bulk_update(rows, ["city", "county", "town", "village"], batch_size=2000)
    audit.record_many(events)
    return len(rows)


def _reparent(children: Iterable[Region], target: Region) -> list[Region]:
    moved = []
    for child in children:
        before = child.parent_id
        child.parent = target
        child.save()
        moved.append(child)
        audit.record(AuditAction.MOVE, child, changes={"parent_id": [before, target.pk]})
        # grandchildren (hamlets of a moved village, villages of a moved town) follow
        _reparent(list(Region.objects.current().filter(parent=child)), child)
    return moved


def _follow(old: Region, target: Region) -> int:
    """Ledger rows, organisations and role grants of ``old`` (and its subtree) follow."""
    from renju.accounts.models import RoleGrant

    moved = 0
    for model in _scoped_models():
        moved += _move_located(model, old, target)
        moved += _rederive_under(model, old)
    for grant in RoleGrant.objects.filter(region=old):
        if RoleGrant.objects.filter(user_id=grant.user_id, role=grant.role, region=target).exists():
            # The user held this role in two merged units: one grant on the new unit is enough.
            audit.record(
                AuditAction.DELETE,
                grant,
                region=old,
                changes={"region_id": [old.pk, None]},
                note=_("the same grant exists on %(code)s") % {"code": target.code},
            )
            grant.delete()
            continue
        grant.region = target
        grant.save(update_fields=["region"])
        audit.record(
            AuditAction.MOVE, grant, region=target, changes={"region_id": [old.pk, target.pk]}
        )
    return moved


@transaction.atomic
def rename(
    old: Region, new_name: str, date: datetime.date, new_code: str = "", note: str = ""
) -> RegionChange:
    """A unit renamed (and possibly recoded): one new version, everything follows."""
    _check_current(old)
    code = new_code or old.code
    _retire(old, date)
    target = _new_region(old, NewUnit(code, new_name), date)
    _reparent(list(Region.objects.current().filter(parent=old)), target)
    _follow(old, target)
    return _record(ChangeKind.RENAME, date, [old], [target], note)


@transaction.atomic
def merge(
    sources: list[Region], unit: NewUnit, date: datetime.date, note: str = ""
) -> RegionChange:
    """Several units of one level become one (new code, or the code of one of them)."""
    if len(sources) < 2:
        raise RegionChangeError("a merge needs at least two units")
    levels = {s.level for s in sources}
    if len(levels) != 1:
        raise RegionChangeError("merged units must be of one level")
    for source in sources:
        _check_current(source)
    for source in sources:
        _retire(source, date)
    target = _new_region(sources[0], unit, date, {name: _sum(sources, name) for name in FIGURES})
    for source in sources:
        _reparent(list(Region.objects.current().filter(parent=source)), target)
        _follow(source, target)
    return _record(ChangeKind.MERGE, date, sources, [target], note)


# A unit's own counts (village attributes): a merged unit has the sum of its sources'; a split
# one's are not known until counted (each new unit kept the whole old figure, counted twice).
FIGURES = ("registered_population", "resident_population", "household_count")


def _sum(sources: list[Region], name: str) -> int | None:
    values = [getattr(s, name) for s in sources if getattr(s, name) is not None]
    return sum(values) if values else None


@transaction.atomic
def split(
    source: Region, units: list[NewUnit], date: datetime.date, note: str = ""
) -> RegionChange:
    """One unit becomes several; its children go where ``units`` say, rows sitting on the unit
    itself go to the first new unit."""
    if len(units) < 2:
        raise RegionChangeError("a split needs at least two new units")
    _check_current(source)
    children = {c.code: c for c in Region.objects.current().filter(parent=source)}
    claimed = [code for unit in units for code in unit.children]
    unknown = set(claimed) - set(children)
    if unknown or len(claimed) != len(set(claimed)):
        raise RegionChangeError(
            f"children not under {source.code} or given twice: {sorted(unknown)}"
        )
    _retire(source, date)
    targets = [_new_region(source, unit, date, dict.fromkeys(FIGURES)) for unit in units]
    for unit, target in zip(units, targets, strict=True):
        _reparent([children[c] for c in unit.children], target)
    rest = [c for code, c in children.items() if code not in claimed]
    _reparent(rest, targets[0])
    _follow(source, targets[0])
    return _record(ChangeKind.SPLIT, date, [source], targets, note)


def _check_current(region: Region) -> None:
    if region.valid_to is not None:
        raise RegionChangeError(f"{region.code} {region.name} is no longer current")


def _record(
    kind: str, date: datetime.date, sources: list[Region], targets: list[Region], note: str
) -> RegionChange:
    change = RegionChange.objects.create(kind=kind, effective_date=date, note=note)
    change.sources.set(sources)
    change.targets.set(targets)
    audit.record(
        AuditAction.CREATE,
        change,
        region=targets[0],
        changes={
            "sources": [None, [s.code for s in sources]],
            "targets": [None, [t.code for t in targets]],
        },
    )
    return change
