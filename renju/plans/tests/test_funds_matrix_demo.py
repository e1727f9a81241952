"""Funds summaries (hand-computed), the responsibility matrix page, and the demo step."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from renju.accounts.choices import Department
from renju.core.testing import Places, make_user
from renju.indicators.models import Target
from renju.indicators.registry import indicators
from renju.plans.models import CountyPlan, Funding, Milestone, Project, Responsibility
from renju.regions.choices import Kind, Level
from renju.regions.models import Region

pytestmark = pytest.mark.django_db


def _village(town: Region, suffix: str) -> Region:
    return Region.objects.create(
        code=f"{town.code}{suffix}",
        name=f"资金测试村{suffix}",
        level=Level.VILLAGE,
        kind=Kind.VILLAGE_COMMITTEE,
        parent=town,
    )


def _project(region: Region, code: str, domain: str, budget: int, funds: list[tuple]) -> Project:
    project = Project(
        code=code,
        region=region,
        name=code,
        domain=domain,
        lead_department="agriculture",
        budget=budget,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 1, 1),
    )
    project.save()
    for source, amount, year in funds:
        Funding.objects.create(project=project, source=source, amount=amount, year=year)
    return project


@pytest.fixture
def fund_village(where: Places) -> Region:
    village = _village(where.town, "961")
    _project(
        village,
        "T-FUND-1",
        "toilets",
        1_000_000,
        [("fiscal", 600_000, 2025), ("villagers", 50_000, 2025), ("bond", 200_000, 2026)],
    )
    _project(village, "T-FUND-2", "sewage", 3_000_000, [("fiscal", 1_000_000, 2026)])
    _project(village, "T-FUND-3", "sewage", 400_000, [])
    return village


def test_funds_hand_computed(client: Client, where: Places, fund_village: Region):
    client.force_login(make_user("fund_officer", "officer", where.county))
    response = client.get(reverse("plans:funds"), {"region": fund_village.code})
    assert response.status_code == 200
    summary = response.context["summary"]
    by_source = {s["key"]: s["total"] for s in summary["sources"]}
    assert by_source == {
        "fiscal": 1_600_000,
        "bond": 200_000,
        "social": 0,
        "collective": 0,
        "villagers": 50_000,
    }
    assert summary["total"] == 1_850_000
    assert summary["budget"] == 4_400_000
    assert summary["projects"] == 3
    [county] = summary["counties"]
    assert (county["label"], county["projects"], county["total"]) == (
        where.county.name,
        3,
        1_850_000,
    )
    domains = {d["key"]: d for d in summary["domains"]}
    assert (domains["toilets"]["total"], domains["toilets"]["budget"]) == (850_000, 1_000_000)
    assert (domains["sewage"]["total"], domains["sewage"]["projects"]) == (1_000_000, 2)
    assert domains["sewage"]["sources"] == [1_000_000, 0, 0, 0, 0]
    # One year only.
    response = client.get(reverse("plans:funds"), {"region": fund_village.code, "year": "2025"})
    assert response.context["summary"]["total"] == 650_000
    assert b"funds-chart" in response.content


def test_funds_are_scoped(client: Client, where: Places, fund_village: Region):
    client.force_login(make_user("fund_other", "viewer", where.other_county))
    summary = client.get(reverse("plans:funds")).context["summary"]
    expected = sum(f.amount for f in Funding.objects.filter(project__county=where.other_county))
    assert summary["total"] == expected
    assert [c["label"] for c in summary["counties"]] in ([where.other_county.name], [])
    # A region outside the scope is not found (as everywhere).
    assert client.get(reverse("plans:funds"), {"region": fund_village.code}).status_code == 404


def test_matrix_page(client: Client, where: Places):
    client.force_login(make_user("matrix_viewer", "viewer", where.town))
    response = client.get(reverse("plans:matrix"))
    assert response.status_code == 200
    rows = {r["key"]: r for r in response.context["rows"]}
    departments = [d for d, _label in Department.choices]
    toilets = rows["toilets.sanitary_coverage"]
    roles = dict(zip(departments, [c["role"] for c in toilets["cells"]], strict=True))
    assert roles["agriculture"] == "lead" and roles["health"] == "cooperate"
    assert set(rows) >= {i.key for i in indicators()}
    # Every indicator has exactly one lead.
    for key in rows:
        assert Responsibility.objects.filter(indicator=key, role="lead").count() <= 1


def test_matrix_page_needs_a_grant(client: Client, where: Places):
    user = make_user("matrix_none", "viewer", where.town)
    user.grants.all().delete()
    client.force_login(user)
    assert client.get(reverse("plans:matrix")).status_code == 404
    assert client.get(reverse("plans:funds")).status_code == 404


def test_demo_made_plans_projects_and_targets():
    counties = list(Region.objects.current().filter(city__code="3715", level=Level.COUNTY))
    plans = CountyPlan.objects.filter(is_simulated=True)
    assert plans.count() == len(counties)
    first = min(counties, key=lambda c: c.code)
    assert plans.get(region=first).status == "submitted"  # waits for the city's review
    for plan in plans.exclude(region=first):
        assert plan.status == "approved"
        assert plan.targets.filter(indicator="toilets.sanitary_coverage").count() == 4
        assert Target.objects.filter(region=plan.region, source=plan.source_label).exists()
        assert plan.key_points.exists()
    assert not Target.objects.filter(region=first).exists()
    for county in counties:
        n = Project.objects.filter(county=county, is_simulated=True).count()
        assert 5 <= n <= 15
    projects = Project.objects.filter(is_simulated=True)
    assert Funding.objects.filter(project__in=projects, is_simulated=True).exists()
    assert Milestone.objects.filter(project__in=projects, is_simulated=True).count() == (
        4 * projects.count()
    )
    assert not projects.filter(status="completed").exclude(progress=100).exists()


def test_demo_plans_show(client: Client, where: Places):
    client.force_login(make_user("demo_city", "officer", where.city))
    listed = client.get(reverse("plans:list"))
    assert len(listed.context["to_review"]) == 1
    plan = CountyPlan.objects.filter(is_simulated=True, status="approved").first()
    assert plan is not None
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert plan.region.name in html
    project = Project.objects.filter(is_simulated=True, county=where.county).first()
    assert project is not None
    home = CountyPlan.objects.get(is_simulated=True, region=where.county)
    shown = client.get(reverse("plans:detail", args=[home.pk])).context["projects"]
    assert project in list(shown)
    assert client.get(reverse("plans:project", args=[project.pk])).status_code == 200
    assert client.get(reverse("ledgers:projects-list")).status_code == 200
