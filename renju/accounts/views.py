"""Signing in and out, changing one's password, and administrators' user management."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renju.core import audit
from renju.core.models.audit import AuditAction
from renju.core.pagination import paginate
from renju.core.scoping import get_scoped_or_404, user_can

from . import actions, signin, throttle
from .choices import MANAGE_USERS
from .forms import LoginForm, OrganisationForm, UserForm
from .models import Organisation


def login_view(request: HttpRequest) -> HttpResponse:
    username = request.POST.get("username", "")
    address = throttle.client_address(request)
    if request.method != "POST" and request.user.is_authenticated:
        return redirect(_next_page(request) or "core:home")  # signed in already
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST":
        if throttle.is_locked(username, address):
            # The password is not checked (a right one would tell itself by the answer), and
            # the attempt still counts against the address.
            signin.record_failure(username, address, locked=True)
            context = {
                "form": LoginForm(request, initial={"username": username}),
                "locked": _("Too many failed sign-ins. Try again in 15 minutes."),
            }
            return render(request, "accounts/login.html", context, status=429)
        if form.is_valid():
            user = form.get_user()
            login(request, user)
            signin.record_success(user, username, address)
            return redirect(_next_page(request) or "core:home")
        signin.record_failure(username, address)
    return render(
        request, "accounts/login.html", {"form": form}, status=400 if form.errors else 200
    )


def admin_login(request: HttpRequest) -> HttpResponse:
    """The Django admin's sign-in, replaced: staff sign in through the site's own (throttled,
    audited) form; a signed-in official who is not staff finds no admin here (404)."""
    if not request.user.is_authenticated:
        return redirect_to_login(_next_page(request) or reverse("admin:index"))
    if not request.user.is_staff:
        raise Http404
    return redirect(_next_page(request) or "admin:index")


def _next_page(request: HttpRequest) -> str:
    """The ``next`` address, when it is one of this site's."""
    target = request.GET.get("next", "")
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else ""


@require_http_methods(["GET", "HEAD", "POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    """POST signs out; the address opened (typed, bookmarked) leads to the home page, whose
    menu signs out: a link must not sign anyone out."""
    if request.method != "POST":
        return redirect("core:home")
    if request.user.is_authenticated:
        audit.record(AuditAction.LOGOUT, request.user, actor=request.user)
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect("accounts:login")


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    for field in form.fields.values():
        field.widget.attrs["class"] = "form-control"
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        audit.record(AuditAction.PASSWORD, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form})


def _require_admin(request: HttpRequest) -> None:
    if not user_can(request.user, MANAGE_USERS):
        raise Http404


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    users = (
        actions.manageable_users(request.user)
        .select_related("organisation")
        .prefetch_related("grants__region")
    )
    if q := request.GET.get("q", "").strip():
        users = users.filter(username__icontains=q) | users.filter(display_name__icontains=q)
    return render(
        request,
        "accounts/user_list.html",
        {"page": paginate(users.order_by("username"), request.GET.get("page"))},
    )


@login_required
def user_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_admin(request)
    instance = (
        get_scoped_or_404(actions.UserScope(), request.user, MANAGE_USERS, pk=pk) if pk else None
    )
    form = UserForm(request.POST or None, instance=instance, admin=request.user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        user = actions.save_user(request.user, form)
        messages.success(request, _("Saved %(user)s.") % {"user": user})
        return redirect("accounts:users")
    return render(
        request,
        "accounts/user_edit.html",
        {"form": form, "object": instance},
        status=400 if form.errors else 200,
    )


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    organisations = Organisation.objects.restrict(request.user, MANAGE_USERS).select_related(
        "region"
    )
    if q := request.GET.get("q", "").strip():
        organisations = organisations.filter(name__icontains=q)
    return render(
        request,
        "accounts/organisation_list.html",
        {"page": paginate(organisations, request.GET.get("page"))},
    )


@login_required
def organisation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_admin(request)
    instance = (
        get_scoped_or_404(Organisation.objects, request.user, MANAGE_USERS, pk=pk) if pk else None
    )
    form = OrganisationForm(request.POST or None, instance=instance, admin=request.user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        actions.save_organisation(request.user, form.instance)
        messages.success(request, _("Saved %(organisation)s.") % {"organisation": form.instance})
        return redirect("accounts:organisations")
    return render(
        request,
        "accounts/organisation_edit.html",
        {"form": form, "object": instance},
        status=400 if form.errors else 200,
    )


def _unused(*args: Any) -> None:  # pragma: no cover
    pass
