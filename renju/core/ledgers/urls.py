"""URL patterns of every registered ledger, under /ledgers/<slug>/."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path

from . import views
from .registry import ledgers

app_name = "ledgers"


def _patterns() -> list[URLPattern]:
    patterns: list[URLPattern] = []
    pages: list[tuple[str, str, type[views.LedgerView]]] = [
        ("", "list", views.LedgerListView),
        ("add/", "add", views.LedgerCreateView),
        ("import/", "import", views.LedgerImportView),
        ("export/", "export", views.LedgerExportView),
        ("template/", "template", views.LedgerTemplateView),
        ("<int:pk>/", "detail", views.LedgerDetailView),
        ("<int:pk>/edit/", "edit", views.LedgerEditView),
        ("<int:pk>/delete/", "delete", views.LedgerDeleteView),
    ]
    for ledger in ledgers():
        for route, name, view in pages:
            kwargs: dict[str, Any] = {"ledger": ledger}
            patterns.append(
                path(f"{ledger.slug}/{route}", view.as_view(**kwargs), name=f"{ledger.slug}-{name}")
            )
    return patterns


urlpatterns = _patterns()
