"""Merges, splits and renames of units: new versions of the tree, and every ledger row follows.

Each test works on villages (with hamlets) or towns of the demo county, adds households sitting
directly on the village as well as in its hamlets, and checks the new tree, the moved rows, one
"move" event per household, the moved role grants and the old unit's page.
"""

from __future__ import annotations

import datetime
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from renju.accounts.models import Organisation, RoleGrant, ServiceArea, User
from renju.core.ledgers import get_ledger
from renju.core.ledgers.importer import import_rows
from renju.core.ledgers.transfer import export_rows, headers
from renju.core.models import AuditEvent
from renju.core.testing import make_user, places
from renju.households.models import Household
from renju.regions import changes
from renju.regions.changes import NewUnit, RegionChangeError
from renju.regions.choices import ChangeKind, Level
from renju.regions.loader import DATA_DIR, load_zones, read_csv
from renju.regions.models import DevelopmentZone, Region, RegionChange

pytestmark = pytest.mark.django_db

DATE = datetime.date(2026, 1, 1)
HOUSEHOLD = "households.household"


@dataclass
class Village:
    """A current village with hamlets, and the households under it (on it and in hamlets)."""

    region: Region
    hamlets: list[Region]
    direct: list[Household]  # sitting on the village itself
    in_hamlets: list[Household]

    @property
    def households(self) -> list[Household]:
        return [*self.direct, *self.in_hamlets]


def village_with_hamlets(town: Region, skip: int = 0, tag: str = "A") -> Village:
    """The ``skip``-th village of ``town`` with at least two hamlets, given more households."""
    candidates = [
        v
        for v in Region.objects.current().filter(parent=town, level=Level.VILLAGE).order_by("code")
        if Region.objects.current().filter(parent=v).count() >= 2
    ]
    region = candidates[skip]
    hamlets = list(Region.objects.current().filter(parent=region).order_by("code"))
    direct = [
        Household.objects.create(
            code=f"{region.code}6{i:03d}", region=region, head_name=f"直属{tag}{i}", members=2
        )
        for i in range(2)
    ]
    for i, hamlet in enumerate(hamlets[:2]):
        Household.objects.create(
            code=f"{hamlet.code}6{i:03d}", region=hamlet, head_name=f"自然村{tag}{i}", members=3
        )
    in_hamlets = list(Household.objects.filter(region__in=hamlets).order_by("pk"))
    assert direct and len(in_hamlets) >= 2
    return Village(region=region, hamlets=hamlets, direct=direct, in_hamlets=in_hamlets)


def hamlet_town() -> Region:
    """A town of the demo county with at least two villages that have two hamlets or more."""
    towns = Region.objects.current().filter(parent=places().county, level=Level.TOWN)
    for town in towns.order_by("code"):
        villages = Region.objects.current().filter(parent=town, level=Level.VILLAGE)
        if sum(1 for v in villages if Region.objects.current().filter(parent=v).count() >= 2) > 1:
            return town
    raise AssertionError("no town with two villages with hamlets")


def last_event_pk() -> int:
    last = AuditEvent.objects.order_by("-pk").first()
    return last.pk if last else 0


def household_moves(since: int) -> Counter[str]:
    return Counter(
        AuditEvent.objects.filter(pk__gt=since, object_type=HOUSEHOLD, action="move").values_list(
            "object_id", flat=True
        )
    )


def assert_one_move_each(since: int, rows: list[Household]) -> None:
    moves = household_moves(since)
    assert moves == Counter(str(h.pk) for h in rows)


def fresh(rows: list[Household]) -> list[Household]:
    by_pk = Household.objects.in_bulk([h.pk for h in rows])
    return [by_pk[h.pk] for h in rows]


def assert_ancestors(household: Household, village: Region) -> None:
    """A household's ancestor columns are those of the (current) village it lies in."""
    assert household.village_id == village.pk
    assert household.town_id == village.town_id
    assert household.county_id == village.county_id
    assert household.city_id == village.city_id


def unused_code(parent: Region, start: int = 990) -> str:
    """A code under ``parent`` that no unit, current or past, has."""
    width = 3
    for n in range(start, 1000):
        code = f"{parent.code}{n:0{width}d}"
        if not Region.objects.filter(code=code).exists():
            return code
    raise AssertionError("no free code")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def county_officer() -> User:
    return make_user("chg_county", "officer", places().county)


# --- rename ---------------------------------------------------------------------------------------


