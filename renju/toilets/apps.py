from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToiletsConfig(AppConfig):
    name = "renju.toilets"
    label = "toilets"
    verbose_name = _("Toilets")

    def ready(self) -> None:
        from . import ledgers  # noqa: F401  (registers the toilet ledgers)
