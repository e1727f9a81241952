"""renju recompute_indicators: refresh the kept indicator values now."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from renju.core.audit import audit_context
from renju.indicators import engine


class Command(BaseCommand):
    help = "Recompute the current month's, quarter's and year's indicator values."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--city", default=settings.RENJU_ROOT_REGION)

    def handle(self, *args: Any, **options: Any) -> None:
        with audit_context(channel="command"):
            timings = engine.recompute(options["city"])
        for key, seconds in timings.items():
            self.stdout.write(f"{key:<40} {seconds:.2f}s")
