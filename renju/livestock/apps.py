"""Livestock (S3): farms, household livestock, manure produced and utilised, dead animals."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivestockConfig(AppConfig):
    name = "renju.livestock"
    label = "livestock"
    verbose_name = _("Livestock")

    def ready(self) -> None:
        from renju.core.navigation import NavLink, register_nav

        from . import ledgers  # noqa: F401  (registers the ledgers)

        register_nav(
            NavLink(self.label, _("Manure utilisation"), "livestock:summary", "bar-chart", 0)
        )
        register_nav(
            NavLink(self.label, _("Manure coefficients"), "livestock:coefficients", "calculator", 1)
        )
