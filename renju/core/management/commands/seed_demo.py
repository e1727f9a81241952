"""renju seed-demo --scale S: the simulated demo city on the real region tree."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from renju.core.audit import audit_context
from renju.core.demo import DemoContext, steps
from renju.core.models.audit import Channel
from renju.regions.models import Region


class Command(BaseCommand):
    help = "Generate the simulated demo city (deterministic). Scale 1 ≈ one million households."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", type=float, default=0.1, help="1 = the real city's size")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--city", default=settings.RENJU_ROOT_REGION)

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if not 0 < scale <= 5:
            raise CommandError("--scale must be in (0, 5]")
        if not Region.objects.current().filter(code=options["city"]).exists():
            raise CommandError(
                f"region {options['city']} is not loaded: run `renju load_regions` first"
            )
        ctx = DemoContext(
            scale=scale,
            seed=options["seed"],
            city_code=options["city"],
            log=lambda m: self.stdout.write(m),
            data={},
        )
        started = time.monotonic()
        with audit_context(channel=Channel.COMMAND):
            for step in steps():
                t0 = time.monotonic()
                step.run(ctx)
                self.stdout.write(f"  [{step.name}] {time.monotonic() - t0:.1f}s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner needs the new tables' statistics
        self.stdout.write(
            self.style.SUCCESS(f"demo city ready in {time.monotonic() - started:.1f}s")
        )
        logins = ctx.data.get("logins", [])
        if logins:
            from renju.accounts.demo import demo_password

            self.stdout.write(f"demo logins (password: {demo_password()}):")
            for login in logins:
                self.stdout.write(
                    f"  {login.username:<20} {login.role:<13} {login.level:<8} {login.name}"
                )
