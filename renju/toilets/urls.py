"""Toilet pages for staff (labels, problem toilets, supervision) under /toilets/."""

from django.urls import include, path

app_name = "toilets"
urlpatterns = [
    path("labels/", include("renju.toilets.labels_urls")),
    path("", include("renju.toilets.service_urls")),
    path("", include("renju.toilets.problem_urls")),
]
