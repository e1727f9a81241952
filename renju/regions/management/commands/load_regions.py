"""renju load_regions [--prefix 3715]: load the real region tree, boundaries and zones."""

from typing import Any

from django.core.management.base import BaseCommand

from renju.core.audit import audit_context
from renju.core.models.audit import Channel
from renju.regions.loader import load_all


class Command(BaseCommand):
    help = "Load the NBS 2023 region tree (and boundaries, development zones) from data/."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--prefix", default="3715", help="3715 = Liaocheng, 37 = Shandong")

    def handle(self, *args: Any, **options: Any) -> None:
        with audit_context(channel=Channel.COMMAND):
            result = load_all(options["prefix"])
        self.stdout.write(
            f"regions: {result.created} created, {result.updated} updated; "
            f"boundaries: {result.boundaries}; zones: {result.zones}"
        )
