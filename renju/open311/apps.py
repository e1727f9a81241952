"""Open311 GeoReport v2: toilet problems reported by third-party apps."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Open311Config(AppConfig):
    name = "renju.open311"
    label = "open311"
    verbose_name = _("Open311")
