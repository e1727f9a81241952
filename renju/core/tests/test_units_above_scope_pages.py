"""Pages that take a region code, opened by a town's official with the code of a unit above
her grant (the county, the city).

Pages whose figures describe the unit (the sewage overview, the manure summary, the funds, the
waste chain) answer "not found" for it, as for a unit beside her grant: her part of
the county titled as the county read as the county's figures. The lists (records, supervision,
retrofits, problems, the water bodies, map points) cut each row to her scope (``restrict()``,
``children_for_user``): for a unit above they show her town's rows and nothing of the other
towns or counties. Each test checks that against the county's own figures (a county's
official's), which differ from the town's: a page that leaked would show those.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from renju.accounts.models import User
from renju.cases.models import Case
from renju.core.testing import Places, make_user, places
from renju.households.models import Household
from renju.regions.choices import Level
from renju.regions.models import Region
from renju.toilets.choices import Condition, ToiletType
from renju.toilets.models import HouseholdToilet, RetrofitApplication
from renju.water import thresholds
from renju.water.models import WaterBody

pytestmark = pytest.mark.django_db


@pytest.fixture
def town_officer() -> User:
    return make_user("above_pages_town", "officer", places().town)


@pytest.fixture
def county_officer() -> User:
    return make_user("above_pages_county", "officer", places().county)


def opened(user: User, url: str) -> Any:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def sibling_village(p: Places) -> Region:
    village = (
        Region.objects.current()
        .filter(parent=p.other_town_same_county, level=Level.VILLAGE)
        .exclude(latitude=None)
        .order_by("code")
        .first()
    )
    assert village is not None
    return village


# --- pages whose figures are all cut to her scope ------------------------------------------


def sewage_overview(r: Any) -> Any:
    c = r.context
    keys = ("villages", "treated", "normal", "operating", "points_open", "points_closed")
    return [c[k] for k in keys] + [c["modes"], c["states"], [f.pk for f in c["troubled"]]]


def sewage_priorities(r: Any) -> Any:
    return r.context["total"], [rec.village.code for rec, _decision in r.context["rows"]]


def sewage_yellow_river(r: Any) -> Any:
    c = r.context
    return [row["village"].code for row in c["rows"]], [p[0] for p in c["map_points"]["points"]]


def water_list(r: Any) -> Any:
    c = r.context
    return (
        [row[0] for row in c["rows"]],
        sum(total for _region, _counts, total in c["summary"]),
        [p[0] for p in c["map_points"]["points"]],
    )


def waste_records(r: Any) -> Any:
    return r.context["totals"], r.context["page"].count


def livestock_summary(r: Any) -> Any:
    data = r.context["data"]
    return (
        round(data.total.produced, 6),
        round(data.total.utilised, 6),
        data.farms,
        [f.farm.pk for f in data.farms_below],
        [(s.label, round(s.produced, 6), round(s.utilised, 6)) for s in data.by_species],
        r.context["disposed"],
        r.context["disposal_records"],
    )


def toilet_supervision(r: Any) -> Any:
    return r.context["rows"], r.context["payments"]


def retrofit_list(r: Any) -> Any:
    c = r.context
    return c["page"].count, [app.pk for app, _row, _steps in c["rows"]]


def problem_list(r: Any) -> Any:
    c = r.context
    return c["page"].count, sum(s.total for s in c["summary"]), [row[0] for _c, row in c["rows"]]


def plan_funds(r: Any) -> Any:
    s = r.context["summary"]
    return s["total"], s["budget"], s["projects"], s["sources"], s["domains"], r.context["years"]


def village_points(r: Any) -> Any:
    return sorted(v[0] for v in json.loads(r.content)["villages"])


def add_water_bodies(p: Places) -> None:
    thresholds.ensure_default_sets()
    for code, region in (("T-ABOVE-W1", p.village), ("T-ABOVE-W2", sibling_village(p))):
        WaterBody(code=code, name=f"测试坑塘{code}", region=region, kind="pond").save()


def add_retrofits(p: Places) -> None:
    for n, region in enumerate((p.village, sibling_village(p))):
        household = Household(
            code=f"{region.code[:12]}{9700 + n:04d}", region=region, head_name="张三", members=2
        )
        household.save()
        RetrofitApplication(
            household=household, toilet_type=ToiletType.THREE_COMPARTMENT, applied_on="2026-01-05"
        ).save()


def add_yellow_river(p: Places) -> None:
    Region.objects.filter(pk__in=[p.village.pk, sibling_village(p).pk]).update(yellow_river=True)


def nothing(p: Places) -> None:
    pass


UNIT_PAGES: list[tuple[str, Callable[[Any], Any], Callable[[Places], None]]] = [
    ("/sewage/?region={code}", sewage_overview, nothing),
    ("/sewage/priorities/?region={code}", sewage_priorities, nothing),
    ("/sewage/yellow-river/?region={code}", sewage_yellow_river, add_yellow_river),
    ("/livestock/?region={code}", livestock_summary, nothing),
    ("/plans/funds/?region={code}", plan_funds, nothing),
    ("/waste/chain/?region={code}", lambda r: r.context["villages"], nothing),
]

FINE_PAGES: list[tuple[str, Callable[[Any], Any], Callable[[Places], None]]] = [
    ("/water/?region={code}", water_list, add_water_bodies),
    ("/water/?county={code}", water_list, add_water_bodies),
    ("/waste/collections/?region={code}", waste_records, nothing),
    ("/waste/transfers/?region={code}", waste_records, nothing),
    ("/toilets/supervision/?county={code}", toilet_supervision, nothing),
    ("/toilets/retrofits/?region={code}", retrofit_list, add_retrofits),
    ("/toilets/problems/?region={code}", problem_list, nothing),
    ("/regions/{code}/points.json", village_points, nothing),
]


@pytest.mark.parametrize(
    ("page", "figures", "setup"), UNIT_PAGES, ids=[page for page, _f, _s in UNIT_PAGES]
)
def test_a_units_own_figures_above_her_grant_are_not_found(
    town_officer, county_officer, page, figures, setup
):
    p = places()
    setup(p)
    opened(town_officer, page.format(code=p.town.code))
    figures(opened(county_officer, page.format(code=p.county.code)))
    client = Client()
    client.force_login(town_officer)
    for unit in (p.county, p.city, p.other_town_same_county):
        assert client.get(page.format(code=unit.code)).status_code == 404, unit


@pytest.mark.parametrize(
    ("page", "figures", "setup"), FINE_PAGES, ids=[page for page, _f, _s in FINE_PAGES]
)
def test_a_unit_above_shows_only_her_town(town_officer, county_officer, page, figures, setup):
    p = places()
    setup(p)
    mine = figures(opened(town_officer, page.format(code=p.town.code)))
    county_wide = figures(opened(county_officer, page.format(code=p.county.code)))
    assert mine != county_wide  # the county has more than her town: a leak would show it
    for unit in (p.county, p.city):
        assert figures(opened(town_officer, page.format(code=unit.code))) == mine, unit


def test_the_rows_per_child_above_are_her_branch(town_officer):
    """The problem list's table per child unit of the county (the city) has one row: her town
    (county)."""
    p = places()
    for above, child in ((p.county, p.town), (p.city, p.county)):
        problems = opened(town_officer, f"/toilets/problems/?region={above.code}").context
        assert [s.region for s in problems["summary"]] == [child]


def test_the_picker_and_map_above_show_her_branch(town_officer, county_officer):
    p = places()
    children = opened(town_officer, f"/regions/{p.county.code}/children/").context["children"]
    assert [r.code for r in children] == [p.town.code]
    children = opened(town_officer, f"/regions/{p.city.code}/children/").context["children"]
    assert [r.code for r in children] == [p.county.code]
    assert (
        len(opened(county_officer, f"/regions/{p.county.code}/children/").context["children"]) > 1
    )
    shapes = json.loads(opened(town_officer, f"/regions/{p.city.code}/boundaries.geojson").content)
    assert [f["properties"]["code"] for f in shapes["features"]] == [p.county.code]


def test_a_survey_run_on_a_unit_above_opens_cases_in_her_town_only(town_officer):
    p = places()
    toilets = []
    for n, region in enumerate((p.village, sibling_village(p))):
        household = Household(
            code=f"{region.code[:12]}{9800 + n:04d}", region=region, head_name="王五", members=3
        )
        household.save()
        toilet = HouseholdToilet(
            code=f"{household.code}01",
            household=household,
            region=region,
            toilet_type=ToiletType.THREE_COMPARTMENT,
            condition=Condition.UNUSABLE,
        )
        toilet.save()
        toilets.append(toilet)
    before = set(Case.objects.values_list("pk", flat=True))
    client = Client()
    client.force_login(town_officer)
    response = client.post("/toilets/problems/survey/", {"region": p.county.code})
    assert response.status_code == 302
    opened_now = Case.objects.exclude(pk__in=before)
    assert opened_now.filter(subject_id=toilets[0].pk).exists()
    assert not opened_now.filter(subject_id=toilets[1].pk).exists()
    assert set(opened_now.values_list("town_id", flat=True)) == {p.town.pk}
