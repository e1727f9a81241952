from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "renju.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        import importlib

        from django.apps import apps

        # Each domain app declares its case categories in its own cases.py.
        for config in apps.get_app_configs():
            if config.name.startswith("renju.") and config.name != self.name:
                try:
                    importlib.import_module(f"{config.name}.cases")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.cases":
                        raise
        from renju.core.masking import mask_name, mask_phone, register_masks

        # The reporter is a villager: her name and phone masked in the audit log.
        register_masks("cases.case", {"reporter_name": mask_name, "reporter_phone": mask_phone})

        from django.db.models.signals import post_delete, post_save

        from .models import Notification
        from .notify import notification_written

        for signal in (post_save, post_delete):
            signal.connect(notification_written, sender=Notification, dispatch_uid="renju.inbox")
