"""The villager's pages under /t/ (namespace ``public``): no login, made for a phone."""

from django.urls import URLPattern, path

from . import public_views

urlpatterns: list[URLPattern] = [
    # Before "<code>": a toilet code never contains "/", so "c/<token>" cannot be one.
    path("c/<str:token>", public_views.status, name="status"),
    path("c/<str:token>/confirm", public_views.confirm, name="confirm"),
    path("c/<str:token>/reopen", public_views.reopen, name="reopen"),
    path("<str:code>", public_views.toilet, name="toilet"),
    path("<str:code>/report", public_views.report, name="report"),
]
