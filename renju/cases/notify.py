"""Notifications through pluggable backends (database inbox + log by default; SMS later).

``RENJU_NOTIFICATION_BACKENDS`` lists dotted paths of callables ``send(users, case, message)``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("renju.notify")
DEFAULT_BACKENDS = ["renju.cases.notify.database_backend", "renju.cases.notify.log_backend"]


def database_backend(users: list[Any], case: Any, message: str) -> None:
    from .models import Notification

    Notification.objects.bulk_create(
        [Notification(user=user, case=case, message=message[:300]) for user in users]
    )


def log_backend(users: list[Any], case: Any, message: str) -> None:
    log.info("notify %s about %s: %s", [u.username for u in users], case, message)


def notify(users: Iterable[Any], case: Any, message: str) -> None:
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
