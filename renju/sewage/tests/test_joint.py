"""Joint toilet-sewage governance through the generic hooks: the pump-out form names the plant
that took the sludge (``renju.core.sludge``), a fault case's end resets its facility
(``renju.cases.hooks``), and toilet links can be removed."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renju.accounts.choices import OrganisationKind, Role
from renju.accounts.models import Organisation
from renju.cases import actions as case_actions
from renju.cases.actions import CaseActionError
from renju.cases.choices import Source, State
from renju.cases.models import Case
from renju.cases.tests.test_actions import World, case_in, make_world, png
from renju.core import sludge
from renju.core.models import AuditEvent
from renju.core.testing import make_user, places
from renju.regions.models import Region
from renju.sewage import actions
from renju.sewage.cases import FAULT
from renju.sewage.choices import FacilityKind, RunningState
from renju.sewage.models import SewageFacility, SludgeDelivery, ToiletLink
from renju.toilets.choices import SludgeDestination
from renju.toilets.models import HouseholdToilet, PumpOut
from renju.toilets.pumpouts import receiving_plants, record_pumpout

pytestmark = pytest.mark.django_db


def _plant(
    region: Region,
    code: str,
    kind: str = FacilityKind.TOWN_PLANT,
    state: str = RunningState.NORMAL,
    operator: Organisation | None = None,
) -> SewageFacility:
    facility = SewageFacility(
        code=code,
        name=f"联治测试站{code}",
        kind=kind,
        region=region,
        design_capacity=Decimal("500"),
        discharge_registration="DJ-T" if kind in {"town_plant", "village_plant"} else "",
        running_state=state,
        operator=operator,
    )
    facility.save()
    return facility


@pytest.fixture
def world() -> World:
    return make_world()


@pytest.fixture
def plants(world: World) -> dict[str, SewageFacility]:
    here = world.toilet.region
    return {
        "plant": _plant(here, "T-J-PLANT"),
        "village_plant": _plant(here, "T-J-VP", FacilityKind.VILLAGE_PLANT),
        "cluster": _plant(here, "T-J-CL", FacilityKind.CLUSTER),
        "building": _plant(here, "T-J-BLD", state=RunningState.BUILDING),
        "elsewhere": _plant(places().other_village, "T-J-OUT"),
    }


# --- 1. the pump-out names the receiving plant ---------------------------------------------------


def test_plants_offered_are_the_countys_centralised_plants_running(world, plants):
    case = case_in(world, State.IN_PROGRESS, subject=True)
    offered = dict(receiving_plants(case))
    assert str(plants["plant"].pk) in offered and str(plants["village_plant"].pk) in offered
    for other in ("cluster", "building", "elsewhere"):
        assert str(plants[other].pk) not in offered
    assert offered[str(plants["plant"].pk)] == str(plants["plant"])


def test_pumpout_to_a_plant_records_the_delivery_in_the_same_write(world, plants):
    case = case_in(world, State.IN_PROGRESS, subject=True)
    worker = world.people["worker"]
    plant = plants["plant"]
    pumpout = record_pumpout(
        case,
        worker,
        volume=Decimal("2.4"),
        destination=SludgeDestination.TREATMENT,
        photos=[png()],
        plant=str(plant.pk),
    )
    delivery = SludgeDelivery.objects.get(pumpout=pumpout)
    assert delivery.facility == plant and delivery.volume == Decimal("2.4")
    assert delivery.delivered_on == pumpout.pumped_on == timezone.localdate()
    assert delivery.region_id == plant.region_id  # sits where the plant is
    assert pumpout.destination_site == str(plant)  # the site named after the plant
    event = AuditEvent.objects.get(object_type="sewage.sludgedelivery", object_id=delivery.pk)
    assert event.actor == worker and event.action == "create"
    case.refresh_from_db()
    assert case.state == State.RESOLVED and case.data["pumpout"]["plant"] == str(plant.pk)


@pytest.mark.parametrize("which", ["cluster", "building", "elsewhere", "nonsense"])
def test_a_plant_not_offered_saves_nothing(world, plants, which):
    case = case_in(world, State.IN_PROGRESS, subject=True)
    value = "x1" if which == "nonsense" else str(plants[which].pk)
    with pytest.raises(CaseActionError):
        record_pumpout(
            case, world.people["worker"], Decimal("2"), SludgeDestination.TREATMENT, plant=value
        )
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS
    assert not PumpOut.objects.filter(case=case).exists()


def test_reused_sludge_names_no_plant(world, plants):
    coop = Organisation.objects.create(
        code="T-J-COOP", name="联治合作社", kind=OrganisationKind.COOPERATIVE, region=world.town
    )
    case = case_in(world, State.IN_PROGRESS, subject=True)
    with pytest.raises(CaseActionError):
        record_pumpout(
            case,
            world.people["worker"],
            Decimal("2"),
            SludgeDestination.REUSE,
            coop,
            plant=str(plants["plant"].pk),
        )
    assert not PumpOut.objects.filter(case=case).exists()


def test_a_refused_delivery_rolls_back_the_pumpout(world, plants, monkeypatch):
    """The receiver's refusal after the pump-out is written undoes the whole step."""
    case = case_in(world, State.IN_PROGRESS, subject=True)

    def refuse(user, pumpout, value):
        raise ValueError("refused")

    receiver = sludge._receivers["sewage"]
    monkeypatch.setitem(
        sludge._receivers, "sewage", sludge.SludgeReceiver("sewage", receiver.choices, refuse)
    )
    with pytest.raises(CaseActionError, match="refused"):
        record_pumpout(
            case,
            world.people["worker"],
            Decimal("2"),
            SludgeDestination.TREATMENT,
            plant=str(plants["plant"].pk),
        )
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS
    assert not PumpOut.objects.filter(case=case).exists()
    world.toilet.refresh_from_db()
    assert world.toilet.last_pumpout is None


