"""URLs of toilet QR labels under /toilets/labels/."""

from django.urls import URLPattern, path, re_path

from . import label_views

urlpatterns: list[URLPattern] = [
    path("", label_views.labels_page, name="labels"),
    re_path(
        r"^qr/(?P<qr_code>[0-9A-Z]{4,16})\.(?P<fmt>png|svg)$",
        label_views.qr_image,
        name="label-qr",
    ),
]
