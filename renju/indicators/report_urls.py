"""URLs of the indicator reports (included under /indicators/reports/)."""

from django.urls import path

from . import report_views

urlpatterns = [
    path("", report_views.report_form, name="reports"),
]
