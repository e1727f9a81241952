"""record_pumpout: the case resolved, the PumpOut written, last_pumpout moved, all audited, or
nothing at all."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from renju.accounts.choices import OrganisationKind
from renju.accounts.models import Organisation
from renju.cases.actions import CaseActionError
from renju.cases.choices import State
from renju.cases.models import Case
from renju.cases.tests.test_actions import World, case_in, make_world, png
from renju.core.models import AuditEvent
from renju.toilets.choices import SludgeDestination
from renju.toilets.models import PumpOut
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
