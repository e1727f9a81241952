from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "renju.regions"
    label = "regions"
    verbose_name = _("Regions")

    def ready(self) -> None:
        from renju.core import generations

        from .models import REGIONS, Region

        generations.watch(REGIONS, Region)
