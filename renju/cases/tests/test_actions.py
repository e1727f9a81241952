"""The case state machine: every step × every state × every persona, then whole lives of cases.

The table below is the specification. A step taken by a persona it does not allow raises
``PermissionDenied`` (answered as "not found" by the pages) whatever the state; an allowed
persona in a wrong state gets ``CaseActionError`` (shown to her); otherwise the step succeeds.
The detail page's buttons (``views.available_steps``) must agree with it exactly.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from renju.accounts.choices import Role
from renju.accounts.models import Organisation, RoleGrant, User
from renju.cases import actions, tasks
from renju.cases.actions import CaseActionError
from renju.cases.choices import EventKind, Source, State
from renju.cases.models import Case, Notification
from renju.cases.views import available_steps
from renju.core.models import AuditEvent
from renju.core.testing import make_company_user, make_user, places
from renju.households.models import Household
from renju.regions.models import Region
from renju.toilets.cases import TOILET_FULL
from renju.toilets.models import HouseholdToilet

pytestmark = pytest.mark.django_db


# --- the world: the demo county's people around one toilet -----------------------------------


@dataclass
class World:
    town: Region
    household: Household
    toilet: HouseholdToilet
    company: Organisation
    people: dict[str, Any]  # persona → user (AnonymousUser for the villager)

    @property
    def village(self) -> Region:
        return self.toilet.region


def png(name: str = "photo.png") -> SimpleUploadedFile:
    """A real (tiny) PNG upload."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _user(username: str) -> User:
    return User.objects.get(username=username)


def make_world() -> World:
    """The demo town served by the demo pump-out company, a household toilet in it, personas."""
    town_officer = _user("town_officer")
    town = town_officer.grants.get().region
    household = Household.objects.filter(town=town).order_by("code").first()
    assert household is not None, "the demo city has households in the served town"
    toilet = HouseholdToilet.objects.create(
        code=f"{household.code}91",
        household=household,
        region=household.region,
        toilet_type="three_compartment",
    )
    company = Organisation.objects.get(code="DEMO-371502-PUMP")
    worker2 = User.objects.create_user(
        username="crew_two", password="pw-Renju-2026!", organisation=company
    )
    RoleGrant.objects.create(user=worker2, role=Role.FIELD_WORKER, region=company.region)
    # Another pump-out company of the county, serving the neighbouring town.
    other = make_company_user(
        "other_pump_dispatcher", Role.DISPATCHER, company.region, [places().other_town_same_county]
    )
    people = {
        "town": town_officer,
        "county": _user("county_admin"),
        "county2": _user("county2_admin"),
        "dispatcher": _user("company_dispatcher"),
        "worker": _user("company_worker"),
        "worker2": worker2,
        "other_company": other,
        "villager": AnonymousUser(),
    }
    return World(town, household, toilet, company, people)


@pytest.fixture
def world() -> World:
    return make_world()


_serial = iter(range(1, 10**6))


def case_in(world: World, state: str, *, subject: bool = False, **extra: Any) -> Case:
    """A case already in ``state`` (written directly: the state is what the test varies)."""
    now = timezone.now()
    done = state in {State.RESOLVED, State.CONFIRMED, State.CLOSED}
    fields: dict[str, Any] = {
        "code": f"X{now:%Y%m%d}{next(_serial):05d}",
        "category": TOILET_FULL.key,
        "source": Source.STAFF,
        "state": state,
        "region": world.village,
        "assigned_org": world.company,
        "assignee": world.people["worker"],
        "deadline": now + datetime.timedelta(hours=48),
        "reporter_name": "王五",
        "reporter_phone": "13912345678",
        "accepted_at": now if state not in {State.NEW, State.ASSIGNED} else None,
        "resolved_at": now if done else None,
        "closed_at": now if state in {State.CLOSED, State.REJECTED} else None,
    }
    if subject:
        fields.update(
            subject_type="toilets.householdtoilet",
            subject_id=world.toilet.pk,
            subject_label=world.toilet.code,
        )
    fields.update(extra)
    return Case.objects.create(**fields)


# --- the specification -----------------------------------------------------------------------

