"""Open311 GeoReport v2 under /open311/v2/: each resource as ``.json``, ``.xml`` or bare.

A bare path answers by ``?format=`` or XML. Service codes contain dots (``toilet.full``), so
``services/toilet.full.json`` is the definition of ``toilet.full`` in JSON.
"""

from django.urls import URLPattern, re_path

from . import views

EXT = r"\.(?P<fmt>json|xml)"

app_name = "open311"
urlpatterns: list[URLPattern] = [
    re_path(rf"^discovery{EXT}$", views.discovery, name="discovery"),
    re_path(r"^discovery$", views.discovery),
    re_path(rf"^services{EXT}$", views.service_list, name="services"),
    re_path(r"^services$", views.service_list),
    re_path(
        rf"^services/(?P<service_code>[\w.-]+){EXT}$",
        views.service_definition,
        name="service",
    ),
    re_path(r"^services/(?P<service_code>[\w.-]+)$", views.service_definition),
    re_path(rf"^requests{EXT}$", views.requests_view, name="requests"),
    re_path(r"^requests$", views.requests_view),
    re_path(
        rf"^requests/(?P<service_request_id>[\w-]+){EXT}$", views.request_detail, name="request"
    ),
    re_path(r"^requests/(?P<service_request_id>[\w-]+)$", views.request_detail),
    re_path(rf"^tokens/(?P<token>[\w-]+){EXT}$", views.token_detail, name="token"),
    re_path(r"^tokens/(?P<token>[\w-]+)$", views.token_detail),
    re_path(rf"^(?P<path>.*?)(?:{EXT})?$", views.not_found, name="not_found"),
]
