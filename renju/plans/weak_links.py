"""The projects already working on a weak link, for the dashboard's list."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from .models import Project


def projects_addressing(key: str, region_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """``{region id: [(project name, url)]}`` for projects on ``key`` in or covering the regions."""
    found: dict[int, list[tuple[str, str]]] = {}
    wanted = set(region_ids)
    projects = (
        Project.objects.filter(weak_indicator=key)
        .filter(Q(region_id__in=region_ids) | Q(villages__in=region_ids))
        .prefetch_related("villages")
        .distinct()
    )
    for project in projects:
        url = reverse("plans:project", args=[project.pk])
        places = {project.region_id, *(v.pk for v in project.villages.all())} & wanted
        for region_id in places:
            found.setdefault(region_id, []).append((project.name, url))
    return found
