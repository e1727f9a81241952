"""API pagination: page numbers with a capped count, like the list pages."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from renju.core.pagination import paginate


class RenjuPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any]:
        size = self.get_page_size(request) or self.page_size
        self.renju_page = paginate(queryset, request.query_params.get("page"), size)
        self.request = request
        return self.renju_page.rows

    def get_paginated_response(self, data: Any) -> Response:
        page = self.renju_page
        return Response(
            {
                "count": page.count,
                "count_capped": page.capped,
                "page": page.number,
                "next": page.number + 1 if page.has_next else None,
                "previous": page.number - 1 if page.has_previous else None,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {
                "count": {"type": "integer"},
                "count_capped": {"type": "boolean"},
                "page": {"type": "integer"},
                "next": {"type": "integer", "nullable": True},
                "previous": {"type": "integer", "nullable": True},
                "results": schema,
            },
        }
