"""The waste chain (户集、村收、镇运、县处理), sorting and resource use (S8, S9)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WasteConfig(AppConfig):
    name = "renju.waste"
    label = "waste"
    verbose_name = _("Waste")

    def ready(self) -> None:
        from renju.core.navigation import NavLink, register_nav

        from . import ledgers  # noqa: F401  (registers the ledgers)

        register_nav(NavLink(self.label, _("Waste chain"), "waste:chain", "diagram-3", 0))
        register_nav(NavLink(self.label, _("Crop-vine points"), "waste:vines", "flower1", 1))
