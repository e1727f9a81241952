"""Request middleware: the audit context for every request."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
