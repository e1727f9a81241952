"""Waste pages for staff under /waste/."""

from django.urls import path

from . import record_views, views

app_name = "waste"
urlpatterns = [
    path("chain/", views.chain_page, name="chain"),
    path("vines/", views.vine_page, name="vines"),
    path("vines/<int:pk>/report/", views.vine_report, name="vine-report"),
    path("vines/<int:pk>/clear/", views.vine_clear, name="vine-clear"),
    path("collections/", record_views.collection_list, name="collections"),
    path("collections/new/", record_views.collection_new, name="collection-new"),
    path("transfers/", record_views.transfer_list, name="transfers"),
    path("transfers/new/", record_views.transfer_new, name="transfer-new"),
    path("points/<int:pk>/", record_views.point_page, name="point"),
    path("points/<int:pk>/overflow/", record_views.overflow, name="overflow"),
]
