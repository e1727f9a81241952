"""Admin: the city edits the threshold sets and their rules here (every save audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from renju.core import audit
from renju.core.models.audit import AuditAction

from .models import ThresholdRule, ThresholdSet


class _Audited(admin.ModelAdmin[Any]):
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        model: type[models.Model] = type(obj)
        with transaction.atomic():
            old = model._default_manager.filter(pk=obj.pk).first() if obj.pk else None
            before = audit.snapshot(old) if old is not None else {}
            super().save_model(request, obj, form, change)
            audit.record(
                AuditAction.UPDATE if change else AuditAction.CREATE,
                obj,
                changes=audit.diff(before, audit.snapshot(obj)),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit.record(AuditAction.DELETE, obj, changes=audit.diff(audit.snapshot(obj), {}))
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            audit.record_many(
                audit.build(AuditAction.DELETE, o, changes=audit.diff(audit.snapshot(o), {}))
                for o in queryset
            )
            super().delete_queryset(request, queryset)


@admin.register(ThresholdSet)
class ThresholdSetAdmin(_Audited):
    list_display = ["key", "name", "kind", "is_default", "survey_share", "point_share", "source"]


@admin.register(ThresholdRule)
class ThresholdRuleAdmin(_Audited):
    list_display = ["threshold_set", "parameter", "comparison", "limit", "grade", "source"]
    list_filter = ["threshold_set", "parameter", "grade"]
