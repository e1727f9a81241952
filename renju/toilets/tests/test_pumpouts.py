"""record_pumpout: the case resolved, the PumpOut written, last_pumpout moved, all audited, or
nothing at all."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renju.accounts.choices import OrganisationKind
from renju.accounts.models import Organisation, ServiceArea
from renju.cases.actions import CaseActionError
from renju.cases.choices import State
from renju.cases.models import Case
from renju.cases.tests.test_actions import World, case_in, make_world, png
from renju.core.models import AuditEvent
from renju.households.models import Household
from renju.regions.models import Region
from renju.toilets.choices import SludgeDestination
from renju.toilets.models import HouseholdToilet, PumpOut
from renju.toilets.pumpouts import receiving_organisations, record_pumpout

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


@pytest.fixture
def cooperative(world: World) -> Organisation:
    return Organisation.objects.create(
        code="T-COOP-1",
        name="测试合作社",
        kind=OrganisationKind.COOPERATIVE,
        region=world.town,
    )


def _in_progress(world: World) -> Case:
    return case_in(world, State.IN_PROGRESS, subject=True)


def test_record_pumpout_resolves_records_and_audits(world: World):
    case = _in_progress(world)
    worker = world.people["worker"]
    pumpout = record_pumpout(
        case,
        worker,
        volume=Decimal("2.5"),
        destination=SludgeDestination.TREATMENT,
        destination_org=None,
        site="东昌府区污泥处理站",
        fee=Decimal("30"),
        subsidy=Decimal("20"),
        photos=[png()],
    )
    case.refresh_from_db()
    world.toilet.refresh_from_db()
    assert case.state == State.RESOLVED and case.resolved_at is not None
    assert case.data["pumpout"]["volume"] == "2.5"
    assert case.photos.count() == 1
    assert pumpout.case == case and pumpout.toilet == world.toilet
    assert pumpout.company == world.company
    assert pumpout.volume == Decimal("2.5") and pumpout.household_fee == Decimal("30")
    assert world.toilet.last_pumpout == timezone.localdate()
    events = AuditEvent.objects.filter(actor=worker)
    assert events.filter(object_type="toilets.pumpout", object_id=str(pumpout.pk)).exists()
    toilet_event = events.get(object_type="toilets.householdtoilet", object_id=str(world.toilet.pk))
    assert toilet_event.changes["last_pumpout"][1] == timezone.localdate().isoformat()
    assert events.filter(object_type="cases.case", object_id=str(case.pk)).exists()


def test_reuse_needs_a_receiving_cooperative_of_the_county(world: World, cooperative):
    case = _in_progress(world)
    assert cooperative in receiving_organisations(case)
    with pytest.raises(CaseActionError):
        record_pumpout(case, world.people["worker"], Decimal("1"), SludgeDestination.REUSE)
    elsewhere = Organisation.objects.create(
        code="T-COOP-2",
        name="外县合作社",
        kind=OrganisationKind.FAMILY_FARM,
        region=world.people["county2"].grants.get().region,
    )
    with pytest.raises(CaseActionError):
        record_pumpout(
            case, world.people["worker"], Decimal("1"), SludgeDestination.REUSE, elsewhere
        )
    pumpout = record_pumpout(
        case, world.people["worker"], Decimal("1"), SludgeDestination.REUSE, cooperative
    )
    assert pumpout.destination_org == cooperative


@pytest.mark.parametrize("volume", ["0.01", "100"])
def test_the_bounds_of_the_volume_are_accepted(world: World, volume: str):
    """0.01 m³ and 100 m³ are allowed; a float bound (0.01000…0208) refused 0.01 itself."""
    case = _in_progress(world)
    pumpout = record_pumpout(
        case, world.people["worker"], Decimal(volume), SludgeDestination.TREATMENT, site="站"
    )
    assert pumpout.volume == Decimal(volume)
    PumpOut._meta.get_field("volume").run_validators(Decimal(volume))  # forms, API, import


@pytest.mark.parametrize("volume", ["0", "-1", "100.01", "250"])
def test_volume_out_of_range_saves_nothing(world: World, volume: str):
    case = _in_progress(world)
    with pytest.raises(CaseActionError):
        record_pumpout(
            case, world.people["worker"], Decimal(volume), SludgeDestination.TREATMENT, site="站"
        )
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS
    assert not PumpOut.objects.filter(case=case).exists()


def test_wrong_crew_member_or_state_saves_nothing(world: World):
    case = _in_progress(world)
    with pytest.raises(PermissionDenied):
        record_pumpout(
            case, world.people["worker2"], Decimal("2"), SludgeDestination.TREATMENT, site="站"
        )
    done = case_in(world, State.RESOLVED, subject=False)
    with pytest.raises(CaseActionError):
        record_pumpout(
            done, world.people["worker"], Decimal("2"), SludgeDestination.TREATMENT, site="站"
        )
    assert not PumpOut.objects.filter(case__in=[case, done]).exists()
    world.toilet.refresh_from_db()
    assert world.toilet.last_pumpout is None


def test_a_case_without_a_toilet_rolls_back_the_resolution(world: World):
    case = case_in(world, State.IN_PROGRESS, subject=False)
    with pytest.raises(CaseActionError):
        record_pumpout(
            case, world.people["worker"], Decimal("2"), SludgeDestination.TREATMENT, site="站"
        )
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS
    assert not case.events.exists()


# --- through the form --------------------------------------------------------------------------


def _client(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "volume": "2.5",
        "destination": "treatment",
        "site": "区污泥处理站",
        "fee": "20",
        "subsidy": "30",
        "photos": [png()],
    }
    data.update(changes)
    return data


def _unserved_toilet(world: World) -> HouseholdToilet:
    """A new toilet in a town of the company's county that none of its service areas covers."""
    served = set(
        ServiceArea.objects.filter(organisation=world.company, status="active").values_list(
            "region_id", flat=True
        )
    )
    assert world.company.region_id not in served  # the company serves towns, not the county
    for town in Region.objects.current().filter(parent=world.company.region).order_by("code"):
        household = (
            Household.objects.filter(town=town).order_by("code").first()
            if town.pk not in served
            else None
        )
        if household is not None:
            assert household.village_id not in served
            return HouseholdToilet.objects.create(
                code=f"{household.code}92",
                household=household,
                region=household.region,
                toilet_type="three_compartment",
            )
    raise AssertionError("the demo county has households in a town the company does not serve")