ALL_STATES = [s.value for s in State]
OFFICIALS = {"town", "county"}
STEP_SPEC: dict[str, tuple[set[str], set[str]]] = {
    # step: (states it may be taken from, personas who may take it)
    "assign": ({"new", "assigned", "accepted", "reopened"}, OFFICIALS),
    "accept": ({"assigned", "reopened"}, {"dispatcher"}),
    "dispatch": ({"accepted", "in_progress"}, {"dispatcher"}),
    "start": ({"accepted"}, {"dispatcher", "worker"}),
    "resolve": ({"accepted", "in_progress"}, {"dispatcher", "worker"}),
    "confirm": ({"resolved"}, OFFICIALS | {"villager"}),
    "close": ({"resolved", "confirmed"}, OFFICIALS),
    "reject": ({"new", "assigned", "accepted", "reopened"}, OFFICIALS | {"dispatcher"}),
    "reopen": ({"resolved", "confirmed", "closed"}, OFFICIALS | {"villager"}),
    "comment": (set(ALL_STATES), OFFICIALS | {"dispatcher", "worker", "worker2"}),
}
PERSONAS = ["town", "county", "county2", "dispatcher", "worker", "worker2", "other_company"]
PERSONAS += ["villager"]

Call = Callable[[Case, Any, World], Any]


def _token(user: Any, case: Case) -> str | None:
    return case.reporter_token if isinstance(user, AnonymousUser) else None


CALLS: dict[str, Call] = {
    "assign": lambda c, u, w: actions.assign(c, u, w.company),
    "accept": lambda c, u, w: actions.accept(c, u),
    "dispatch": lambda c, u, w: actions.dispatch_to(c, u, w.people["worker"]),
    "start": lambda c, u, w: actions.start(c, u),
    "resolve": lambda c, u, w: actions.resolve(c, u, "fixed"),
    "confirm": lambda c, u, w: actions.confirm(c, 5, "ok", token=_token(u, c), user=u),
    "close": lambda c, u, w: actions.close(c, u),
    "reject": lambda c, u, w: actions.reject(c, u, "duplicate"),
    "reopen": lambda c, u, w: actions.reopen(c, "still full", token=_token(u, c), user=u),
    "comment": lambda c, u, w: actions.comment(c, u, "on my way"),
}


@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("step", list(STEP_SPEC))
def test_every_step_from_every_state_by_every_persona(world: World, step: str, state: str):
    states, personas = STEP_SPEC[step]
    outcomes = {}
    for persona in PERSONAS:
        user = world.people[persona]
        case = case_in(world, state)
        shown = persona != "villager" and step in available_steps(case, user)
        try:
            CALLS[step](case, user, world)
        except PermissionDenied:
            outcome = "denied"
        except CaseActionError:
            outcome = "refused"
        else:
            outcome = "done"
        expected = (
            "denied" if persona not in personas else "refused" if state not in states else "done"
        )
        outcomes[persona] = (outcome, expected)
        if persona != "villager":
            assert shown == (expected == "done"), f"{step} button for {persona} in {state}"
    wrong = {p: o for p, o in outcomes.items() if o[0] != o[1]}
    assert not wrong, f"{step} from {state}: (got, expected) {wrong}"


def test_refused_step_changes_nothing(world: World):
    case = case_in(world, State.CLOSED)
    before = AuditEvent.objects.count()
    with pytest.raises(CaseActionError):
        actions.accept(case, world.people["dispatcher"])
    case.refresh_from_db()
    assert case.state == State.CLOSED
    assert AuditEvent.objects.count() == before
    assert not case.events.exists()


def test_official_of_another_town_cannot_act(world: World):
    """Out of scope inside the same county: a town official of a neighbouring town."""
    other_town = places().other_town_same_county
    assert other_town.pk != world.town.pk
    neighbour = make_user("neighbour_town_officer", Role.OFFICER, other_town)
    case = case_in(world, State.NEW)
    for step in ("assign", "reject", "comment"):
        with pytest.raises(PermissionDenied):
            CALLS[step](case, neighbour, world)
    assert available_steps(case, neighbour) == []


def test_company_dispatcher_is_not_an_official(world: World):
    """A company's dispatcher (a dispatcher role in its service area) cannot reassign or close."""
    dispatcher = world.people["dispatcher"]
    assert not actions.is_official(dispatcher, case_in(world, State.ASSIGNED))
    with pytest.raises(PermissionDenied):
        actions.close(case_in(world, State.RESOLVED), dispatcher)


def test_anonymous_without_token_cannot_confirm(world: World):
    """A case without a reporter account is not confirmable by just anyone signed out."""
    case = case_in(world, State.RESOLVED)
    with pytest.raises(PermissionDenied):
        actions.confirm(case, 5, user=AnonymousUser())
    with pytest.raises(PermissionDenied):
        actions.reopen(case, "no", user=None)
    with pytest.raises(PermissionDenied):
        actions.confirm(case, 5, token="wrong-token")