def test_rename_keeps_the_code_and_everything_follows(county_officer: User) -> None:
    p = places()
    v = village_with_hamlets(p.town)
    old = v.region
    officer = make_user("chg_village", "officer", old)
    org = officer.organisation
    assert org is not None
    start = last_event_pk()

    change = changes.rename(old, "更名后的新村", DATE, note="民政批复")

    old.refresh_from_db()
    assert old.valid_to == DATE and old.name != "更名后的新村"
    new = Region.objects.current().get(code=old.code)
    assert new.pk != old.pk
    assert (new.name, new.level, new.kind, new.valid_from) == ("更名后的新村", 5, old.kind, DATE)
    assert new.parent_id == old.parent_id == p.town.pk
    assert (new.city_id, new.county_id, new.town_id, new.village_id) == (
        old.city_id,
        old.county_id,
        old.town_id,
        new.pk,
    )
    for hamlet in Region.objects.filter(pk__in=[h.pk for h in v.hamlets]):
        assert hamlet.valid_to is None
        assert (hamlet.parent_id, hamlet.village_id, hamlet.town_id) == (new.pk, new.pk, p.town.pk)

    for h in fresh(v.direct):
        assert h.region_id == new.pk
        assert_ancestors(h, new)
    for h, before in zip(fresh(v.in_hamlets), v.in_hamlets, strict=True):
        assert h.region_id == before.region_id  # the hamlet itself did not change
        assert_ancestors(h, new)
    assert_one_move_each(start, v.households)

    assert RoleGrant.objects.get(user=officer).region_id == new.pk
    org.refresh_from_db()
    assert (org.region_id, org.village_id) == (new.pk, new.pk)
    assert Household.objects.restrict(officer).count() == len(v.households)

    assert (change.kind, list(change.sources.all()), list(change.targets.all())) == (
        ChangeKind.RENAME,
        [old],
        [new],
    )
    # The code now names the new unit; its page is the current one.
    page = signed_in(county_officer).get(f"/r/{old.code}/")
    assert page.status_code == 200
    assert page.context["region"] == new
    assert "更名后的新村" in page.content.decode()


def test_the_earlier_version_of_a_kept_code_stays_readable(county_officer: User) -> None:
    """A rename (or a merge) that keeps the code: ``/r/<code>/`` is the new unit, and the old
    one, whose records stay under it, had no address at all. The new unit names what it was
    formed from, each at its own version, with that version's audit log."""
    p = places()
    v = village_with_hamlets(p.town)
    old = v.region
    Household.objects.filter(pk=v.direct[0].pk).update(members=7)  # something on record
    from renju.core import audit
    from renju.core.models.audit import AuditAction

    audit.record(AuditAction.UPDATE, v.direct[0], region=old, changes={"members": [3, 7]})
    changes.rename(old, "新名村", DATE)
    client = signed_in(county_officer)
    current = client.get(f"/r/{old.code}/").content.decode()
    link = f"/r/{old.code}/?version={old.pk}"
    assert 'data-testid="predecessors"' in current and f'href="{link}"' in current
    page = client.get(link)
    assert page.status_code == 200 and page.context["region"].pk == old.pk
    text = page.content.decode()
    assert "撤销" in text and 'data-testid="version-audit"' in text
    assert 'id="map"' not in text and 'data-testid="no-map"' in text  # not the new unit's map
    log = client.get(f"/audit/?region={old.code}&version={old.pk}")
    assert log.status_code == 200 and any(
        e.changes == {"members": [3, 7]} for e in log.context["page"].rows
    )
    # Another county's official: not found, as any unit of that county.
    stranger = signed_in(make_user("chg_stranger", "officer", p.other_county))
    assert stranger.get(link).status_code == 404
    assert client.get(f"/r/{old.code}/?version=999999999").status_code == 404
    assert client.get(f"/r/{old.code}/?version=abc").status_code == 404


