"""The pump-out crew's pages under /toilets/."""

from django.urls import path

from . import service_views

urlpatterns = [
    path("pumpout/<int:pk>/", service_views.pumpout, name="pumpout"),
]
