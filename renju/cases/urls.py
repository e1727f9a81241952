"""Case pages under /cases/."""

from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("export/", views.case_export, name="export"),
    path("queue/", views.queue, name="queue"),
    path("my/", views.my_jobs, name="my"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read/", views.inbox_read, name="inbox-read-all"),
    path("inbox/<int:pk>/read/", views.inbox_read, name="inbox-read"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/resolve/", views.case_resolve, name="resolve"),
    path("<int:pk>/photos/<int:photo>/", views.case_photo, name="photo"),
    path("<int:pk>/<slug:step>/", views.case_step, name="step"),
]
