"""Livestock pages for staff under /livestock/."""

from django.urls import path

from . import views

app_name = "livestock"
urlpatterns = [
    path("", views.summary, name="summary"),
    path("coefficients/", views.coefficient_list, name="coefficients"),
    path("coefficients/<slug:species>/", views.coefficient_edit, name="coefficient-edit"),
]
