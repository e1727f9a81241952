"""The dashboard page and the indicators API: scoped, and reading the kept values."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from renju.core.testing import make_user, places
from renju.indicators import engine

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def computed():
    engine.recompute("3715")


def test_dashboard_for_a_county_official(client):
    p = places()
    client.force_login(make_user("dash_officer", "officer", p.county))
    response = client.get("/indicators/")
    assert response.status_code == 200
    html = response.content.decode()
    assert p.county.name in html
    assert "卫生厕所" in html or "sanitary" in html
    assert client.get(f"/indicators/{p.town.code}/").status_code == 200
    assert client.get(f"/indicators/{p.other_county.code}/").status_code == 404


def test_api_values_with_children():
    p = places()
    api = APIClient()
    api.force_authenticate(make_user("dash_api", "viewer", p.county))
    rows = api.get(
        "/api/v1/indicators/", {"children": "1", "indicator": "toilets.usable_rate"}
    ).json()
    assert {r["region"] for r in rows} >= {p.county.code, p.town.code}
    row = next(r for r in rows if r["region"] == p.county.code)
    assert set(row) >= {"numerator", "denominator", "value", "target", "status"}
    assert api.get("/api/v1/indicators/", {"region": p.other_county.code}).status_code == 404
    assert api.get("/api/v1/indicators/", {"period": "week"}).status_code == 400
    assert api.get("/api/v1/indicators/", {"indicator": "nope"}).status_code == 400


def test_api_errors_are_translated():
    p = places()
    api = APIClient()
    api.force_authenticate(make_user("dash_api_errors", "viewer", p.county))
    url = "/api/v1/indicators/"
    response = api.get(url, {"period": "zzz"})
    assert response.status_code == 400
    assert response.json() == {"period": "请从以下选项中选择：month, quarter, year。"}
    response = api.get(url, {"period": "zzz"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"period": "Choose one of: month, quarter, year."}
    assert api.get(url, {"start": "2026-13-01"}).json() == {
        "start": "请按 YYYY-MM-DD 格式填写周期开始日期。"
    }
    assert api.get(url, {"indicator": "nope"}).json() == {"indicator": "未知的指标。"}


def test_weakest_links_name_the_projects_working_on_them(client):
    from renju.indicators.models import IndicatorValue, Target
    from renju.plans.models import Project
    from renju.regions.models import Region

    p = places()
    key = "toilets.usable_rate"
    start = engine.period_starts(__import__("datetime").date.today())["month"]
    # Every village of the town meets the target but ours.
    IndicatorValue.objects.filter(
        indicator=key, region__town=p.town, level=5, period_kind="month"
    ).update(numerator=10, denominator=10)
    IndicatorValue.objects.filter(indicator=key, region=p.village, period_kind="month").update(
        numerator=1, denominator=10
    )
    if not IndicatorValue.objects.filter(
        indicator=key, region=p.village, period_start=start
    ).exists():
        pytest.skip("no kept value for the village")
    Target.objects.update_or_create(
        indicator=key, region=p.county, year=start.year, defaults={"value": 99, "source": "测试"}
    )
    Project.objects.create(
        code="T-WEAK-1",
        region=p.village,
        name="补短板项目",
        domain="toilets",
        lead_department="agriculture",
        budget=1000,
        weak_indicator=key,
    )
    client.force_login(make_user("weak_officer", "officer", p.county))
    html = client.get(f"/indicators/{p.town.code}/?indicator={key}").content.decode()
    assert Region.objects.get(pk=p.village.pk).name in html
    assert "补短板项目" in html


def test_api_period_is_todays_in_the_citys_time_zone(monkeypatch):
    """At 01:00 on 1 April in Liaocheng it is still 31 March in UTC: the API's period and the
    values it reads are April's (the server's own date, UTC, named March before)."""
    import datetime

    from django.utils import timezone

    from renju.indicators.models import IndicatorValue

    p = places()
    moment = datetime.datetime(2030, 3, 31, 17, 0, tzinfo=datetime.UTC)  # 01:00 in UTC+8
    monkeypatch.setattr(timezone, "now", lambda: moment)
    IndicatorValue.objects.filter(region=p.county, period_kind="month").update(
        period_start=datetime.date(2030, 4, 1)
    )
    api = APIClient()
    api.force_authenticate(make_user("dash_tz", "viewer", p.county))
    rows = api.get("/api/v1/indicators/", {"period": "month"}).json()
    assert rows and {r["period_start"] for r in rows} == {"2030-04-01"}
    assert any(r["denominator"] for r in rows)  # the values filed under April were read


def test_the_city_dashboard_names_only_weak_places_in_the_users_scope(client):
    """A county official may open the city's dashboard (its totals); the weakest towns and
    villages it lists are only hers."""
    from renju.indicators.models import IndicatorValue

    p = places()
    key = "toilets.usable_rate"
    IndicatorValue.objects.filter(indicator=key, period_kind="month", level__in=[4, 5]).update(
        numerator=0, denominator=10
    )
    officer = make_user("weak_scope", "officer", p.other_county)
    weakest = engine.weakest(p.city, key, officer, limit=10_000)
    assert weakest
    assert {r.region.county_id for r in weakest} == {p.other_county.pk}
    city = make_user("weak_city", "officer", p.city)
    assert {r.region.county_id for r in engine.weakest(p.city, key, city, limit=10_000)} > {
        p.other_county.pk
    }
    client.force_login(officer)
    html = client.get(f"/indicators/{p.city.code}/?indicator={key}").content.decode()
    assert "/indicators/" in html and p.village.code not in html


def test_traffic_lights_say_what_they_mean_in_chinese(client):
    p = places()
    client.force_login(make_user("dash_lights", "officer", p.county))
    client.cookies["django_language"] = "zh-hans"
    html = client.get("/indicators/").content.decode()
    assert 'title="green"' not in html and 'title="grey"' not in html
    assert any(
        f'title="{label}"' in html
        for label in ("达到目标", "接近目标", "未达目标", "无数据或无目标")
    )
