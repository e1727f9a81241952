"""Rendering GeoReport v2 responses and errors as JSON or XML.

The same Python data (lists of dicts) becomes either format: JSON as is, XML with the spec's
element names (``<services><service>``, ``<service_requests><request>``, ``<errors><error>``...).
Booleans are ``true``/``false``, missing values empty elements (JSON ``null``), datetimes W3C
(ISO 8601 with the offset, e.g. ``2026-11-29T08:15:30+08:00``).
"""

from __future__ import annotations

import datetime
import json
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse
from django.utils import timezone

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
DEFAULT_FORMAT = "xml"  # XML is the spec's required format
# The element name of the items of each list-valued element.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
}


class Open311Error(Exception):
    """An error answered in the spec's format with ``code`` as the HTTP status."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


def w3c(value: datetime.datetime | None) -> str | None:
    """A datetime in the W3C profile of ISO 8601, local time with its offset."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def plain(value: Any) -> Any:
    """``value`` with datetimes as W3C strings and lazy strings evaluated (JSON-safe)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return w3c(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for name, child in value.items():
            _fill(ET.SubElement(element, name), child)
    elif isinstance(value, list):
        item = ITEM_NAMES.get(element.tag, "item")
        for child in value:
            _fill(ET.SubElement(element, item), child)
    else:
        element.text = _text(value)


def to_xml(data: Any, root: str) -> bytes:
    """``data`` under the element ``root``, with the XML declaration (UTF-8)."""
    element = ET.Element(root)
    _fill(element, plain(data))
    body: bytes = ET.tostring(element, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def render(data: Any, fmt: str, root: str, status: int = 200) -> HttpResponse:
    """The response for ``data`` in ``fmt`` (``json`` or ``xml``); ``root`` names XML's root."""
    if fmt == "json":
        body = json.dumps(plain(data), ensure_ascii=False).encode("utf-8")
    else:
        fmt = "xml"
        body = to_xml(data, root)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def render_error(error: Open311Error, fmt: str) -> HttpResponse:
    """``[{"code": 400, "description": "..."}]`` / ``<errors><error>...</error></errors>``."""
    data = [{"code": error.code, "description": error.description}]
    return render(data, fmt, "errors", status=error.code)
