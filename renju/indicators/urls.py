from django.urls import include, path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reports/", include("renju.indicators.report_urls")),
    path("<str:code>/", views.dashboard, name="region"),
]
