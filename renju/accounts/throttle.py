"""Sign-in throttling: after repeated failures, a username or address waits out the window."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from renju.core import counters


def _keys(username: str, address: str) -> list[str]:
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:24]
    return [f"renju:login:user:{digest}", f"renju:login:addr:{address}"]


def _limits() -> list[int]:
    # An address is shared by many people behind a government proxy or NAT: it gets a higher
    # limit than one username, so one person's typos do not lock the whole office out.
    return [settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS]


def client_address(request: HttpRequest) -> str:
    """The client's address; behind the configured proxy, the first X-Forwarded-For hop."""
    if settings.RENJU_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def is_locked(username: str, address: str) -> bool:
    return any(
        counters.count(key) >= limit
        for key, limit in zip(_keys(username, address), _limits(), strict=True)
    )


def record_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        counters.hit(key, int(settings.LOGIN_FAILURE_WINDOW))


def reset(username: str, address: str) -> None:
    cache.delete_many(_keys(username, address))
