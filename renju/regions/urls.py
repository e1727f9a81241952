from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("<str:code>/children/", views.children, name="children"),
    path("<str:code>/boundaries.geojson", views.boundaries, name="boundaries"),
    path("<str:code>/points.json", views.points, name="points"),
]
