"""Admin: the responsibility matrix is edited here (city administrators); plans and projects are
read-only in the admin, their writes go through the audited pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from renju.core import audit
from renju.core.models.audit import AuditAction

from .models import CountyPlan, Responsibility


@admin.register(Responsibility)
class ResponsibilityAdmin(admin.ModelAdmin[Responsibility]):
    list_display = ["indicator", "department", "role"]
    list_filter = ["department", "role"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = audit.snapshot(Responsibility.objects.get(pk=obj.pk)) if obj.pk is not None else {}
        super().save_model(request, obj, form, change)
        audit.record(
            AuditAction.UPDATE if change else AuditAction.CREATE,
            obj,
            changes=audit.diff(before, audit.snapshot(obj)),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit.record(AuditAction.DELETE, obj, changes=audit.diff(audit.snapshot(obj), {}))
        super().delete_model(request, obj)


@admin.register(CountyPlan)
class CountyPlanAdmin(admin.ModelAdmin[CountyPlan]):
    list_display = ["title", "region", "start_year", "end_year", "status"]
    list_filter = ["status"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
