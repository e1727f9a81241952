"""renju analyze_db: refresh the planner's statistics (after large loads such as the demo)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Run ANALYZE so the query planner knows the tables' sizes and value spreads."

    def handle(self, *args: Any, **options: Any) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write("statistics refreshed")