def test_dispatch_to_someone_of_another_organisation_is_refused(world: World):
    case = case_in(world, State.ACCEPTED)
    with pytest.raises(CaseActionError):
        actions.dispatch_to(case, world.people["dispatcher"], world.people["other_company"])


def test_dispatching_again_to_the_same_crew_member_changes_nothing(world: World):
    """A double-tapped "dispatch": one event, one notification, one audit event."""
    case = case_in(world, State.ACCEPTED, assignee=None)
    dispatcher, worker = world.people["dispatcher"], world.people["worker"]
    actions.dispatch_to(case, dispatcher, worker)
    audited = AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)).count()
    actions.dispatch_to(case, dispatcher, worker, "again")
    assert case.events.filter(kind=EventKind.DISPATCHED).count() == 1
    assert Notification.objects.filter(user=worker, case=case).count() == 1
    assert (
        AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)).count()
        == audited
    )
    # Another crew member is a real change.
    actions.dispatch_to(case, dispatcher, world.people["worker2"])
    case.refresh_from_db()
    assert case.assignee == world.people["worker2"]
    assert case.events.filter(kind=EventKind.DISPATCHED).count() == 2


def test_a_repeated_comment_within_the_window_is_written_once(world: World):
    case = case_in(world, State.ACCEPTED)
    town, worker = world.people["town"], world.people["worker"]
    first = actions.comment(case, town, "请今天处理")
    assert actions.comment(case, town, "请今天处理") == first
    comments = case.events.filter(kind=EventKind.COMMENT)
    assert comments.count() == 1
    # Other text, or another person, is another comment.
    actions.comment(case, town, "请明天处理")
    actions.comment(case, worker, "请今天处理")
    assert comments.count() == 3
    # The same text once the window has passed is a new comment.
    earlier = timezone.now() - actions.COMMENT_REPEAT_WINDOW - datetime.timedelta(seconds=1)
    comments.update(time=earlier)
    actions.comment(case, town, "请今天处理")
    assert comments.count() == 4


def test_a_comment_leaves_an_audit_event_filed_under_the_case(world: World):
    from renju.core.models import AuditEvent

    case = case_in(world, State.ACCEPTED)
    event = actions.comment(case, world.people["town"], "已联系农户")
    [audited] = AuditEvent.objects.filter(object_type="cases.caseevent", object_id=str(event.pk))
    assert (audited.action, audited.actor) == ("create", world.people["town"])
    assert audited.region_id == case.region_id
    assert audited.changes == {"note": [None, "已联系农户"]}


def test_reject_needs_a_reason_and_reopen_a_complaint(world: World):
    with pytest.raises(CaseActionError):
        actions.reject(case_in(world, State.ASSIGNED), world.people["town"], "  ")
    with pytest.raises(CaseActionError):
        actions.reopen(case_in(world, State.RESOLVED), "", user=world.people["town"])


def test_villager_cannot_reopen_after_the_window(world: World):
    long_ago = timezone.now() - datetime.timedelta(days=60)
    case = case_in(world, State.CLOSED, resolved_at=long_ago)
    with pytest.raises(CaseActionError):
        actions.reopen(case, "full again", token=case.reporter_token)
    # An official may still reopen it.
    assert actions.reopen(case, "full again", user=world.people["county"]).state == State.REOPENED


# --- a whole life ----------------------------------------------------------------------------


def test_life_of_a_pumpout_case(world: World):
    dispatcher, worker = world.people["dispatcher"], world.people["worker"]
    case, created = actions.open_case(
        category=TOILET_FULL.key,
        region=world.village,
        source=Source.QR,
        subject=world.toilet,
        reporter_name="王五",
        reporter_phone="13912345678",
        description="满了",
        photos=[png()],
    )
    assert created and case.state == State.ASSIGNED and case.assigned_org == world.company
    assert case.deadline is not None
    assert Notification.objects.filter(user=dispatcher, case=case).exists()
    # A second report about the same toilet joins the case.
    again, created_again = actions.open_case(
        category=TOILET_FULL.key, region=world.village, source=Source.QR, subject=world.toilet
    )
    assert again.pk == case.pk and not created_again
    case.refresh_from_db()
    assert case.report_count == 2

    actions.accept(case, dispatcher)
    actions.dispatch_to(case, dispatcher, worker)
    assert Notification.objects.filter(user=worker, case=case).exists()
    actions.start(case, worker)
    actions.resolve(case, worker, "抽完了", photos=[png()], data={"volume": "2.5"})
    actions.confirm(case, 4, "好", token=case.reporter_token)
    case = actions.close(case, world.people["town"])
    assert case.state == State.CLOSED and case.rating == 4
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.CREATED,
        EventKind.ASSIGNED,
        EventKind.REPORT_ATTACHED,
        EventKind.ACCEPTED,
        EventKind.DISPATCHED,
        EventKind.STARTED,
        EventKind.RESOLVED,
        EventKind.CONFIRMED,
        EventKind.CLOSED,
    ]
    assert case.photos.count() == 2
    audited = AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk))
    assert audited.count() == 1 + 6  # created, then six audited steps
    # Reopened by the villager, the case goes back to the company with a new deadline.
    case = actions.reopen(case, "又满了", token=case.reporter_token)
    assert case.state == State.REOPENED and case.reopen_count == 1
    assert case.closed_at is None


