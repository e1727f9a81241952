"""Sewage pages for staff under /sewage/."""

from django.urls import path

from . import views

app_name = "sewage"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("priorities/", views.priorities, name="priorities"),
    path("priorities/<str:code>/", views.decide, name="decide"),
    path("parameters/", views.parameters, name="parameters"),
    path("parameters/<str:code>/", views.parameters_edit, name="parameters-edit"),
    path("limits/", views.limits, name="limits"),
    path("limits/<str:level>/<str:parameter>/", views.limit_edit, name="limit-edit"),
    path("facilities/<int:pk>/", views.facility_page, name="facility"),
    path("yellow-river/", views.yellow_river, name="yellow-river"),
]
