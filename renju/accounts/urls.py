from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password"),
    path("users/", views.user_list, name="users"),
    path("users/add/", views.user_edit, name="user-add"),
    path("users/<int:pk>/", views.user_edit, name="user-edit"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/add/", views.organisation_edit, name="organisation-add"),
    path("organisations/<int:pk>/", views.organisation_edit, name="organisation-edit"),
]