# --- periodic work ---------------------------------------------------------------------------


def test_escalate_overdue_once_and_tell_the_officials(world: World):
    late = case_in(world, State.ACCEPTED, deadline=timezone.now() - datetime.timedelta(hours=1))
    on_time = case_in(world, State.ACCEPTED)
    assert tasks.escalate_overdue_task.call_local() >= 1
    late.refresh_from_db()
    on_time.refresh_from_db()
    assert late.escalated_at is not None and on_time.escalated_at is None
    assert late.events.filter(kind=EventKind.ESCALATED).count() == 1
    told = set(Notification.objects.filter(case=late).values_list("user__username", flat=True))
    assert {"town_officer", "company_dispatcher"} <= told
    # Running again escalates nothing twice.
    tasks.escalate_overdue_task.call_local()
    assert late.events.filter(kind=EventKind.ESCALATED).count() == 1
    system = AuditEvent.objects.filter(object_type="cases.case", object_id=str(late.pk))
    assert system.filter(channel="system").exists()


def test_a_company_is_not_told_of_overdue_cases_of_others(world: World):
    """The company's dispatcher holds a grant at the county (bounding its service areas): it is
    no county official, and a case the town handles is none of its business."""
    town_government = world.people["town"].organisation
    late = case_in(
        world,
        State.ACCEPTED,
        assigned_org=town_government,
        deadline=timezone.now() - datetime.timedelta(hours=1),
    )
    actions.escalate_overdue()
    told = set(Notification.objects.filter(case=late).values_list("user__username", flat=True))
    assert "town_officer" in told and "county_officer" in told
    assert "company_dispatcher" not in told and "company_worker" not in told


def test_auto_close_unconfirmed_after_the_window(world: World):
    old = case_in(world, State.RESOLVED, resolved_at=timezone.now() - datetime.timedelta(days=30))
    fresh = case_in(world, State.RESOLVED)
    assert tasks.auto_close_task.call_local() >= 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.state == State.CLOSED and fresh.state == State.RESOLVED
    assert old.events.filter(kind=EventKind.CLOSED).exists()


# --- scope -----------------------------------------------------------------------------------


def test_a_company_sees_only_the_cases_given_to_it(world: World):
    ours = case_in(world, State.ASSIGNED)
    theirs = case_in(world, State.ASSIGNED, assigned_org=world.people["other_company"].organisation)
    dispatcher = world.people["dispatcher"]
    visible = set(Case.objects.restrict(dispatcher).values_list("pk", flat=True))
    assert ours.pk in visible and theirs.pk not in visible
    assert ours.pk in set(Case.objects.restrict(world.people["town"]).values_list("pk", flat=True))
    assert not Case.objects.restrict(world.people["county2"]).filter(pk=ours.pk).exists()


def test_a_reopened_case_is_escalated_again_when_late_again(world: World):
    late = timezone.now() - datetime.timedelta(hours=1)
    case = case_in(world, State.RESOLVED, escalated_at=late)
    case = actions.reopen(case, "still full", user=world.people["county"])
    assert case.escalated_at is None
    Case.objects.filter(pk=case.pk).update(deadline=late)
    actions.escalate_overdue()
    case.refresh_from_db()
    assert case.escalated_at is not None


def test_steps_renju_takes_by_itself_are_not_put_down_to_the_reporter(world: World):
    case = case_in(world, State.ACCEPTED, deadline=timezone.now() - datetime.timedelta(hours=1))
    actions.escalate_overdue()
    event = case.events.get(kind=EventKind.ESCALATED)
    assert event.actor_label != case.reporter_name
    # Named when read, in the reader's language (it was kept as "系统" for every reader).
    assert event.actor_label == ""
    with translation.override("en"):
        assert event.by == "system"
    with translation.override("zh-hans"):
        assert event.by == "系统"
