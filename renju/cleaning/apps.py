"""Village cleaning (S3, S15): inspections and findings, campaigns, town rules and village
standards, cleaners and wages, cleaning contracts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CleaningConfig(AppConfig):
    name = "renju.cleaning"
    label = "cleaning"
    verbose_name = _("Village cleaning")

    def ready(self) -> None:
        from renju.core.navigation import NavLink, register_nav

        from . import ledgers  # noqa: F401  (register the ledgers)
        from .inspections import may_start_inspection

        for order, (label, url_name, icon, visible) in enumerate(
            [
                (
                    _("Cleanliness inspection"),
                    "cleaning:inspect",
                    "clipboard-check",
                    may_start_inspection,
                ),
                (_("Cleanliness scores"), "cleaning:scores", "bar-chart", None),
                (_("Cleaners and wages"), "cleaning:staffing", "people", None),
                (_("Rules and standards"), "cleaning:documents", "file-earmark-text", None),
                (_("Clean-up campaigns"), "cleaning:campaigns", "megaphone", None),
            ]
        ):
            register_nav(NavLink(self.label, label, url_name, icon, order, visible))