def test_crew_completes_a_case_given_to_its_company_outside_its_service_areas(world: World):
    """The case is the crew's authority over its toilet: a case given to the company (by a
    routing rule, or before its service area ended) is completed, not refused."""
    toilet = _unserved_toilet(world)
    case = case_in(
        world,
        State.IN_PROGRESS,
        subject=True,
        region=toilet.region,
        subject_id=toilet.pk,
        subject_label=toilet.code,
    )
    worker = world.people["worker"]
    response = _client(worker).post(reverse("toilets:pumpout", args=[case.pk]), _form())
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("cases:my")
    case.refresh_from_db()
    toilet.refresh_from_db()
    assert case.state == State.RESOLVED
    pumpout = PumpOut.objects.get(case=case)
    assert pumpout.toilet == toilet and pumpout.company == world.company
    assert toilet.last_pumpout == timezone.localdate()
    audited = AuditEvent.objects.filter(actor=worker)
    assert audited.filter(object_type="toilets.pumpout", object_id=str(pumpout.pk)).exists()
    assert audited.filter(object_type="toilets.householdtoilet", object_id=str(toilet.pk)).exists()


def test_the_form_sent_twice_lands_on_my_jobs_once_recorded(world: World):
    """A double tap on "save": the second POST answers like the first, not "not found"."""
    case = _in_progress(world)
    client = _client(world.people["worker"])
    url = reverse("toilets:pumpout", args=[case.pk])
    first = client.post(url, _form())
    second = client.post(url, _form())
    for response in (first, second):
        assert response.status_code == 302 and response["Location"] == reverse("cases:my")
    assert any("recorded" in str(m) for m in get_messages(second.wsgi_request))
    assert PumpOut.objects.filter(case=case).count() == 1
    assert case.events.filter(kind="resolved").count() == 1
    # Only the crew of the case's company is answered so: others still find nothing.
    other = _client(world.people["other_company"]).post(url, _form())
    assert other.status_code == 404


def _media_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_a_refused_pumpout_leaves_no_photo_files(world: World):
    """The photos are saved while the case is resolved; a later refusal (no toilet on the case)
    rolls the rows back, and the files go with them."""
    case = case_in(world, State.IN_PROGRESS, subject=False)
    before = _media_files()
    response = _client(world.people["worker"]).post(
        reverse("toilets:pumpout", args=[case.pk]), _form(photos=[png("a.png"), png("b.png")])
    )
    assert response.status_code == 400
    assert "not a pump-out of a household toilet" in response.content.decode()
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS and not case.photos.exists()
    assert _media_files() == before


def test_a_recorded_pumpout_keeps_its_photo_files(world: World):
    case = _in_progress(world)
    before = _media_files()
    record_pumpout(
        case,
        world.people["worker"],
        Decimal("2"),
        SludgeDestination.TREATMENT,
        site="站",
        photos=[png()],
    )
    added = _media_files() - before
    assert len(added) == 1
    assert case.photos.get().image.path in {str(p) for p in added}


def test_a_dispatcher_who_records_a_crews_job_lands_on_the_case(world: World):
    """Her own job list is empty of it: landing there, the case looked as if it had vanished."""
    case = _in_progress(world)
    assert case.assignee_id != world.people["dispatcher"].pk
    response = _client(world.people["dispatcher"]).post(
        reverse("toilets:pumpout", args=[case.pk]), _form()
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert PumpOut.objects.filter(case=case).count() == 1
