"""The default score sheet on an installation without the demo: created on first use as real,
audited data with its source, edited by the city, extended by a county, reused by the demo;
and the scoped reads of the cleaning pages (the staffing figures, the campaign choice)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.models import Q
from django.test import Client
from django.utils import translation

from renju.accounts.choices import Role
from renju.cases.models import Case
from renju.core import actions
from renju.core.models import AuditEvent
from renju.core.testing import make_user
from renju.regions.models import Region

from .. import inspections, reports, sheet
from ..choices import ItemKind
from ..models import Campaign, Cleaner, Finding, Inspection, ScoreItem
from .helpers import cleaner, empty_town

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)
CITY = "3715"


def no_demo_sheet() -> Region:
    """Remove every score-sheet item (and the findings that use them): a fresh installation."""
    Finding.objects.all().delete()
    ScoreItem.objects.all().delete()
    return Region.objects.current().get(code=CITY)


@pytest.fixture
def town_and_villages() -> tuple[Region, list[Region]]:
    return empty_town()


def test_without_the_demo_an_inspection_can_be_filled_in(
    client: Client, town_and_villages: tuple[Region, list[Region]]
) -> None:
    city = no_demo_sheet()
    town, (village, *_rest) = town_and_villages
    officer = make_user(f"cl-sheet-{town.code}", Role.OFFICER, town)
    client.force_login(officer)
    page = client.get(f"/cleaning/inspect/{village.code}/")
    assert page.status_code == 200
    items = list(ScoreItem.objects.filter(region=city).order_by("position"))
    names = [i.name for i in items]
    for name in ("村头村尾", "房前屋后", "背街小巷", "坑塘", "河道沟渠", "村庄周边", "田间路边"):
        assert name in names
    assert {i.kind for i in items} == {
        ItemKind.HEAP,
        ItemKind.DISORDER,
        ItemKind.WEAK_SPOT,
        ItemKind.STACKING_ZONE,
        ItemKind.MOVED_TO_EDGE,
    }
    assert [i.name for i in items if i.kind == ItemKind.HEAP] == [
        "柴草秸秆堆",
        "生活垃圾堆",
        "畜禽粪便堆",
    ]
    assert len([i for i in items if i.kind == ItemKind.DISORDER]) == 4  # 八乱: four pairs
    for item in items:
        item.full_clean()
        assert not item.is_simulated and item.is_active and item.document_id is None
        assert "实施意见" in item.source and "待核实" in item.source
        assert f'name="found_{item.pk}"' in page.content.decode()
    # Created once, each with an audit event by the user whose first use created it.
    created = AuditEvent.objects.filter(
        object_type="cleaning.scoreitem", actor=officer, action="create"
    )
    assert created.count() == len(sheet.DEFAULT_ITEMS) == len(items) == 16
    assert client.get(f"/cleaning/inspect/{village.code}/").status_code == 200
    assert ScoreItem.objects.filter(region=city).count() == 16

    edge = next(i for i in items if i.kind == ItemKind.MOVED_TO_EDGE)
    spot = next(i for i in items if i.name == "坑塘")
    saved = client.post(
        f"/cleaning/inspect/{village.code}/",
        {
            "inspected_on": DAY.isoformat(),
            "inspector_name": "督查员",
            f"found_{edge.pk}": "on",
            f"desc_{edge.pk}": "建筑垃圾倒在村南沟边",
            f"found_{spot.pk}": "on",
        },
    )
    assert saved.status_code == 302
    row = Inspection.objects.get(village=village)
    assert row.score == 100 - edge.points - spot.points == 84
    cases = Case.objects.filter(subject_type="cleaning.finding", village=village)
    assert sorted(cases.values_list("category", flat=True)) == [
        "cleaning.moved_to_edge",
        "cleaning.weak_spot",
    ]


def test_out_of_scope_first_use_is_not_found_and_installs_nothing(
    client: Client, town_and_villages: tuple[Region, list[Region]]
) -> None:
    no_demo_sheet()
    _town, (village, *_rest) = town_and_villages
    elsewhere = make_user("cl-sheet-elsewhere", Role.OFFICER, Region.objects.get(code="371502"))
    client.force_login(elsewhere)
    assert client.get(f"/cleaning/inspect/{village.code}/").status_code == 404
    assert not ScoreItem.objects.exists()


def test_the_city_edits_the_sheet_and_a_county_adds_to_it(
    client: Client, town_and_villages: tuple[Region, list[Region]]
) -> None:
    city = no_demo_sheet()
    town, (village, *_rest) = town_and_villages
    county = Region.objects.get(pk=town.county_id or 0)
    assert sheet.ensure_default_sheet(city.pk) is True
    assert sheet.ensure_default_sheet(city.pk) is False
    item = ScoreItem.objects.get(code=f"CL-{CITY}-W4")  # 坑塘
    # The city's administrator changes the points on the ledger's edit page.
    admin = make_user("cl-sheet-city-admin", Role.ADMIN, city)
    client.force_login(admin)
    url = f"/ledgers/cleaning-score-items/{item.pk}/edit/"
    form = client.get(url)
    assert form.status_code == 200 and 'class="card p-3"' in form.content.decode()
    data = {
        "code": item.code,
        "region": CITY,
        "name": item.name,
        "kind": item.kind,
        "points": "8.0",
        "document": "",
        "position": str(item.position),
        "is_active": "on",
        "source": "县督查办法（2026）",
    }
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.points == Decimal("8.0") and item.source == "县督查办法（2026）"
    assert next(i for i in inspections.score_sheet(village) if i.pk == item.pk).points == 8
    # A county official cannot change the city's row (not found) but adds the county's own.
    county_admin = make_user(f"cl-sheet-county-{county.code}", Role.ADMIN, county)
    client.force_login(county_admin)
    assert client.get(url).status_code == 404
    assert client.post(url, {**data, "points": "1.0"}).status_code == 404
    own = ScoreItem(
        code=f"T-CL-{county.code}-X1",
        region=county,
        name="县定项目",
        kind=ItemKind.WEAK_SPOT,
        points=Decimal("4"),
        source="县督查办法",
    )
    actions.save_object(county_admin, own)
    assert own.pk in {i.pk for i in inspections.score_sheet(village)}
    # Taken out of use, the defaults are not created again.
    ScoreItem.objects.filter(region=city).update(is_active=False)
    assert sheet.ensure_default_sheet(city.pk) is False
    assert {i.pk for i in inspections.score_sheet(village)} == {own.pk}


def test_the_demo_reuses_the_real_default_sheet() -> None:
    city = Region.objects.current().get(code=CITY)
    items = ScoreItem.objects.filter(region=city, document__isnull=True)
    assert sorted(items.values_list("code", flat=True)) == sorted(
        sheet.item_code(city, d) for d in sheet.DEFAULT_ITEMS
    )
    assert not items.filter(is_simulated=True).exists()
    assert all(i.source == sheet.ITEM_SOURCE for i in items)
    assert Finding.objects.filter(is_simulated=True, item__in=items).exists()


def test_staffing_figures_count_only_villages_in_scope(
    town_and_villages: tuple[Region, list[Region]],
) -> None:
    town, (village, other, *_rest) = town_and_villages
    cleaner(village)
    cleaner(other)
    officer = make_user(f"cl-sheet-staff-{village.code}", Role.VIEWER, village)
    city = Region.objects.current().get(code=CITY)
    # The city's page, which the village's viewer may open for its breadcrumb: her village only.
    mine = reports.total(reports.summary(officer, city), city)
    seen = Cleaner.objects.filter(village=village, is_active=True).count()
    assert mine.cleaners == seen >= 1
    assert mine.residents == (village.resident_population or 0)
    everything = make_user("cl-sheet-staff-city", Role.VIEWER, city)
    whole = reports.total(reports.summary(everything, city), city)
    assert whole.cleaners > mine.cleaners
    # The town's page: the other village's cleaner is not counted for the village's viewer.
    by_town = reports.total(reports.summary(officer, town), town)
    assert by_town.cleaners == seen


def test_staffing_page_of_a_region_out_of_scope_is_not_found(
    client: Client, town_and_villages: tuple[Region, list[Region]]
) -> None:
    _town, (village, other, *_rest) = town_and_villages
    viewer = make_user(f"cl-sheet-page-{village.code}", Role.VIEWER, village)
    client.force_login(viewer)
    assert client.get("/cleaning/staffing/", {"region": other.code}).status_code == 404
    assert client.get("/cleaning/staffing/", {"region": village.code}).status_code == 200


def test_campaign_choice_holds_the_villages_own_campaigns_and_no_other(
    client: Client, town_and_villages: tuple[Region, list[Region]]
) -> None:
    town, (village, other, *_rest) = town_and_villages
    officer = make_user(f"cl-sheet-camp-{town.code}", Role.OFFICER, town)

    def campaign(region: Region, name: str) -> Campaign:
        row = Campaign(
            code=f"T-CLA-{region.code}",
            region=region,
            name=name,
            kind="spring",
            starts_on=DAY,
            ends_on=DAY,
        )
        row.save()
        return row

    own, elsewhere = campaign(village, "本村清洁日"), campaign(other, "邻村清洁日")
    client.force_login(officer)
    with translation.override("en"):
        page = client.get(f"/cleaning/inspect/{village.code}/")
    assert page.status_code == 200
    choices = page.context["form"].fields["campaign"].queryset
    assert own in choices and elsewhere not in choices
    refused = client.post(
        f"/cleaning/inspect/{village.code}/",
        {"inspected_on": DAY.isoformat(), "inspector_name": "甲", "campaign": elsewhere.pk},
    )
    assert refused.status_code == 400
    assert not Inspection.objects.filter(Q(village=village) | Q(campaign=elsewhere)).exists()
