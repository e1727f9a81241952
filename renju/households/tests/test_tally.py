"""The per-village household tallies the database keeps, and the home pages that read them.

The tallies are written by triggers only; after any write, through any path, they must equal
what a scan of the households gives, village by village.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Q, Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renju.core import bulk
from renju.core.testing import make_user, places
from renju.core.views import household_counts
from renju.households.models import Household, HouseholdTally
from renju.regions.choices import Level
from renju.regions.models import Region

pytestmark = pytest.mark.django_db


def scanned(village_ids: list[int] | None = None) -> dict[int, tuple[int, int, int, int]]:
    households = Household.objects.all()
    if village_ids is not None:
        households = households.filter(village_id__in=village_ids)
    rows = (
        households.order_by()
        .values("village_id")
        .annotate(
            n=Count("pk"),
            people=Sum("members"),
            away=Count("pk", filter=Q(status="away")),
            low=Count("pk", filter=Q(low_income=True)),
        )
    )
    return {r["village_id"]: (r["n"], r["people"], r["away"], r["low"]) for r in rows}


def tallied(village_ids: list[int] | None = None) -> dict[int, tuple[int, int, int, int]]:
    tallies = HouseholdTally.objects.filter(households__gt=0)
    if village_ids is not None:
        tallies = tallies.filter(village_id__in=village_ids)
    return {t.village_id: (t.households, t.people, t.away, t.low_income) for t in tallies}


def household(region: Region, number: int, **extra: Any) -> Household:
    row = Household(
        code=f"{region.code[:12]}{number:04d}",
        region=region,
        head_name="测试户主",
        members=extra.pop("members", 3),
        **extra,
    )
    row.save()
    return row


def test_the_demo_city_is_tallied_village_by_village() -> None:
    assert HouseholdTally.objects.exists()
    assert tallied() == scanned()


def test_every_write_path_keeps_the_tallies() -> None:
    where = places()
    village, other = where.village, where.other_village
    ids = [village.pk, other.pk]
    before = scanned(ids)

    first = household(village, 9801, members=4, status="away")  # ORM insert
    second = household(village, 9802, members=2, low_income=True)
    assert tallied(ids) == scanned(ids) != before

    first.members, first.status = 6, "resident"  # ORM update of counted columns
    first.save()
    assert tallied(ids) == scanned(ids)

    second.region = other  # moved to a village of another county (ancestors follow)
    second.save()
    assert tallied(ids) == scanned(ids)
    assert HouseholdTally.objects.get(village=other).county_id == other.county_id

    Household.objects.filter(pk=first.pk).update(low_income=True, members=1)  # bulk UPDATE
    assert tallied(ids) == scanned(ids)

    rows = [
        {
            "code": f"{village.code[:12]}{9810 + n:04d}",
            "region_id": village.pk,
            "city_id": village.city_id,
            "county_id": village.county_id,
            "town_id": village.town_id,
            "village_id": village.pk,
            "head_name": "批量户主",
            "phone": "",
            "members": n + 1,
            "status": "away" if n % 2 else "resident",
            "low_income": n == 0,
        }
        for n in range(5)
    ]
    assert bulk.insert_rows(Household, rows) == 5  # executemany on SQLite, COPY on PostgreSQL
    assert tallied(ids) == scanned(ids)

    Household.objects.filter(code__startswith=f"{village.code[:12]}98").delete()  # DELETE
    second.delete()
    assert tallied(ids) == scanned(ids) == before


def test_a_county_home_page_reads_the_tallies_not_the_households(client: Client) -> None:
    where = places()
    user = make_user("tally-county", "viewer", where.county)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("core:region", args=[where.county.code]))
    assert response.status_code == 200
    scans = [q["sql"] for q in queries if 'FROM "households_household"' in q["sql"]]
    assert scans == []
    expected, per_town = household_counts(Household.objects.filter(county=where.county), "town")
    assert response.context["totals"] == expected
    shown = {region.pk: n for region, n in response.context["children"]}
    assert {pk: n for pk, n in shown.items() if n} == per_town


@pytest.mark.parametrize("level", [Level.CITY, Level.TOWN])
def test_city_and_town_pages_match_the_scan(client: Client, level: int) -> None:
    where = places()
    region = where.city if level == Level.CITY else where.town
    user = make_user(f"tally-{level}", "viewer", region)
    client.force_login(user)
    response = client.get(reverse("core:region", args=[region.code]))
    child = "county" if level == Level.CITY else "village"
    expected, _per_child = household_counts(Household.objects.filter(region.scope_filter()), child)
    assert response.context["totals"] == expected


def test_a_village_page_still_counts_its_hamlets_from_the_rows(client: Client) -> None:
    where = places()
    user = make_user("tally-village", "viewer", where.village)
    client.force_login(user)
    response = client.get(reverse("core:region", args=[where.village.code]))
    expected, _per_child = household_counts(
        Household.objects.filter(village=where.village), "region"
    )
    assert response.context["totals"] == expected
