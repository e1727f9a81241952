"""How a request's user is read from her session."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserWithOrganisationBackend(ModelBackend):
    """Django's model backend, reading the session's user together with her organisation.

    Every signed-in page asks for the organisation (the scope of a company's staff is its
    service areas; the menus and forms name it), so reading both in one query saves a query on
    every request.
    """

    def get_user(self, user_id: Any) -> Any:
        users = get_user_model()._default_manager.select_related("organisation")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
