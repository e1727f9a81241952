"""renju region_change: record a merge, split or rename of units (ledgers follow).

renju region_change rename 371502100201 --name 新名村 --date 2026-01-01
renju region_change merge 371502100201 371502100202 --code 371502100201 --name 合并村 --date ...
renju region_change split 371502100201 --into 371502100290:东村:HAMLETS --into ... --date ...
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from renju.core.audit import audit_context
from renju.core.models.audit import Channel
from renju.regions import changes
from renju.regions.models import Region


class Command(BaseCommand):
    help = "Record a merge, split or rename of region units; ledgers move to the new units."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=["rename", "merge", "split"])
        parser.add_argument("codes", nargs="+", help="the unit(s) that change")
        parser.add_argument("--date", required=True, type=datetime.date.fromisoformat)
        parser.add_argument("--name", default="", help="new name (rename, merge)")
        parser.add_argument("--code", default="", help="new code (merge; rename when recoded)")
        parser.add_argument(
            "--into",
            action="append",
            default=[],
            help="split target CODE:NAME[:CHILD,CHILD...] (repeat)",
        )
        parser.add_argument("--note", default="")

    def handle(self, *args: Any, **o: Any) -> None:
        regions = []
        for code in o["codes"]:
            region = Region.objects.current().filter(code=code).first()
            if region is None:
                raise CommandError(f"no current unit with code {code}")
            regions.append(region)
        try:
            with audit_context(channel=Channel.COMMAND):
                change = self._apply(o, regions)
        except changes.RegionChangeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{change}: {[r.code for r in change.sources.all()]} → "
            f"{[r.code for r in change.targets.all()]}"
        )

    def _apply(self, o: dict[str, Any], regions: list[Region]) -> Any:
        if o["kind"] == "rename":
            if not o["name"]:
                raise CommandError("--name is required")
            return changes.rename(regions[0], o["name"], o["date"], o["code"], o["note"])
        if o["kind"] == "merge":
            if not (o["name"] and o["code"]):
                raise CommandError("--name and --code are required")
            return changes.merge(
                regions, changes.NewUnit(o["code"], o["name"]), o["date"], o["note"]
            )
        units = []
        for spec in o["into"]:
            parts = spec.split(":")
            if len(parts) < 2:
                raise CommandError(f"--into {spec}: expected CODE:NAME[:CHILDREN]")
            children = parts[2].split(",") if len(parts) > 2 and parts[2] else []
            units.append(changes.NewUnit(parts[0], parts[1], children))
        return changes.split(regions[0], units, o["date"], o["note"])
