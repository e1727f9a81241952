from django.contrib import admin

from .models import DevelopmentZone, Region, RegionChange


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "kind", "valid_to")
    list_filter = ("level", "kind")
    search_fields = ("code", "name")
    raw_id_fields = ("parent", "city", "county", "town", "village")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # the tree changes only through region changes (audited command)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


admin.site.register(DevelopmentZone)
admin.site.register(RegionChange)
