"""URLs (filled in by the module that owns them)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
