"""Waste pages for staff under /waste/."""

from django.urls import path

from . import views

app_name = "waste"
urlpatterns = [
    path("chain/", views.chain_page, name="chain"),
    path("vines/", views.vine_page, name="vines"),
    path("vines/<int:pk>/report/", views.vine_report, name="vine-report"),
    path("vines/<int:pk>/clear/", views.vine_clear, name="vine-clear"),
    path("points/<int:pk>/overflow/", views.overflow_report, name="overflow"),
]
