"""How a request's user is read from her session."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from renju.core import generations

from .scope import grants_of, is_company_user, service_areas

# The generation of what a signed-in user is made of: her row, her organisation, her grants
# and their regions, her company's service areas (``AccountsConfig.ready`` names the models).
ACCOUNTS = "accounts"


class UserWithOrganisationBackend(ModelBackend):
    """Django's model backend, reading the session's user from the principal cache."""

    def get_user(self, user_id: Any) -> Any:
        user = signed_in_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def signed_in_user(user_id: Any) -> Any:
    """The user with ``user_id`` with her organisation, grants and service areas loaded.

    Every signed-in page needs all of them (the scope of every list, the menus, the badges):
    three statements that cost more to build than to run. They are kept in the cache between
    requests under the accounts generation (``core.generations``), which any write to those
    rows replaces, so a revoked grant or a deactivated user counts from the next request on.
    Each request gets its own copy (the cache unpickles one), so what a request caches on its
    user stays with it.
    """
    return generations.cached(
        ACCOUNTS,
        f"principal:{user_id}",
        lambda: _read_user(user_id),
        timeout=settings.RENJU_PRINCIPAL_CACHE_SECONDS,
    )


def _read_user(user_id: Any) -> Any:
    users = get_user_model()._default_manager.select_related("organisation")
    user = users.filter(pk=user_id).first()
    if user is not None:
        grants_of(user)
        if is_company_user(user):
            service_areas(user)
    return user
