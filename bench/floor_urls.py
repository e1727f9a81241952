"""The URLs the page benchmark runs under: renju's own, plus two floor pages that show what a
signed-in page costs before any content (they exist only in the benchmark's process)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from renju.urls import urlpatterns as renju_urlpatterns


@login_required
def signed_in(request: HttpRequest) -> HttpResponse:
    """Session, user and every middleware; a one-byte body."""
    return HttpResponse("x")


@login_required
def shell(request: HttpRequest) -> HttpResponse:
    """The same with the page shell every page extends (navigation, badges, language switch)."""
    return render(request, "base.html", {})


FLOOR_PAGES = {"signed_in": "/__floor__/signed-in/", "shell": "/__floor__/shell/"}

urlpatterns = [
    path(FLOOR_PAGES["signed_in"].lstrip("/"), signed_in),
    path(FLOOR_PAGES["shell"].lstrip("/"), shell),
    *renju_urlpatterns,
]
