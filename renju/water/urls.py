"""Water bodies pages for staff under /water/."""

from django.urls import path

from . import views

app_name = "water"
urlpatterns = [
    path("", views.body_list, name="list"),
    path("<int:pk>/", views.body_detail, name="detail"),
    path("<int:pk>/measure/", views.body_measure, name="measure"),
    path("<int:pk>/survey/", views.body_survey, name="survey"),
    path("<int:pk>/complaint/", views.body_complaint, name="complaint"),
    path("<int:pk>/step/<slug:step>/", views.body_step, name="step"),
]
