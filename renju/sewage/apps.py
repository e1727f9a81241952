from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SewageConfig(AppConfig):
    name = "renju.sewage"
    label = "sewage"
    verbose_name = _("Sewage")

    def ready(self) -> None:
        from renju.cases.hooks import on_transition
        from renju.core import sludge
        from renju.core.navigation import NavLink, register_nav

        from . import cases, indicators, ledgers  # noqa: F401  (register categories, ledgers)
        from .actions import FAULT_CASE_STEPS, fault_case_step, receive_sludge, sludge_choices

        # A fault case's resolution, confirmation and closing act on its facility.
        on_transition(cases.FAULT.key, fault_case_step, kinds=FAULT_CASE_STEPS)
        # Pump-out crews name the plant that took the sludge (joint toilet-sewage governance).
        sludge.register(
            sludge.SludgeReceiver(key=self.label, choices=sludge_choices, record=receive_sludge)
        )

        for order, (label, url_name, icon) in enumerate(
            [
                (_("Sewage treatment overview"), "sewage:overview", "water"),
                (_("Untreated villages by priority"), "sewage:priorities", "sort-down"),
                (_("Yellow River mainline villages"), "sewage:yellow-river", "geo-alt"),
                (_("Discharge limits"), "sewage:limits", "rulers"),
                (_("Mode parameters"), "sewage:parameters", "sliders"),
            ]
        ):
            register_nav(NavLink(self.label, label, url_name, icon, order))
