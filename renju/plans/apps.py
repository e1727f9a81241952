from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "renju.plans"
    label = "plans"
    verbose_name = _("Plans and projects")

    def ready(self) -> None:
        from renju.core.navigation import NavLink, register_nav
        from renju.indicators.registry import register_weak_link_provider

        from .weak_links import projects_addressing

        register_weak_link_provider(projects_addressing)

        from . import ledgers  # noqa: F401  (registers the project ledger)

        for order, (label, url_name, icon) in enumerate(
            [
                (_("County plans"), "plans:list", "journal-check"),
                (_("Funds"), "plans:funds", "cash-coin"),
                (_("Responsibility matrix"), "plans:matrix", "grid-3x3"),
            ]
        ):
            register_nav(NavLink(self.label, label, url_name, icon, order))