def test_a_merged_unit_counts_its_sources_people_a_split_one_waits_for_its_own() -> None:
    """The merged village kept the first source's population and households only (the second's
    were lost to every rate divided by them); a split one copied the whole to each new unit."""
    town = hamlet_town()
    a = village_with_hamlets(town, 0, "A").region
    b = village_with_hamlets(town, 1, "B").region
    Region.objects.filter(pk=a.pk).update(
        registered_population=2304, resident_population=2000, household_count=684
    )
    Region.objects.filter(pk=b.pk).update(
        registered_population=1051, resident_population=822, household_count=None
    )
    a.refresh_from_db()
    b.refresh_from_db()
    changes.merge([a, b], NewUnit(a.code, "合并村"), DATE)
    merged = Region.objects.current().get(code=a.code)
    assert (merged.registered_population, merged.resident_population, merged.household_count) == (
        3355,
        2822,
        684,
    )
    east, west = unused_code(town, 990), unused_code(town, 991)
    changes.split(merged, [NewUnit(east, "东村"), NewUnit(west, "西村")], DATE)
    for code in (east, west):
        unit = Region.objects.current().get(code=code)
        assert unit.resident_population is None and unit.household_count is None


def test_recoded_rename_leaves_a_readable_old_page(county_officer: User) -> None:
    p = places()
    v = village_with_hamlets(p.town)
    old = v.region
    code = unused_code(p.town)
    start = last_event_pk()

    changes.rename(old, "改码村", DATE, new_code=code)

    new = Region.objects.current().get(code=code)
    assert not Region.objects.current().filter(code=old.code).exists()
    assert all(h.region_id == new.pk for h in fresh(v.direct))
    assert_one_move_each(start, v.households)

    client = signed_in(county_officer)
    page = client.get(f"/r/{old.code}/")
    assert page.status_code == 200
    assert page.context["region"].pk == old.pk
    text = page.content.decode()
    assert "撤销" in text and "其历史记录仍可在此查看" in text
    assert f'href="/r/{code}/"' in text
    assert client.get(f"/r/{code}/").context["region"] == new


# --- merge ----------------------------------------------------------------------------------------


def test_merge_two_villages_into_one(county_officer: User) -> None:
    town = hamlet_town()
    a = village_with_hamlets(town, 0, "A")
    b = village_with_hamlets(town, 1, "B")
    officer_b = make_user("chg_village_b", "officer", b.region)
    start = last_event_pk()

    change = changes.merge([a.region, b.region], NewUnit(a.region.code, "合并村"), DATE)

    for old in (a.region, b.region):
        old.refresh_from_db()
        assert old.valid_to == DATE
    new = Region.objects.current().get(code=a.region.code)
    assert (new.name, new.parent_id, new.village_id) == ("合并村", town.pk, new.pk)
    hamlets = Region.objects.filter(pk__in=[h.pk for h in a.hamlets + b.hamlets])
    assert {(h.parent_id, h.village_id, h.valid_to) for h in hamlets} == {(new.pk, new.pk, None)}
    for h in fresh(a.direct + b.direct):
        assert h.region_id == new.pk
        assert_ancestors(h, new)
    for h in fresh(a.in_hamlets + b.in_hamlets):
        assert_ancestors(h, new)
    assert_one_move_each(start, a.households + b.households)
    assert RoleGrant.objects.get(user=officer_b).region_id == new.pk
    assert Household.objects.restrict(officer_b).count() == len(a.households + b.households)
    assert set(change.sources.all()) == {a.region, b.region}

    # The unit merged away keeps a page that says so, for a user whose scope covers it.
    page = signed_in(county_officer).get(f"/r/{b.region.code}/")
    assert page.status_code == 200
    assert page.context["region"].pk == b.region.pk
    text = page.content.decode()
    assert "撤销" in text and f'href="/r/{new.code}/"' in text

    # The reparented hamlets' move events name their old parent.
    moved = AuditEvent.objects.get(
        pk__gt=start, object_type="regions.region", object_id=str(b.hamlets[0].pk), action="move"
    )
    assert moved.changes["parent_id"] == [b.region.pk, new.pk]


def test_merge_into_a_code_used_by_another_current_unit_changes_nothing() -> None:
    town = hamlet_town()
    a = village_with_hamlets(town, 0, "A")
    b = village_with_hamlets(town, 1, "B")
    taken = (
        Region.objects.current()
        .filter(parent=town, level=Level.VILLAGE)
        .exclude(pk__in=[a.region.pk, b.region.pk])
        .first()
    )
    assert taken is not None
    counts = (
        Region.objects.count(),
        Region.objects.current().count(),
        AuditEvent.objects.count(),
        RegionChange.objects.count(),
    )
    before = list(Household.objects.order_by("pk").values_list())

    with pytest.raises(RegionChangeError, match=taken.code):
        changes.merge([a.region, b.region], NewUnit(taken.code, "冲突村"), DATE)

    assert counts == (
        Region.objects.count(),
        Region.objects.current().count(),
        AuditEvent.objects.count(),
        RegionChange.objects.count(),
    )
    assert list(Household.objects.order_by("pk").values_list()) == before
    for old in (a.region, b.region):
        assert Region.objects.get(pk=old.pk).valid_to is None
    assert Region.objects.filter(parent=a.region, valid_to=None).count() == len(a.hamlets)


