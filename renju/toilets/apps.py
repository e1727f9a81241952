from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToiletsConfig(AppConfig):
    name = "renju.toilets"
    label = "toilets"
    verbose_name = _("Toilets")

    def ready(self) -> None:
        from renju.core.masking import mask_phone, register_masks
        from renju.core.navigation import NavLink, register_nav

        from . import labels, ledgers  # noqa: F401  (register the label job and the ledgers)

        register_masks("toilets.toiletreport", {"phone": mask_phone})

        for order, (label, url_name, icon) in enumerate(
            [
                (_("Problem toilets"), "toilets:problems", "exclamation-triangle"),
                (_("Retrofits"), "toilets:retrofits", "tools"),
                (_("Service supervision"), "toilets:supervision", "clipboard-data"),
                (_("QR labels"), "toilets:labels", "qr-code"),
            ]
        ):
            register_nav(NavLink(self.label, label, url_name, icon, order))
