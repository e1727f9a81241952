"""What a sign-in leaves on record, through the page or the API's token: the same events."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from renju.core import audit
from renju.core.models.audit import AuditAction

from . import throttle


def _workplace_of(username: str) -> Any:
    """Where a failed sign-in is filed: the workplace of the user it named, if she exists
    (her administrators see attempts on her account); else nowhere (superusers see it)."""
    from renju.accounts.models import User

    user = User.objects.select_related("organisation__region").filter(username=username).first()
    return audit.workplace(user)


def record_failure(username: str, address: str, *, locked: bool = False) -> None:
    """A failed sign-in (wrong password, or any try while the account or address is locked):
    counted against the name and the address (``throttle``) and on record."""
    throttle.record_failure(username, address)
    audit.record(
        AuditAction.LOGIN_FAILED,
        object_type="accounts.user",
        object_repr=username[:150],
        note=_locked_note(address) if locked else address,
        region=_workplace_of(username),
    )


def _locked_note(address: str) -> str:
    """In the system's language, as the log's other notes (the reader is not known yet)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(address)s (locked)") % {"address": address}


def record_success(user: Any, username: str, address: str) -> None:
    """A sign-in: the failures counted so far forgiven, and on record."""
    throttle.reset(username, address)
    audit.record(AuditAction.LOGIN, user, actor=user)