def test_merge_and_split_refuse_bad_input() -> None:
    p = places()
    v = village_with_hamlets(p.town)
    with pytest.raises(RegionChangeError):
        changes.merge([v.region], NewUnit(v.region.code, "单独"), DATE)
    with pytest.raises(RegionChangeError):
        changes.merge([v.region, p.town], NewUnit(v.region.code, "跨级"), DATE)
    with pytest.raises(RegionChangeError):
        changes.split(v.region, [NewUnit(unused_code(p.town), "只有一个")], DATE)
    with pytest.raises(RegionChangeError):
        changes.split(
            v.region,
            [
                NewUnit(unused_code(p.town, 990), "甲", [p.other_village.code]),
                NewUnit(unused_code(p.town, 991), "乙"),
            ],
            DATE,
        )
    assert Region.objects.get(pk=v.region.pk).valid_to is None


def test_merge_two_towns_rederives_the_town_of_their_households(county_officer: User) -> None:
    p = places()
    t1, t2 = p.town, p.other_town_same_county
    under = list(Household.objects.filter(town__in=[t1, t2]).order_by("pk"))
    assert {h.town_id for h in under} == {t1.pk, t2.pk}
    town_officer = make_user("chg_town", "officer", t2)
    village_officer = make_user("chg_town_village", "officer", p.village)
    villages = list(Region.objects.current().filter(parent__in=[t1, t2], level=Level.VILLAGE))
    start = last_event_pk()

    changes.merge([t1, t2], NewUnit(t1.code, "合并镇"), DATE)

    new = Region.objects.current().get(code=t1.code)
    assert (new.level, new.parent_id, new.town_id) == (Level.TOWN, p.county.pk, new.pk)
    assert new.county_id == p.county.pk
    for village in Region.objects.filter(pk__in=[v.pk for v in villages]):
        assert (village.valid_to, village.parent_id, village.town_id) == (None, new.pk, new.pk)
    assert not Region.objects.current().filter(town_id__in=[t1.pk, t2.pk]).exists()
    for h in fresh(under):
        assert h.town_id == new.pk and h.county_id == p.county.pk
        assert h.village_id == Region.objects.get(pk=h.region_id).village_id
    assert_one_move_each(start, under)
    assert RoleGrant.objects.get(user=town_officer).region_id == new.pk
    assert Household.objects.restrict(town_officer).count() == len(under)
    # A village grant stays on its (still current) village and still sees its households.
    assert RoleGrant.objects.get(user=village_officer).region_id == p.village.pk
    assert Household.objects.restrict(village_officer).count() == (
        Household.objects.filter(village=p.village).count()
    )
    page = signed_in(county_officer).get(f"/r/{t2.code}/")
    assert page.status_code == 200 and "撤销" in page.content.decode()


def test_merge_two_towns_served_by_the_same_company() -> None:
    """Service areas of one company in both towns become one area of the merged town."""
    p = places()
    areas = list(
        ServiceArea.objects.filter(county=p.county, region__level=Level.TOWN, status="active")
        .order_by("region__code")
        .select_related("region", "organisation")
    )
    first = areas[0]
    second = next(
        a
        for a in areas[1:]
        if a.organisation_id == first.organisation_id and a.service == first.service
    )
    t1, t2 = first.region, second.region
    under = list(Household.objects.filter(town__in=[t1, t2]))
    start = last_event_pk()

    changes.merge([t1, t2], NewUnit(t1.code, "合并镇"), DATE)

    new = Region.objects.current().get(code=t1.code)
    assert all(h.town_id == new.pk for h in fresh(under))
    serving = ServiceArea.objects.filter(
        organisation=first.organisation, service=first.service, region=new
    )
    assert list(serving) == [first]
    # The second area stays on its retired town, as that town's history, and says why.
    second.refresh_from_db()
    assert (second.region_id, second.town_id) == (t2.pk, t2.pk)
    kept = AuditEvent.objects.get(
        pk__gt=start, object_type="accounts.servicearea", object_id=str(second.pk)
    )
    assert kept.action == "update" and f"保留在 {t2.code}" in kept.note  # the system's language


