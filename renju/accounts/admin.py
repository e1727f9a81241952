from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Organisation, RoleGrant, User


class GrantInline(admin.TabularInline):
    model = RoleGrant
    raw_id_fields = ("region",)
    extra = 0


@admin.register(User)
class RenjuUserAdmin(UserAdmin):
    inlines = [GrantInline]
    list_display = ("username", "display_name", "organisation", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("renju", {"fields": ("display_name", "phone", "organisation")}),
    )  # type: ignore[misc]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "department", "region")
    list_filter = ("kind", "department")
    search_fields = ("code", "name")
    raw_id_fields = ("region",)
