"""The supervision list (监管清单) of black-odorous water bodies per county: the page's rows and
the export's, in one layout; the filters; the counts per state of each child region."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renju.core.scoping import VIEW
from renju.regions.choices import ANCESTOR_FIELD, Level
from renju.regions.models import Region

from .choices import AFTER_REMEDIATION, ON_LIST, BodyKind, BodyState, Grade
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


# --- the map: villages of the listed bodies, coloured by the worst place of their bodies --------

MAP_LIMIT = 3000  # villages drawn at most (a city has a few hundred listed bodies)
# Worst first: a village shows its most pressing body.
MAP_GROUPS: list[tuple[str, frozenset[str]]] = [
    ("relapsed", frozenset({BodyState.RELAPSED})),
    ("on_list", frozenset({BodyState.IDENTIFIED, BodyState.IN_REMEDIATION})),
    ("remediated", frozenset(AFTER_REMEDIATION)),
]
MAP_COLOURS = {"relapsed": "#dc3545", "on_list": "#fd7e14", "remediated": "#198754"}


def map_labels() -> list[tuple[str, str]]:
    return [
        ("relapsed", _("relapsed")),
        ("on_list", _("to be remediated")),
        ("remediated", _("remediated (incl. observation, accepted)")),
    ]


def body_map(queryset: QuerySet[WaterBody]) -> dict[str, Any]:
    """Villages of the bodies in ``queryset`` with a position, each with its worst group and
    the number of bodies, for ``status_map.js``."""
    rank = {name: i for i, (name, _states) in enumerate(MAP_GROUPS)}
    group_of = {state: name for name, states in MAP_GROUPS for state in states}
    villages: dict[str, list[Any]] = {}
    rows = (
        queryset.exclude(village__latitude=None)
        .order_by()
        .values_list(
            "village__code", "village__name", "village__latitude", "village__longitude", "state"
        )
    )
    for code, name, lat, lng, state in rows.iterator(chunk_size=2000):
        group = group_of.get(state, "on_list")
        point = villages.get(code)
        if point is None:
            if len(villages) >= MAP_LIMIT:
                continue
            villages[code] = [code, name, lat, lng, group, 1]
        else:
            point[5] += 1
            if rank[group] < rank[point[4]]:
                point[4] = group
    points = []
    for code, name, lat, lng, group, n in villages.values():
        count = ngettext("%(n)s water body", "%(n)s water bodies", n) % {"n": n}
        points.append([code, name, lat, lng, group, count])
    return {"points": points, "colours": MAP_COLOURS}