# --- split ----------------------------------------------------------------------------------------


def test_split_a_village_by_hamlets(county_officer: User) -> None:
    p = places()
    v = village_with_hamlets(p.town)
    old = v.region
    officer = make_user("chg_split", "officer", old)
    east, west = unused_code(p.town, 990), unused_code(p.town, 991)
    assert east != west
    first_hamlet, *other_hamlets = v.hamlets
    start = last_event_pk()

    change = changes.split(
        old,
        [
            NewUnit(east, "东村", [other_hamlets[0].code]),
            NewUnit(west, "西村", [first_hamlet.code]),
        ],
        DATE,
    )

    old.refresh_from_db()
    assert old.valid_to == DATE
    east_unit = Region.objects.current().get(code=east)
    west_unit = Region.objects.current().get(code=west)
    for unit in (east_unit, west_unit):
        assert (unit.parent_id, unit.town_id, unit.village_id) == (p.town.pk, p.town.pk, unit.pk)
    parents = dict(
        Region.objects.filter(pk__in=[h.pk for h in v.hamlets]).values_list("code", "parent_id")
    )
    assert parents[first_hamlet.code] == west_unit.pk
    # Claimed by the east village, or not claimed at all (they go to the first new unit).
    assert {parents[h.code] for h in other_hamlets} == {east_unit.pk}

    for h in fresh(v.direct):  # rows sitting on the old village go to the first new unit
        assert h.region_id == east_unit.pk
        assert_ancestors(h, east_unit)
    for h in fresh(v.in_hamlets):
        hamlet = Region.objects.get(pk=h.region_id)
        assert hamlet.parent_id in {east_unit.pk, west_unit.pk}
        assert_ancestors(h, Region.objects.get(pk=hamlet.parent_id))
    assert_one_move_each(start, v.households)
    assert RoleGrant.objects.get(user=officer).region_id == east_unit.pk
    assert (change.kind, set(change.targets.all())) == (ChangeKind.SPLIT, {east_unit, west_unit})

    page = signed_in(county_officer).get(f"/r/{old.code}/")
    assert page.status_code == 200 and page.context["region"].pk == old.pk
    text = page.content.decode()
    assert "撤销" in text and f'href="/r/{east}/"' in text and f'href="/r/{west}/"' in text


def test_split_through_the_command() -> None:
    p = places()
    v = village_with_hamlets(p.town)
    east, west = unused_code(p.town, 990), unused_code(p.town, 991)
    start = last_event_pk()
    out = io.StringIO()
    call_command(
        "region_change",
        "split",
        v.region.code,
        "--into",
        f"{east}:东村:{v.hamlets[0].code}",
        "--into",
        f"{west}:西村:{v.hamlets[1].code}",
        "--date",
        DATE.isoformat(),
        stdout=out,
    )
    assert east in out.getvalue() and west in out.getvalue()
    west_unit = Region.objects.current().get(code=west)
    assert Region.objects.get(pk=v.hamlets[1].pk).parent_id == west_unit.pk
    assert_one_move_each(start, v.households)
    assert set(AuditEvent.objects.filter(pk__gt=start).values_list("channel", flat=True)) == {
        "command"
    }


# --- development zones ----------------------------------------------------------------------------


def test_zone_towns_point_to_their_zone() -> None:
    rows = list(read_csv(DATA_DIR / "regions" / "3715-development-zones.csv"))
    assert rows
    for row in rows:
        town = Region.objects.current().select_related("zone").get(code=row["town_code"])
        assert town.level == Level.TOWN
        assert town.zone is not None
        assert (town.zone.code, town.zone.name) == (row["zone_code"], row["zone_name"])
        assert town.zone.city.code == "3715"
    zone_towns = {r["town_code"] for r in rows}
    others = Region.objects.current().filter(level=Level.TOWN, zone__isnull=False)
    assert set(others.values_list("code", flat=True)) == zone_towns
    for zone in DevelopmentZone.objects.all():
        assert set(zone.towns.values_list("code", flat=True)) == {
            r["town_code"] for r in rows if r["zone_code"] == zone.code
        }


