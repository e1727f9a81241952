from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/document/", views.plan_document, name="document"),
    path("<int:pk>/<str:step>/", views.plan_step, name="step"),
    path("funds/", views.funds, name="funds"),
    path("matrix/", views.matrix, name="matrix"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/funding/", views.project_funding, name="funding"),
    path("projects/<int:pk>/milestones/", views.project_milestone, name="milestone"),
    path("projects/<int:pk>/villages/", views.project_villages, name="villages"),
    path(
        "projects/<int:pk>/milestones/<int:mid>/done/", views.milestone_done, name="milestone-done"
    ),
    path(
        "projects/<int:pk>/milestones/<int:mid>/photo/",
        views.milestone_photo,
        name="milestone-photo",
    ),
    path("projects/<int:pk>/<str:kind>/<int:cid>/delete/", views.child_delete, name="child-delete"),
]
