"""The supervision list (监管清单) of black-odorous water bodies per county: the page's rows and
the export's, in one layout; the filters; the counts per state of each child region."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from renju.core.scoping import VIEW
from renju.regions.choices import ANCESTOR_FIELD, Level
from renju.regions.models import Region

from .choices import ON_LIST, BodyKind, BodyState, Grade
from .models import RemediationMeasure, WaterBody


def headers() -> list[str]:
    """The columns of the supervision list, page and export alike."""
    return [
        _("water body code"),
        _("name"),
        _("kind"),
        _("county"),
        _("town"),
        _("village"),
        _("location"),
        _("length (m)"),
        _("area (m²)"),
        _("villages around"),
        _("suspected sources"),
        _("state"),
        _("remediation batch"),
        _("measures and projects"),
        _("classification"),
        _("classified on"),
        _("relapses"),
        _("remediated on"),
    ]


def bodies(user: Any) -> QuerySet[WaterBody]:
    return (
        WaterBody.objects.restrict(user, VIEW)
        .select_related("region", "county", "town", "village")
        .order_by("county__code", "town__code", "code")
    )


def filter_bodies(queryset: QuerySet[WaterBody], params: Any, region: Region | None) -> Any:
    """Filters: region (county/town/village code), state (or "on the list"), kind, grade, text."""
    if region is not None:
        queryset = queryset.filter(region.scope_filter())
    state = params.get("state", "")
    if state == "on_list":
        queryset = queryset.filter(state__in=sorted(ON_LIST))
    elif state in BodyState.values:
        queryset = queryset.filter(state=state)
    if (kind := params.get("kind", "")) in BodyKind.values:
        queryset = queryset.filter(kind=kind)
    if (grade := params.get("grade", "")) in Grade.values:
        queryset = queryset.filter(grade=grade)
    if q := params.get("q", "").strip():
        queryset = queryset.filter(Q(code__startswith=q) | Q(name__contains=q))
    return queryset


def _measures(ids: list[int]) -> dict[int, str]:
    found: dict[int, list[str]] = defaultdict(list)
    rows = RemediationMeasure.objects.filter(water_body_id__in=ids).select_related("project")
    for m in rows.order_by("pk"):
        found[m.water_body_id].append(f"{m.get_measure_display()}（{m.project.code}）")
    return {k: "；".join(v) for k, v in found.items()}


def _name(region: Region | None) -> str:
    return region.name if region is not None else ""


def row(body: WaterBody, measures: str) -> list[Any]:
    return [
        body.code,
        body.name,
        body.get_kind_display(),
        _name(body.county),
        _name(body.town),
        _name(body.village),
        body.location,
        body.length_m if body.length_m is not None else "",
        body.area_m2 if body.area_m2 is not None else "",
        body.villages_around,
        body.suspected_sources,
        body.get_state_display(),
        body.batch,
        measures,
        body.get_grade_display() if body.grade else "",
        body.graded_on.isoformat() if body.graded_on else "",
        body.relapse_count,
        body.remediated_on.isoformat() if body.remediated_on else "",
    ]


def rows(bodies_: Iterable[WaterBody], chunk: int = 1000) -> Iterator[tuple[WaterBody, list[Any]]]:
    batch: list[WaterBody] = []

    def flush() -> Iterator[tuple[WaterBody, list[Any]]]:
        measures = _measures([b.pk for b in batch])
        for b in batch:
            yield b, row(b, measures.get(b.pk, ""))

    for body in bodies_:
        batch.append(body)
        if len(batch) >= chunk:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


@dataclass
class RegionCounts:
    region: Region
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def get(self, state: str) -> int:
        return self.counts.get(state, 0)


def counts_by_child(queryset: QuerySet[WaterBody], region: Region | None) -> list[RegionCounts]:
    """Per child region of ``region``: bodies per state (one GROUP BY)."""
    if region is None or region.level + 1 not in ANCESTOR_FIELD:
        return []
    column = ANCESTOR_FIELD[Level(region.level + 1)]
    grouped = (
        queryset.filter(region.scope_filter())
        .order_by()
        .values_list(f"{column}_id", "state")
        .annotate(n=Count("pk"))
    )
    by_id: dict[int, dict[str, int]] = defaultdict(dict)
    for region_id, state, n in grouped:
        if region_id:
            by_id[region_id][state] = n
    regions = Region.objects.filter(pk__in=list(by_id)).order_by("code")
    return [RegionCounts(r, by_id[r.pk]) for r in regions]