def test_load_zones_creates_and_points_once(tmp_path: Path) -> None:
    p = places()
    path = tmp_path / "zones.csv"
    path.write_text(
        "zone_code,zone_name,town_code,source_note\n"
        f"3715T9,测试园区,{p.town.code},测试\n"
        f"3715T9,测试园区,{p.other_town_same_county.code},测试\n",
        encoding="utf-8",
    )
    start = last_event_pk()
    assert load_zones(path, "3715") == 1
    zone = DevelopmentZone.objects.get(code="3715T9")
    assert set(zone.towns.values_list("code", flat=True)) == {
        p.town.code,
        p.other_town_same_county.code,
    }
    events = AuditEvent.objects.filter(pk__gt=start)
    assert events.filter(object_type="regions.developmentzone", action="create").count() == 1
    assert events.filter(object_type="regions.region", action="update").count() == 2
    again = last_event_pk()
    assert load_zones(path, "3715") == 0
    assert last_event_pk() == again


def test_a_renamed_zone_town_stays_in_its_zone() -> None:
    town = Region.objects.current().get(code="371502008")
    zone = town.zone
    assert zone is not None
    changes.rename(town, "改名街道", DATE)
    assert Region.objects.current().get(code="371502008").zone == zone


def test_organisations_seated_in_a_merged_village_follow() -> None:
    town = hamlet_town()
    a = village_with_hamlets(town, 0, "A")
    b = village_with_hamlets(town, 1, "B")
    orgs = list(Organisation.objects.filter(region__in=[a.region, b.region]))
    assert orgs
    changes.merge([a.region, b.region], NewUnit(unused_code(town), "新合并村"), DATE)
    new = Region.objects.current().get(name="新合并村")
    for org in Organisation.objects.filter(pk__in=[o.pk for o in orgs]):
        assert (org.region_id, org.village_id, org.town_id) == (new.pk, new.pk, town.pk)


def test_export_of_a_merged_village_reimports_unchanged() -> None:
    """Households keep the code they were registered under when their village merges."""
    town = hamlet_town()
    a = village_with_hamlets(town, 0, "A")
    b = village_with_hamlets(town, 1, "B")
    officer = make_user("chg_reimport", "officer", places().county)
    changes.merge([a.region, b.region], NewUnit(a.region.code, "合并村"), DATE)
    new = Region.objects.current().get(code=a.region.code)
    ledger = get_ledger("households")
    rows = [headers(ledger), *export_rows(ledger, Household.objects.filter(village=new), officer)]
    assert any(str(row[0]).startswith(b.region.code) for row in rows[1:])
    result = import_rows(ledger, rows, officer)
    assert result.ok, result.errors
    assert result.unchanged == len(rows) - 1
    # Codes of unrelated villages are still refused there.
    unrelated = places().village.code
    assert unrelated not in {a.region.code, b.region.code}
    fresh_row = [f"{unrelated}6999", new.code, "新户", "", 2, "常住", "否"]
    result = import_rows(ledger, [headers(ledger), fresh_row], officer)
    assert [e for e in result.errors if f"必须以行政村(社区)代码{new.code}开头" in e]


def test_merge_two_villages_granted_to_the_same_person() -> None:
    """A grid member of both merged villages ends with one grant on the new one."""
    town = hamlet_town()
    a = village_with_hamlets(town, 0, "A")
    b = village_with_hamlets(town, 1, "B")
    member = make_user("chg_grid", "grid_member", a.region)
    RoleGrant.objects.create(user=member, role="grid_member", region=b.region)
    start = last_event_pk()

    changes.merge([a.region, b.region], NewUnit(a.region.code, "合并村"), DATE)

    new = Region.objects.current().get(code=a.region.code)
    assert list(RoleGrant.objects.filter(user=member).values_list("role", "region")) == [
        ("grid_member", new.pk)
    ]
    assert Household.objects.restrict(member).count() == len(a.households + b.households)
    grant_events = AuditEvent.objects.filter(pk__gt=start, object_type="accounts.rolegrant")
    assert sorted(grant_events.values_list("action", flat=True)) == ["delete", "move"]


def test_a_villages_households_in_no_hamlet_have_a_row_of_their_own(
    county_officer: User,
) -> None:
    """After a merge the village read 97 households and its hamlet rows 14 + 15."""
    v = village_with_hamlets(places().town)
    page = signed_in(county_officer).get(f"/r/{v.region.code}/")
    own = Household.objects.filter(region=v.region).count()
    assert own >= len(v.direct) > 0
    assert page.context["direct"] == own
    assert 'data-testid="direct-row"' in page.content.decode()
