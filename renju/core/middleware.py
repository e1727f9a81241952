"""Request middleware: the audit context for every request; requests with NUL characters refused;
htmx fragments kept apart from whole pages in the browser's cache."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from .audit import AuditContext, _context
from .models.audit import Channel


class AuditContextMiddleware:
    """Sets who and through what channel (page or API) for the audit events of a request.

    API requests authenticate by token inside DRF, after this middleware; the API base classes
    set the actor again once DRF knows the user (see ``core.api.views``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = Channel.API if request.path.startswith("/api/") else Channel.PAGE
        request_id = request.headers.get("X-Request-Id", "")[:32] or uuid.uuid4().hex[:16]
        token = _context.set(
            AuditContext(
                actor=getattr(request, "user", None), channel=channel, request_id=request_id
            )
        )
        try:
            response = self.get_response(request)
        finally:
            _context.reset(token)
        response["X-Request-Id"] = request_id
        return response


class RejectNulMiddleware:
    """A NUL character in the query string or a urlencoded form gets the 400 page.

    PostgreSQL cannot store or compare text holding NUL, so every page that passes a parameter
    to a query answered such a request with a 500 (SQLite quietly took it). Forms refuse NUL
    field by field; this covers the pages and the API that read parameters directly.
    Multipart bodies are left to their forms (reading them here would fix the upload handlers
    too early). A view that answers NUL in its own format (Open311's JSON and XML errors) says
    so with a ``rejects_nul`` attribute and is left to do it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if getattr(view, "rejects_nul", False):
            return None
        if has_nul(request.GET) or (
            request.content_type == "application/x-www-form-urlencoded" and has_nul(request.POST)
        ):
            if request.path.startswith("/api/"):  # an API client reads JSON, as for any 400
                message = _("A parameter holds a null character, which no field accepts.")
                return JsonResponse({"detail": message}, status=400)
            return render(request, "400.html", status=400)
        return None


def has_nul(params: QueryDict) -> bool:
    """Whether any name or value in ``params`` holds a NUL character."""
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in params.lists())


class VaryOnHtmxMiddleware:
    """Responses vary on ``HX-Request``: a list answers htmx with the table alone and the
    browser with the whole page at the same address, so without it the browser's cache gave
    the bare table back when the user pressed Back after filtering and opening a row."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response
