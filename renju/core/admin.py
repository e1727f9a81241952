"""Admin for every ledger: scoped querysets, writes through the audited actions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from renju.core import actions
from renju.core.ledgers.registry import ledgers
from renju.core.models import AuditEvent, Job


class LedgerAdmin(admin.ModelAdmin):
    """Superusers' maintenance view of a ledger; every save and delete is audited."""

    list_select_related = ("region",)
    raw_id_fields = ("region",)
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> Any:
        return self.model._default_manager.restrict(request.user, "view")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.save_object(request.user, obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        actions.delete_object(request.user, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            actions.delete_object(request.user, obj)


for ledger in ledgers():
    admin.site.register(
        ledger.model,
        type(
            f"{ledger.model.__name__}Admin",
            (LedgerAdmin,),
            {
                "list_display": ledger.list_columns,
                "search_fields": ["code"],
                "list_filter": ledger.filters,
            },
        ),
    )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("time", "actor_label", "channel", "action", "object_type", "object_repr")
    list_filter = ("channel", "action")
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "title", "user", "status")
    list_filter = ("kind", "status")
