"""Admin for Open311 API keys: the key is shown once, when it is issued."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Issue and deactivate keys; the raw key appears in a message after saving a new one."""

    list_display = ("name", "organisation", "prefix", "is_active", "created_at", "last_used_at")
    list_filter = ("is_active",)
    search_fields = ("name", "prefix", "organisation__name")
    raw_id_fields = ("organisation",)
    readonly_fields = ("prefix", "created_at", "last_used_at")
    fields = ("name", "organisation", "is_active", "prefix", "created_at", "last_used_at")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        raw = None if change else obj.set_new_key()
        super().save_model(request, obj, form, change)
        if raw is not None:
            messages.warning(
                request,
                _("New API key (copy it now: it will not be shown again): %(key)s") % {"key": raw},
            )
