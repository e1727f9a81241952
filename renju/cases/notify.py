"""Notifications through pluggable backends (database inbox + log by default; SMS later).

``RENJU_NOTIFICATION_BACKENDS`` lists dotted paths of callables ``send(users, case, message)``;
``message`` is a ``Message``: its English text and parameters, read in the language of whoever
reads it (``str(message)`` gives the active language's).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext

log = logging.getLogger("renju.notify")
DEFAULT_BACKENDS = ["renju.cases.notify.database_backend", "renju.cases.notify.log_backend"]
# The longest text the inbox keeps of a message, in the language it was sent in.
MESSAGE_MAX = 300


def _category_name(key: str) -> str:
    from .registry import get_category

    try:
        return str(get_category(key).name)
    except KeyError:  # a category no longer declared: its key
        return key


# Parameters whose stored value is a key read in the reader's language (the rest are shown as
# stored: case numbers, what a person typed).
PARAMETER_READERS: dict[str, Callable[[str], str]] = {"category": _category_name}


@dataclass(frozen=True)
class Message:
    """A notification's text as its English msgid (marked with ``gettext_noop``) and its
    parameters, so each reader reads it in her own language, whenever she reads it."""

    template: str
    params: Mapping[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return render(self.template, self.params)


def render(template: str, params: Mapping[str, Any]) -> str:
    """``template`` in the active language with ``params`` put in (keys read by their reader)."""
    shown = {k: PARAMETER_READERS.get(k, str)(v) for k, v in params.items()}
    return gettext(template) % shown


def database_backend(users: list[Any], case: Any, message: Message) -> None:
    from .models import Notification

    text = str(message)[:MESSAGE_MAX]
    Notification.objects.bulk_create(
        [
            Notification(
                user=user,
                case=case,
                message=text,
                template=message.template,
                params=dict(message.params),
            )
            for user in users
        ]
    )
    inbox_changed(user.pk for user in users)


def _inbox_generation(user_id: Any) -> str:
    return f"inbox:{user_id}"


def inbox_changed(user_ids: Iterable[Any]) -> None:
    """Notifications of these users were added, read or deleted: their unread counts start
    again (``core.generations``). Saves and deletes of single notifications call this through
    their signals (``CasesConfig.ready``); the bulk paths call it themselves."""
    from renju.core import generations

    for user_id in set(user_ids):
        generations.bump(_inbox_generation(user_id))


def notification_written(sender: Any, instance: Any, **kwargs: Any) -> None:
    """``post_save`` / ``post_delete`` of a notification."""
    inbox_changed([instance.user_id])


def unread_count(user: Any) -> int:
    """The user's unread notifications (the badge on every page), kept in the cache until her
    inbox changes."""
    from renju.core import generations

    from .models import Notification

    return generations.cached(
        _inbox_generation(user.pk),
        f"unread:{user.pk}",
        Notification.objects.filter(user=user, read_at__isnull=True).count,
        timeout=3600,
    )


def log_backend(users: list[Any], case: Any, message: Message) -> None:
    log.info("notify %s about %s: %s", [u.username for u in users], case, message)


def notify(users: Iterable[Any], case: Any, message: Message) -> None:
    recipients = list({u.pk: u for u in users if u is not None and u.is_active}.values())
    if not recipients:
        return
    for path in getattr(settings, "RENJU_NOTIFICATION_BACKENDS", DEFAULT_BACKENDS):
        import_string(path)(recipients, case, message)


def organisation_staff(organisation: Any, roles: Iterable[str]) -> list[Any]:
    """The active users of an organisation holding one of ``roles``."""
    from renju.accounts.models import User

    if organisation is None:
        return []
    return list(
        User.objects.filter(
            organisation=organisation, is_active=True, grants__role__in=list(roles)
        ).distinct()
    )


def region_officials(region_id: int | None, roles: Iterable[str]) -> list[Any]:
    """Users granted exactly at ``region_id`` with one of ``roles`` (town or county officials):
    not a company's people, whose grant there only bounds their service areas (a pump-out
    company's dispatcher was told of the towns' overdue waste cases)."""
    from renju.accounts.choices import SERVICE_AREA_KINDS
    from renju.accounts.models import User

    if region_id is None:
        return []
    return list(
        User.objects.filter(
            is_active=True, grants__region_id=region_id, grants__role__in=list(roles)
        )
        .exclude(organisation__kind__in=sorted(SERVICE_AREA_KINDS))
        .distinct()
    )