def _form_post(plant: str = "", site: str = "") -> dict[str, object]:
    return {
        "volume": "3.10",
        "destination": "treatment",
        "plant": plant,
        "site": site,
        "fee": "0",
        "subsidy": "0",
        "photos": [png()],
    }


def test_the_form_offers_the_plants_and_records_the_delivery(world, plants, client: Client):
    case = case_in(world, State.IN_PROGRESS, subject=True)
    client.force_login(world.people["worker"])
    url = reverse("toilets:pumpout", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert "plant" in form.fields
    assert list(form.fields)[list(form.fields).index("destination") + 1] == "plant"
    html = page.content.decode()
    assert plants["plant"].name in html and plants["cluster"].name not in html
    response = client.post(url, _form_post(plant=str(plants["plant"].pk)))
    assert response.status_code == 302, response.content.decode()[:2000]
    pumpout = PumpOut.objects.get(case=case)
    assert SludgeDelivery.objects.get(pumpout=pumpout).facility == plants["plant"]
    audited = AuditEvent.objects.filter(channel="page", actor=world.people["worker"])
    assert audited.filter(object_type="sewage.sludgedelivery").exists()


def test_the_form_without_a_plant_still_takes_a_site(world, plants, client: Client):
    case = case_in(world, State.IN_PROGRESS, subject=True)
    client.force_login(world.people["worker"])
    url = reverse("toilets:pumpout", args=[case.pk])
    missing = client.post(url, _form_post(), HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 400
    assert "Give the name of the treatment site." in missing.content.decode()
    response = client.post(url, _form_post(site="市污泥处理中心"))
    assert response.status_code == 302
    pumpout = PumpOut.objects.get(case=case)
    assert pumpout.destination_site == "市污泥处理中心"
    assert not SludgeDelivery.objects.filter(pumpout=pumpout).exists()


def test_the_form_refuses_a_plant_for_reused_sludge(world, plants, client: Client):
    case = case_in(world, State.IN_PROGRESS, subject=True)
    client.force_login(world.people["worker"])
    data = _form_post(plant=str(plants["plant"].pk))
    data["destination"] = "reuse"
    response = client.post(
        reverse("toilets:pumpout", args=[case.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "Reused sludge is not delivered to a plant." in response.content.decode()
    assert not PumpOut.objects.filter(case=case).exists()


@pytest.fixture
def no_receiver() -> Iterator[None]:
    saved = dict(sludge._receivers)
    sludge._receivers.clear()
    yield
    sludge._receivers.update(saved)


def test_without_a_receiver_the_form_is_as_before(world, plants, no_receiver, client: Client):
    case = case_in(world, State.IN_PROGRESS, subject=True)
    assert receiving_plants(case) == [] and not sludge.available()
    client.force_login(world.people["worker"])
    url = reverse("toilets:pumpout", args=[case.pk])
    assert "plant" not in client.get(url).context["form"].fields
    # A stray plant value is ignored by the form (no such field).
    response = client.post(url, _form_post(plant=str(plants["plant"].pk), site="站"))
    assert response.status_code == 302
    assert not SludgeDelivery.objects.filter(pumpout__case=case).exists()


# --- 2. a fault case's end resets its facility ---------------------------------------------------


def _fault_case(facility: SewageFacility, state: str, **extra: object) -> Case:
    now = timezone.now()
    fields: dict[str, object] = {
        "code": f"ST-{facility.pk}-{state}"[:24],  # a case number is at most 24 characters
        "category": FAULT.key,
        "source": Source.INSPECTION,
        "state": state,
        "region": facility.region,
        "assigned_org": facility.operator,
        "deadline": now,
        "accepted_at": now,
        "resolved_at": now if state == State.RESOLVED else None,
        "subject_type": FAULT.subject,
        "subject_id": facility.pk,
        "subject_label": facility.code,
    }
    fields.update(extra)
    return Case.objects.create(**fields)


@pytest.fixture
def operator() -> Organisation:
    where = places()
    return Organisation.objects.get(code=f"DEMO-{where.county.code}-SEWAGE")


def _facility_events(facility: SewageFacility) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_type="sewage.sewagefacility", object_id=str(facility.pk)
        ).order_by("pk")
    )


@pytest.mark.parametrize("step", ["confirm", "close"])
def test_confirming_or_closing_a_fault_case_resets_the_facility(operator, step):
    where = places()
    facility = _plant(where.village, f"T-J-F-{step}", state=RunningState.FAULT, operator=operator)
    case = _fault_case(facility, State.RESOLVED)
    officer = make_user(f"j-officer-{step}", Role.OFFICER, where.county)
    if step == "confirm":
        case_actions.confirm(case, 5, user=officer)
    else:
        case_actions.close(case, officer)
    facility.refresh_from_db()
    assert facility.running_state == RunningState.NORMAL
    [event] = _facility_events(facility)
    assert event.changes == {"running_state": ["fault", "normal"]}
    assert event.actor == officer and case.code in event.note
    # Closing after the confirmation changes nothing more.
    if step == "confirm":
        case_actions.close(Case.objects.get(pk=case.pk), officer)
        assert len(_facility_events(facility)) == 1


def test_automatic_closing_resets_the_facility_too(operator):
    where = places()
    facility = _plant(where.village, "T-J-F-AUTO", state=RunningState.FAULT, operator=operator)
    old = timezone.now() - datetime.timedelta(days=FAULT.confirm_days + 1)
    case = _fault_case(facility, State.RESOLVED, resolved_at=old)
    assert case_actions.auto_close() >= 1
    case.refresh_from_db()
    facility.refresh_from_db()
    assert case.state == State.CLOSED and facility.running_state == RunningState.NORMAL
    [event] = _facility_events(facility)
    assert event.actor is None and event.channel == "system"


def test_a_stopped_facility_stays_stopped(operator):
    where = places()
    facility = _plant(where.village, "T-J-F-STOP", state=RunningState.STOPPED, operator=operator)
    case = _fault_case(facility, State.RESOLVED)
    case_actions.close(case, make_user("j-officer-stop", Role.OFFICER, where.county))
    facility.refresh_from_db()
    assert facility.running_state == RunningState.STOPPED
    assert _facility_events(facility) == []


def test_resolving_a_fault_case_is_noted_on_the_facility(operator):
    where = places()
    facility = _plant(where.village, "T-J-F-RES", state=RunningState.FAULT, operator=operator)
    crew = make_user("j-crew", Role.DISPATCHER, where.county)
    crew.organisation = operator  # the operator's dispatcher reports the fix
    crew.save(update_fields=["organisation"])
    case = _fault_case(facility, State.IN_PROGRESS)
    case_actions.resolve(case, crew, note="换泵")
    facility.refresh_from_db()
    assert facility.running_state == RunningState.FAULT  # not running again until confirmed
    [event] = _facility_events(facility)
    assert event.changes == {} and "resolved" in event.note and case.code in event.note


def test_other_categories_do_not_touch_the_facility(operator):
    where = places()
    facility = _plant(where.village, "T-J-F-EXC", state=RunningState.FAULT, operator=operator)
    case = _fault_case(facility, State.RESOLVED, category="sewage.exceedance")
    case_actions.close(case, make_user("j-officer-exc", Role.OFFICER, where.county))
    facility.refresh_from_db()
    assert facility.running_state == RunningState.FAULT


# --- 3. removing a toilet link -------------------------------------------------------------------


def _linked(facility: SewageFacility, county: Region) -> tuple[HouseholdToilet, ToiletLink]:
    toilet = (
        HouseholdToilet.objects.filter(county=county)
        .exclude(pk__in=ToiletLink.objects.values("toilet_id"))
        .select_related("region")
        .first()
    )
    assert toilet is not None
    link = ToiletLink.objects.create(
        code=f"TL-{toilet.code}", toilet=toilet, region=toilet.region, facility=facility
    )
    return toilet, link


def test_a_link_is_removed_from_the_page_and_audited(client: Client):
    where = places()
    facility = _plant(where.village, "T-J-L1")
    toilet, link = _linked(facility, where.county)
    officer = make_user("j-unlink", Role.OFFICER, where.county)
    client.force_login(officer)
    page = reverse("sewage:facility", args=[facility.pk])
    shown = client.get(page).content.decode()
    assert f'data-testid="unlink-{toilet.code}"' in shown
    response = client.post(page, {"action": "unlink", "link": link.pk})
    assert response.status_code == 302
    assert not ToiletLink.objects.filter(pk=link.pk).exists()
    event = AuditEvent.objects.get(object_type="sewage.toiletlink", object_id=str(link.pk))
    assert event.action == "delete" and event.actor == officer and event.channel == "page"
    assert event.changes["facility_id"] == [facility.pk, None]
    assert event.village_id == toilet.village_id
    # Gone is gone: a second removal is "not found".
    assert client.post(page, {"action": "unlink", "link": link.pk}).status_code == 404


def test_removing_a_link_out_of_scope_is_not_found(client: Client):
    where = places()
    facility = _plant(where.village, "T-J-L2")
    _toilet, link = _linked(facility, where.county)
    page = reverse("sewage:facility", args=[facility.pk])
    # A viewer of the county sees the link but cannot remove it.
    client.force_login(make_user("j-unlink-viewer", Role.VIEWER, where.county))
    assert 'data-testid="unlink-' not in client.get(page).content.decode()
    assert client.post(page, {"action": "unlink", "link": link.pk}).status_code == 404
    # An officer of another county does not see the facility at all.
    client.force_login(make_user("j-unlink-other", Role.OFFICER, where.other_county))
    assert client.post(page, {"action": "unlink", "link": link.pk}).status_code == 404
    # A link of another facility cannot be removed through this one.
    other = _plant(where.village, "T-J-L3")
    client.force_login(make_user("j-unlink-officer", Role.OFFICER, where.county))
    other_page = reverse("sewage:facility", args=[other.pk])
    assert client.post(other_page, {"action": "unlink", "link": link.pk}).status_code == 404
    assert client.post(other_page, {"action": "unlink", "link": "x"}).status_code == 404
    assert ToiletLink.objects.filter(pk=link.pk).exists()
    assert not AuditEvent.objects.filter(object_type="sewage.toiletlink", action="delete").exists()


def test_unlink_action_checks_the_toilets_place():
    """A town officer may change the facility's village but not a toilet in another town."""
    where = places()
    facility = _plant(where.village, "T-J-L4")
    toilet = (
        HouseholdToilet.objects.filter(town=where.other_town_same_county)
        .select_related("region")
        .first()
    )
    assert toilet is not None
    link = ToiletLink.objects.create(
        code=f"TL-{toilet.code}", toilet=toilet, region=toilet.region, facility=facility
    )
    officer = make_user("j-unlink-town", Role.OFFICER, where.town)
    with pytest.raises(actions.PermissionDenied):
        actions.unlink_toilet(officer, facility, link.pk)
    assert ToiletLink.objects.filter(pk=link.pk).exists()
