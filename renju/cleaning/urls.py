"""Village cleaning pages for staff under /cleaning/."""

from django.urls import path

from . import views

app_name = "cleaning"
urlpatterns = [
    path("inspect/", views.inspect_start, name="inspect"),
    path("inspect/<str:code>/", views.inspect_village, name="inspect-village"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("findings/<int:pk>/photo/", views.finding_photo, name="finding-photo"),
    path("scores/", views.scores, name="scores"),
    path("staffing/", views.staffing, name="staffing"),
    path("documents/", views.documents, name="documents"),
    path("documents/<int:pk>/upload/", views.document_upload, name="document-upload"),
    path("documents/<int:pk>/file/", views.document_file, name="document-file"),
    path("campaigns/", views.campaigns, name="campaigns"),
]
