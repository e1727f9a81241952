from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "renju.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        import importlib

        from django.apps import apps

        from . import reports  # noqa: F401  (registers the report job for the worker)

        # Each domain app declares its indicators in its own indicators.py.
        for config in apps.get_app_configs():
            if config.name.startswith("renju.") and config.name != self.name:
                try:
                    importlib.import_module(f"{config.name}.indicators")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.indicators":
                        raise
