"""Black-odorous water bodies (S12): ledger, samples, classification, the dynamic list."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WaterConfig(AppConfig):
    name = "renju.water"
    label = "water"
    verbose_name = _("Water bodies")

    def ready(self) -> None:
        from renju.core.navigation import NavLink, register_nav

        from . import ledgers  # noqa: F401  (registers the ledgers)

        register_nav(NavLink(self.label, _("Black-odorous water list"), "water:list", "water", 0))
