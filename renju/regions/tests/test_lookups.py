"""``region_for_user`` and ``children_for_user`` answer from the row and the user's scope where
they can; their answers must be the restricted look-ups' answers, for every persona, every
level, inside, above and outside a grant, and for units merged into a granted one."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renju.accounts.choices import OrganisationKind
from renju.accounts.models import User
from renju.core.testing import make_user, places
from renju.regions import changes
from renju.regions.changes import NewUnit
from renju.regions.choices import Level
from renju.regions.models import Region
from renju.regions.services import children_for_user, first_version, region_for_user

pytestmark = pytest.mark.django_db


def sample_regions() -> list[Region]:
    """The city, every county, the towns of two counties, the villages of two towns, the
    hamlets of a village, and every retired unit."""
    p = places()
    current = Region.objects.current()
    towns = list(current.filter(parent__in=[p.county, p.other_county]).order_by("code"))
    villages = list(current.filter(parent__in=[p.town, p.other_town_same_county]))
    village = next(v for v in villages if current.filter(parent=v).exists())
    return [
        p.city,
        *current.filter(level=Level.COUNTY),
        *towns,
        *villages,
        *current.filter(parent=village),
        p.other_village,
        *Region.objects.filter(valid_to__isnull=False),
    ]


def personas() -> list[User]:
    """Every demo login, a superuser, a user without grants, one granted a hamlet (scoped by
    code prefix) and a company (scoped to its service areas)."""
    p = places()
    hamlet = Region.objects.current().filter(level=Level.HAMLET, town=p.town).first()
    assert hamlet is not None
    return [
        *User.objects.filter(username__in=["city_admin", "county2_admin"]),
        *User.objects.exclude(grants=None).order_by("username"),
        User.objects.create_superuser("lookup_root", password="x"),
        User.objects.create_user("lookup_nobody", password="x"),
        make_user("lookup_hamlet", "officer", hamlet),
        make_user("lookup_company", "dispatcher", p.county, OrganisationKind.SERVICE_COMPANY),
    ]


def assert_same_as_restricted(users: list[User], regions: list[Region]) -> int:
    checked = 0
    for user in users:
        # A fresh user object per persona, as each request has: no scope cached from before.
        user = User.objects.get(pk=user.pk)
        restricted = Region.objects.restrict(user)
        for region in regions:
            expected = restricted.filter(code=region.code).current_first().first()
            assert region_for_user(user, region.code) == expected, (user.username, region.code)
            kids = set(restricted.filter(parent=region, valid_to__isnull=True))
            assert set(children_for_user(user, region)) == kids, (user.username, region.code)
            checked += 1
    return checked


def test_lookups_agree_with_the_restricted_queries() -> None:
    assert assert_same_as_restricted(personas(), sample_regions()) > 1000


def test_a_unit_merged_into_a_granted_one_stays_visible_by_its_old_code() -> None:
    """The one part of the rule the row cannot answer: the database decides, the same way."""
    p = places()
    a, b = Region.objects.current().filter(parent=p.town, level=Level.VILLAGE).order_by("code")[:2]
    changes.merge([a, b], NewUnit(a.code, "合并后村"), datetime.date(2026, 1, 1))
    merged = Region.objects.current().get(code=a.code)
    officer = make_user("lookup_merged", "officer", merged)
    b.refresh_from_db()
    assert region_for_user(officer, b.code) == b  # retired, only through the merge
    assert region_for_user(officer, a.code) == merged  # the current unit first
    outsider = make_user("lookup_outsider", "officer", p.other_village)
    assert region_for_user(outsider, b.code) is None
    assert region_for_user(outsider, "999999") is None
    assert_same_as_restricted(
        [officer, outsider, *User.objects.filter(username__in=["town_officer", "county_officer"])],
        [a, b, merged, p.town, p.county, *Region.objects.filter(parent=merged)],
    )


def test_a_unit_in_or_above_the_scope_takes_one_query() -> None:
    """The row and the scope answer for units inside or above a grant: only the look-up by
    code runs (the scope itself is read once per request, before), and only the first time
    (the unit is then kept in the cache)."""
    p = places()
    user = User.objects.get(username="town_officer")
    assert user.grants.get().region == p.town
    region_for_user(user, p.town.code)  # reads the scope
    village = Region.objects.current().filter(parent=p.town).first()
    assert village is not None
    for region in (p.city, p.county, p.town, village):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert region_for_user(user, region.code) == region
        assert len(captured) == 1, region.code
        assert "regions_regionchange" not in captured[0]["sql"]
        with CaptureQueriesContext(connection) as captured:
            assert region_for_user(user, region.code) == region
        assert len(captured) == 0, region.code
    assert "regions_regionchange" in str(children_for_user(user, p.county).query)
    assert "regions_regionchange" not in str(children_for_user(user, p.town).query)


def test_a_renamed_unit_is_looked_up_by_its_new_name_at_once() -> None:
    """Units and their ancestors are kept in the cache: a region change starts them again."""
    p = places()
    village = Region.objects.current().filter(parent=p.town).first()
    assert village is not None
    first_version(p.town.code)
    assert [r.name for r in village.ancestors()][-1] == p.town.name
    changes.rename(p.town, "改名后的镇", datetime.date(2026, 1, 1))
    renamed = first_version(p.town.code)
    assert renamed is not None and renamed.name == "改名后的镇" and renamed.is_current
    village.refresh_from_db()
    assert [r.name for r in village.ancestors()][-1] == "改名后的镇"


def test_a_unit_edited_by_hand_reads_as_edited() -> None:
    p = places()
    assert first_version(p.village.code) == p.village
    p.village.resident_population = 4321
    p.village.save()
    found = first_version(p.village.code)
    assert found is not None and found.resident_population == 4321


def test_a_code_that_is_no_code_is_looked_up_and_not_kept() -> None:
    assert first_version("3715 ") is None
    assert first_version("") is None
    assert first_version("１２３") is None  # full-width digits are no code either
