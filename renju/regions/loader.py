"""Loading the real region tree (and boundaries, zones) from the shipped extract.

Idempotent: a unit whose code exists (current) is updated in place when its name or kind
changed, new units are created parents first; every created or changed unit is audited.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from renju.core import audit
from renju.core.models.audit import AuditAction

from .choices import ANCESTOR_FIELD, Level
from .models import DevelopmentZone, Region

DATA_DIR = settings.BASE_DIR / "data"
LEVELS = {
    "province": Level.PROVINCE,
    "city": Level.CITY,
    "county": Level.COUNTY,
    "town": Level.TOWN,
    "village": Level.VILLAGE,
}


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    boundaries: int = 0
    zones: int = 0


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as handle:
            raw = handle.read()
    else:
        raw = path.read_bytes()
    yield from csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))


def _ancestors(region: Region, parent: Region | None) -> None:
    for field in ANCESTOR_FIELD.values():
        setattr(region, f"{field}_id", getattr(parent, f"{field}_id") if parent else None)


def load_tree(path: Path) -> LoadResult:
    """Create or update every unit in ``path`` (columns code,name,level,parent_code,kind)."""
    rows = sorted(read_csv(path), key=lambda r: (LEVELS[r["level"]], r["code"]))
    result = LoadResult()
    existing = {r.code: r for r in Region.objects.current()}
    with transaction.atomic():
        for level in sorted({LEVELS[r["level"]] for r in rows}):
            batch = [r for r in rows if LEVELS[r["level"]] == level]
            creates, events = [], []
            for row in batch:
                parent = existing.get(row["parent_code"])
                current = existing.get(row["code"])
                if current is not None:
                    if (current.name, current.kind) != (row["name"], row["kind"]):
                        before = audit.snapshot(current)
                        current.name, current.kind = row["name"], row["kind"]
                        current.save()
                        events.append(
                            audit.build(
                                AuditAction.UPDATE,
                                current,
                                changes=audit.diff(before, audit.snapshot(current)),
                            )
                        )
                        result.updated += 1
                    continue
                region = Region(
                    code=row["code"], name=row["name"], level=level, kind=row["kind"], parent=parent
                )
                _ancestors(region, parent)
                creates.append(region)
            Region.objects.bulk_create(creates, batch_size=2000)
            own = ANCESTOR_FIELD.get(Level(level))
            if own:
                for region in creates:
                    setattr(region, f"{own}_id", region.pk)
                Region.objects.bulk_update(creates, [f"{own}"], batch_size=2000)
            for region in creates:
                existing[region.code] = region
                events.append(
                    audit.build(
                        AuditAction.CREATE,
                        region,
                        changes={"code": [None, region.code], "name": [None, region.name]},
                    )
                )
            audit.record_many(events)
            result.created += len(creates)
    return result


def load_boundaries(path: Path) -> int:
    """Set the boundary of each unit named in a GeoJSON FeatureCollection (by ``code``)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    count = 0
    with transaction.atomic():
        for feature in data["features"]:
            code = str(feature["properties"]["code"])
            geometry = json.dumps(feature["geometry"], separators=(",", ":"))
            region = Region.objects.current().filter(code=code).first()
            if region is None or region.boundary == geometry:
                continue
            region.boundary = geometry
            region.save(update_fields=["boundary"])
            audit.record(AuditAction.UPDATE, region, changes={"boundary": ["…", "GeoJSON"]})
            count += 1
    return count


def load_zones(path: Path, city_code: str) -> int:
    """Create the development zones and point their towns to them."""
    city = Region.objects.current().get(code=city_code)
    count = 0
    with transaction.atomic():
        for row in read_csv(path):
            zone, created = DevelopmentZone.objects.get_or_create(
                code=row["zone_code"],
                defaults={
                    "name": row["zone_name"],
                    "city": city,
                    "source_note": row["source_note"],
                },
            )
            if created:
                audit.record(AuditAction.CREATE, zone, region=city)
                count += 1
            town = Region.objects.current().filter(code=row["town_code"]).first()
            if town is not None and town.zone_id != zone.pk:
                town.zone = zone
                town.save(update_fields=["zone"])
                audit.record(AuditAction.UPDATE, town, changes={"zone_id": [None, zone.pk]})
    return count


def load_all(prefix: str = "3715", data_dir: Path | None = None) -> LoadResult:
    """The tree of ``prefix`` plus, where shipped, its boundaries and development zones."""
    base = Path(data_dir or DATA_DIR)
    tree = base / "regions" / f"{prefix}.csv"
    if not tree.exists():
        tree = base / "regions" / f"{prefix or 'cn'}.csv.gz"
    result = load_tree(tree)
    for name in (f"{prefix}-city.geojson", f"{prefix}-counties.geojson"):
        if (base / "boundaries" / name).exists():
            result.boundaries += load_boundaries(base / "boundaries" / name)
    zones = base / "regions" / f"{prefix}-development-zones.csv"
    if zones.exists():
        result.zones = load_zones(zones, prefix)
    return result
