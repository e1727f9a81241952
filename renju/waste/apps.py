"""The waste chain (户集、村收、镇运、县处理), sorting and resource use (S8, S9)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WasteConfig(AppConfig):
    name = "renju.waste"
    label = "waste"
    verbose_name = _("Waste")

    def ready(self) -> None:
        from renju.core.navigation import NavLink, register_nav

        from . import ledgers, record_views  # noqa: F401  (the ledgers; the export job)
        from .vines import register_case_hooks

        register_case_hooks()

        register_nav(NavLink(self.label, _("Waste chain"), "waste:chain", "diagram-3", 0))
        register_nav(NavLink(self.label, _("Crop-vine points"), "waste:vines", "flower1", 1))
        register_nav(
            NavLink(
                self.label,
                _("Record a collection"),
                "waste:collection-new",
                "phone",
                2,
                record_views.may_record,
            )
        )
        register_nav(NavLink(self.label, _("Collection records"), "waste:collections", "truck", 3))
        register_nav(
            NavLink(self.label, _("Weighbridge tickets"), "waste:transfers", "truck-flatbed", 4)
        )
