"""Manure produced and utilised, the utilisation rate, the coefficients, the pages.

The fixture village is emptied of demo livestock first; then (default coefficients, SEPA 2002):

    pig farm, 100 head, in production     100 × (2.0 + 3.3) × 365 / 1000 = 193.450 t
    layer farm, 1000 head, closed           not counted                   =   0
    household pigs, 10 head                  10 × 5.3 × 0.365               =  19.345 t
    household sheep, 20 head                 20 × 2.6 × 0.365               =  18.980 t
    produced                                                               = 231.775 t
    utilised: farm 150 t today + 30 t 364 days ago (window edge, inside); 999 t 365 days ago
    (outside); household 20 t today                                        = 200 t
    rate 200 / 231.775 = 86.291...%; the pig farm's own rate 180 / 193.45 = 93.05%.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renju.core.models import AuditEvent
from renju.core.models.audit import AuditAction
from renju.core.testing import Places, make_user, places
from renju.indicators.registry import get_indicator
from renju.regions.models import Region

from .. import coefficients, production
from ..choices import Species
from ..ledgers import validate_farm_record
from ..models import (
    DeadAnimalDisposal,
    Farm,
    HouseholdLivestock,
    ManureCoefficient,
    ManureUtilisation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def where() -> Places:
    return places()


def _empty(village: Region) -> None:
    ManureUtilisation.objects.filter(village=village).delete()
    DeadAnimalDisposal.objects.filter(village=village).delete()
    HouseholdLivestock.objects.filter(village=village).delete()
    Farm.objects.filter(village=village).delete()


def _farm(village: Region, code: str, species: str, heads: int, status: str = "active") -> Farm:
    farm = Farm(
        code=code,
        name=f"测试{code}",
        region=village,
        operator="测试",
        species=species,
        head_count=heads,
        status=status,
    )
    farm.save()
    return farm


def _use(
    village: Region, code: str, tonnes: str, day: datetime.date, farm: Farm | None = None, **kw: Any
) -> ManureUtilisation:
    row = ManureUtilisation(
        code=code,
        region=village,
        farm=farm,
        species=kw.pop("species", farm.species if farm else Species.PIG),
        utilised_on=day,
        method="composting",
        quantity_t=Decimal(tonnes),
        **kw,
    )
    row.save()
    return row


@pytest.fixture
def fixture_village(where: Places) -> Region:
    village = where.village
    _empty(village)
    today = timezone.localdate()
    pig = _farm(village, "T-LS-PIG", Species.PIG, 100)
    _farm(village, "T-LS-LAYER", Species.LAYER, 1000, status="closed")
    HouseholdLivestock(code="T-LS-H1", region=village, species=Species.PIG, head_count=10).save()
    HouseholdLivestock(
        code="T-LS-H2", region=village, species=Species.SHEEP_GOAT, head_count=20
    ).save()
    _use(village, "T-LS-U1", "150", today, pig)
    _use(village, "T-LS-U2", "30", today - datetime.timedelta(days=364), pig)
    _use(village, "T-LS-U3", "999", today - datetime.timedelta(days=365), pig)
    _use(village, "T-LS-U4", "20", today, species=Species.PIG)
    return village


def test_default_coefficients_per_year() -> None:
    per_year = coefficients.per_year_t()
    assert per_year[Species.PIG] == pytest.approx(1.9345)
    assert per_year[Species.DAIRY_CATTLE] == pytest.approx(10.95)
    assert per_year[Species.LAYER] == pytest.approx(0.0438)
    assert all(not c.verified for c in coefficients.DEFAULTS.values())  # 待核实 until checked
    assert set(coefficients.DEFAULTS) == set(Species)


def test_hand_computed_rate(fixture_village: Region) -> None:
    parts = production.village_parts([fixture_village.pk])
    utilised, produced = parts[fixture_village.pk]
    assert produced == pytest.approx(231.775)
    assert utilised == pytest.approx(200.0)
    indicator = get_indicator("livestock.manure_utilisation_rate")
    assert indicator.compute([fixture_village.pk]) == parts
    assert indicator.value(utilised, produced) == pytest.approx(86.2906, abs=1e-4)
    assert indicator.target == 90.0 and "90%以上" in indicator.target_source


def test_window_edges(fixture_village: Region) -> None:
    """The window is today and the 364 days before it, both inclusive."""
    today = timezone.localdate()
    start, end = production.window(today)
    assert (end - start).days == 364
    # Tomorrow the 364-day-old record (30 t) leaves the window.
    parts = production.village_parts([fixture_village.pk], today + datetime.timedelta(days=1))
    assert parts[fixture_village.pk][0] == pytest.approx(170.0)


def test_utilised_counts_up_to_production(fixture_village: Region) -> None:
    _use(fixture_village, "T-LS-U5", "500", timezone.localdate(), species=Species.PIG)
    utilised, produced = production.village_parts([fixture_village.pk])[fixture_village.pk]
    assert utilised == produced == pytest.approx(231.775)


def test_no_livestock_is_no_data(where: Places) -> None:
    _empty(where.village)
    assert production.village_parts([where.village.pk]) == {}


def test_farm_target_edge_is_inclusive(where: Places) -> None:
    """A farm at exactly 90% meets the target; a hundredth of a tonne less is below it."""
    village = where.village
    _empty(village)
    ManureCoefficient.objects.create(
        species=Species.DAIRY_CATTLE, faeces_kg=Decimal("10"), urine_kg=0, source="test"
    )
    today = timezone.localdate()
    at = _farm(village, "T-LS-AT", Species.DAIRY_CATTLE, 100)  # 100 × 3.65 = 365 t
    below = _farm(village, "T-LS-BELOW", Species.DAIRY_CATTLE, 100)
    _use(village, "T-LS-A1", "328.50", today, at)  # 90.000%
    _use(village, "T-LS-B1", "328.49", today, below)  # 89.997%
    figures = {
        f.farm.code: f
        for f in production.farm_figures(
            Farm.objects.filter(village=village), ManureUtilisation.objects.all(), today
        )
    }
    assert figures["T-LS-AT"].rate == pytest.approx(90.0)
    assert not figures["T-LS-AT"].below_target
    assert figures["T-LS-BELOW"].below_target


def test_coefficient_edit_takes_effect_and_is_audited(
    client: Client, fixture_village: Region, where: Places
) -> None:
    officer = make_user("ls-city", "officer", where.city)
    client.force_login(officer)
    page = reverse("livestock:coefficient-edit", args=[Species.PIG])
    assert client.get(page).status_code == 200
    response = client.post(
        page,
        {"faeces_kg": "3.0", "urine_kg": "5.0", "source": "第二次全国污染源普查", "verified": "on"},
    )
    assert response.status_code == 302
    # pigs now 8 kg a day: (100 + 10) × 8 × 0.365 = 321.2, sheep 18.98 → 340.18 t
    _utilised, produced = production.village_parts([fixture_village.pk])[fixture_village.pk]
    assert produced == pytest.approx(340.18)
    event = AuditEvent.objects.get(object_type="livestock.manurecoefficient", actor=officer)
    assert event.action == AuditAction.CREATE
    assert event.changes["urine_kg"][1] == "5.000"
    assert event.region_id == where.city.pk
    html = client.get(reverse("livestock:coefficients")).content.decode()
    assert "第二次全国污染源普查" in html and "待核实" in html  # other species still unchecked
    # A second edit is an update with only the changed field.
    client.post(
        page,
        {"faeces_kg": "3.0", "urine_kg": "4.0", "source": "第二次全国污染源普查", "verified": "on"},
    )
    update = AuditEvent.objects.filter(
        object_type="livestock.manurecoefficient", action=AuditAction.UPDATE
    ).get()
    assert set(update.changes) == {"urine_kg"}


def test_coefficient_edit_is_the_citys(client: Client, where: Places) -> None:
    """A county officer sees the table but cannot change it (404); a bad figure is refused."""
    client.force_login(make_user("ls-county", "officer", where.county))
    assert client.get(reverse("livestock:coefficients")).status_code == 200
    page = reverse("livestock:coefficient-edit", args=[Species.PIG])
    assert client.get(page).status_code == 404
    assert client.post(page, {"faeces_kg": "1", "urine_kg": "1", "source": "x"}).status_code == 404
    assert not ManureCoefficient.objects.exists()
    client.force_login(make_user("ls-city2", "officer", where.city))
    bad = client.post(page, {"faeces_kg": "-1", "urine_kg": "1", "source": "x"})
    assert bad.status_code == 400 and not ManureCoefficient.objects.exists()
    assert client.get(reverse("livestock:coefficient-edit", args=["unicorn"])).status_code == 404


def test_summary_page_scoped(client: Client, fixture_village: Region, where: Places) -> None:
    town_user = make_user("ls-town", "viewer", where.town)
    client.force_login(town_user)
    response = client.get(reverse("livestock:summary"), {"region": where.town.code})
    assert response.status_code == 200
    data = response.context["data"]
    rows = {r.code: r for r in data.by_child}
    row = rows[fixture_village.code]
    assert row.produced == pytest.approx(231.775)
    assert row.utilised == pytest.approx(200.0)
    assert row.below_target  # 86.3% < 90%
    assert f'class="table-danger" data-code="{fixture_village.code}"' in response.content.decode()
    # The town's figures are the sum of its villages (only the town's rows, none elsewhere).
    town_farms = Farm.objects.filter(town=where.town, status="active")
    assert data.farms == town_farms.count()
    # Outside the grant: 404 for the other county, and for the neighbour town.
    for code in (where.other_county.code, where.other_town_same_county.code):
        assert client.get(reverse("livestock:summary"), {"region": code}).status_code == 404
    # The county user sees the county by town, with the fixture town included.
    client.force_login(make_user("ls-county-v", "viewer", where.county))
    county = client.get(reverse("livestock:summary"))
    assert county.status_code == 200 and county.context["region"] == where.county
    assert where.town.code in {r.code for r in county.context["data"].by_child}


def test_summary_farms_below_target(client: Client, where: Places) -> None:
    village = where.village
    _empty(village)
    today = timezone.localdate()
    good = _farm(village, "T-LS-GOOD", Species.PIG, 100)
    poor = _farm(village, "T-LS-POOR", Species.PIG, 100)
    _use(village, "T-LS-G1", "190", today, good)  # 98.2%
    _use(village, "T-LS-P1", "100", today, poor)  # 51.7%
    client.force_login(make_user("ls-village", "viewer", village))
    response = client.get(reverse("livestock:summary"), {"region": village.code})
    below = [f.farm.code for f in response.context["data"].farms_below]
    assert below == ["T-LS-POOR"]
    species = {r.key: r for r in response.context["data"].by_species}
    assert species[Species.PIG].produced == pytest.approx(386.9)
    assert species[Species.PIG].utilised == pytest.approx(290.0)


def test_validate_farm_record(where: Places) -> None:
    farm = _farm(where.village, "T-LS-V", Species.PIG, 10)
    assert validate_farm_record({"farm": farm, "region": where.village, "species": "pig"}) == {}
    errors = validate_farm_record(
        {"farm": farm, "region": where.other_village, "species": Species.LAYER}
    )
    assert set(errors) == {"region", "species"}
    assert validate_farm_record({"farm": None, "region": where.other_village}) == {}


def test_page_write_is_audited_and_checked(client: Client, where: Places) -> None:
    """A utilisation record added on the ledger page: one audit event; a farm elsewhere refused."""
    farm = _farm(where.village, "T-LS-W", Species.PIG, 10)
    user = make_user("ls-officer", "officer", where.county)
    client.force_login(user)
    data = {
        "code": "T-LS-PAGE",
        "region": where.village.code,
        "farm": str(farm.pk),
        "species": "pig",
        "utilised_on": timezone.localdate().isoformat(),
        "method": "biogas",
        "quantity_t": "4.50",
        "receiver": "",
        "note": "",
    }
    url = reverse("ledgers:manure-utilisation-add")
    assert client.post(url, data).status_code == 302
    row = ManureUtilisation.objects.get(code="T-LS-PAGE")
    events = AuditEvent.objects.filter(object_type="livestock.manureutilisation", object_id=row.pk)
    assert [(e.action, e.actor_id) for e in events] == [(AuditAction.CREATE, user.pk)]
    # A record naming the farm but placed in another village of the town is refused.
    target = (
        Region.objects.current()
        .filter(town=where.town, level=5)
        .exclude(pk=where.village.pk)
        .order_by("code")
        .first()
    )
    assert target is not None
    refused = client.post(url, {**data, "code": "T-LS-PAGE2", "region": target.code})
    assert refused.status_code == 400
    assert "region" in refused.context["form"].errors


def test_demo_data(where: Places) -> None:
    """The demo made farms in every county, records in the window and audit events."""
    counties = set(Farm.objects.filter(is_simulated=True).values_list("county_id", flat=True))
    assert len(counties) == 8
    assert ManureUtilisation.objects.filter(is_simulated=True).exists()
    assert DeadAnimalDisposal.objects.filter(is_simulated=True).exists()
    assert HouseholdLivestock.objects.filter(is_simulated=True).exists()
    assert AuditEvent.objects.filter(
        object_type="livestock.farm", note="simulated livestock"
    ).exists()
    villages = list(
        Region.objects.current().filter(city=where.city, level=5).values_list("pk", flat=True)
    )
    parts = production.village_parts(villages)
    utilised = sum(u for u, _p in parts.values())
    produced = sum(p for _u, p in parts.values())
    assert 0.8 < utilised / produced < 0.99  # realistic: near but mostly above the target
