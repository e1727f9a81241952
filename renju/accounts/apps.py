from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "renju.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from renju.core import generations
        from renju.regions.models import Region

        from . import ledgers  # noqa: F401  (registers the service-area ledger)
        from .backends import ACCOUNTS
        from .models import Organisation, RoleGrant, ServiceArea, User

        generations.watch(ACCOUNTS, User, RoleGrant, Organisation, ServiceArea, Region)
