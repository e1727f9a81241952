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

        for order, (label, url_name, icon) in enumerate(
            [
                (_("Cleanliness inspection"), "cleaning:inspect", "clipboard-check"),
                (_("Cleanliness scores"), "cleaning:scores", "bar-chart"),
                (_("Cleaners and wages"), "cleaning:staffing", "people"),
                (_("Rules and standards"), "cleaning:documents", "file-earmark-text"),
                (_("Clean-up campaigns"), "cleaning:campaigns", "megaphone"),
            ]
        ):
            register_nav(NavLink(self.label, label, url_name, icon, order))
