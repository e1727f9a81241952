from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "renju.households"
    label = "households"
    verbose_name = _("Households")

    def ready(self) -> None:
        from renju.core import bulk

        from . import ledgers  # noqa: F401  (registers the ledger)
        from .models import Household
        from .tally import sqlite_bulk_insert

        bulk.register_sqlite_guard(Household, sqlite_bulk_insert)
