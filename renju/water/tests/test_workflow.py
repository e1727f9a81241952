"""The dynamic list's state machine, relapse from a sample and from a complaint, scope, audit."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from renju.accounts.choices import Role
from renju.accounts.models import User
from renju.cases.models import Case
from renju.core.models import AuditEvent
from renju.core.testing import Places, make_user, places
from renju.water import workflow
from renju.water.choices import BodyState, Grade
from renju.water.models import WaterBody

from .conftest_helpers import BLACK, CLEAN, add_sample, make_body, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def where(django_db_setup: Any, django_db_blocker: Any) -> Places:
    with django_db_blocker.unblock():
        return places()


@pytest.fixture
def officer(where: Places) -> User:
    return make_user("w-town-officer", Role.OFFICER, where.town)


def events(body: WaterBody) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(object_type="water.waterbody", object_id=str(body.pk)).order_by(
            "pk"
        )
    )


def state_events(body: WaterBody) -> list[tuple[str, str]]:
    return [tuple(e.changes["state"]) for e in events(body) if "state" in e.changes]


def to_remediated(user: User, body: WaterBody, where: Places) -> WaterBody:
    workflow.add_measure(user, body, "dredging", make_project(where.town, "T-W-PRJ-1"))
    workflow.start_remediation(user, body, "2026年第一批")
    add_sample(user, body, f"{body.code}-S1", CLEAN)
    return workflow.complete_remediation(user, body)


def test_full_journey_each_step_audited(where: Places, officer: User) -> None:
    body = make_body(where.village, "T-W-1")
    assert body.state == BodyState.IDENTIFIED
    project = make_project(where.town, "T-W-PRJ-1")
    measure = workflow.add_measure(officer, body, "source_control", project, "截污纳管")
    assert AuditEvent.objects.filter(
        object_type="water.remediationmeasure", object_id=str(measure.pk), actor=officer
    ).exists()
    body = workflow.start_remediation(officer, body, "2026年第一批")
    assert (body.state, body.batch) == (BodyState.IN_REMEDIATION, "2026年第一批")
    add_sample(officer, body, "T-W-1-S1", CLEAN)
    body = workflow.complete_remediation(officer, body)
    assert body.state == BodyState.REMEDIATED and body.remediated_on is not None
    body = workflow.start_observation(officer, body)
    body = workflow.accept(officer, body, "验收合格")
    assert body.state == BodyState.ACCEPTED
    assert state_events(body) == [
        ("identified", "in_remediation"),
        ("in_remediation", "remediated"),
        ("remediated", "observation"),
        ("observation", "accepted"),
    ]
    last = events(body)[-1]
    assert (last.actor_id, last.note) == (officer.pk, "验收合格")


@pytest.mark.parametrize(
    ("state", "step"),
    [
        (BodyState.IDENTIFIED, "complete"),
        (BodyState.IDENTIFIED, "observe"),
        (BodyState.IDENTIFIED, "accept"),
        (BodyState.IDENTIFIED, "relapse"),
        (BodyState.IN_REMEDIATION, "start"),
        (BodyState.IN_REMEDIATION, "accept"),
        (BodyState.REMEDIATED, "complete"),
        (BodyState.REMEDIATED, "accept"),
        (BodyState.ACCEPTED, "start"),
        (BodyState.ACCEPTED, "observe"),
    ],
)
def test_illegal_steps_are_refused_with_a_message(
    where: Places, officer: User, state: str, step: str
) -> None:
    body = make_body(where.village, f"T-W-IL-{state}-{step}")
    WaterBody.objects.filter(pk=body.pk).update(state=state)
    body.refresh_from_db()
    before = len(events(body))
    args: list[Any] = ["2026年第一批"] if step == "start" else []
    if step == "relapse":
        args = ["返黑"]
    with pytest.raises(workflow.WorkflowError) as error:
        workflow.STEPS[step](officer, body, *args)
    assert body.code in str(error.value)
    assert str(BodyState(state).label) in str(error.value)
    body.refresh_from_db()
    assert body.state == state
    assert len(events(body)) == before  # nothing written


def test_guards_batch_measure_sample(where: Places, officer: User) -> None:
    body = make_body(where.village, "T-W-G")
    with pytest.raises(workflow.WorkflowError, match="measure"):
        workflow.start_remediation(officer, body, "第一批")
    workflow.add_measure(officer, body, "dredging", make_project(where.town, "T-W-PRJ-1"))
    with pytest.raises(workflow.WorkflowError, match="batch"):
        workflow.start_remediation(officer, body, "  ")
    body = workflow.start_remediation(officer, body, "第一批")
    with pytest.raises(workflow.WorkflowError, match="sample"):
        workflow.complete_remediation(officer, body)
    add_sample(officer, body, "T-W-G-S1", BLACK)
    with pytest.raises(workflow.WorkflowError, match="still black-odorous"):
        workflow.complete_remediation(officer, body)
    with pytest.raises(workflow.WorkflowError, match="reason"):
        workflow.relapse(officer, body, " ")


def test_failing_sample_after_remediation_relapses_the_body(where: Places, officer: User) -> None:
    body = to_remediated(officer, make_body(where.village, "T-W-R1"), where)
    body = workflow.start_observation(officer, body)
    sample = add_sample(officer, body, "T-W-R1-S2", BLACK)
    assert sample.grade == Grade.BLACK_ODOROUS
    assert {r["parameter"] for r in sample.reasons} == {"transparency_cm", "do_mg_l", "nh3n_mg_l"}
    body.refresh_from_db()
    assert (body.state, body.relapse_count, body.grade) == (
        BodyState.RELAPSED,
        1,
        Grade.BLACK_ODOROUS,
    )
    relapse = [e for e in events(body) if e.changes.get("state") == ["observation", "relapsed"]]
    assert len(relapse) == 1 and "T-W-R1-S2" in relapse[0].note
    assert relapse[0].actor_id == officer.pk
    # back on the list: it can enter remediation again
    body = workflow.start_remediation(officer, body, "2026年第二批")
    assert body.state == BodyState.IN_REMEDIATION


def test_failing_sample_before_remediation_is_no_relapse(where: Places, officer: User) -> None:
    body = make_body(where.village, "T-W-R2")
    add_sample(officer, body, "T-W-R2-S1", BLACK)
    body.refresh_from_db()
    assert (body.state, body.grade, body.relapse_count) == (
        BodyState.IDENTIFIED,
        Grade.BLACK_ODOROUS,
        0,
    )
    # an old failing sample dated before the remediation does not relapse it either
    body = to_remediated(officer, make_body(where.village, "T-W-R3"), where)
    add_sample(officer, body, "T-W-R3-S0", BLACK, day=datetime.date(2020, 1, 1))
    body.refresh_from_db()
    assert body.state == BodyState.REMEDIATED


def test_complaint_opens_a_town_case_and_relapses(where: Places, officer: User) -> None:
    body = to_remediated(officer, make_body(where.village, "T-W-C1"), where)
    body = workflow.accept(officer, workflow.start_observation(officer, body))
    case, relapsed = workflow.record_complaint(officer, body, "水又黑又臭", "张三", "13800000000")
    assert relapsed
    assert (case.category, case.subject_id, case.subject_type) == (
        "water.complaint",
        body.pk,
        "water.waterbody",
    )
    assert case.code.startswith("H")
    if case.assigned_org is not None:  # routed to the town government
        assert case.assigned_org.region_id == body.town_id
    body.refresh_from_db()
    assert (body.state, body.relapse_count) == (BodyState.RELAPSED, 1)
    assert "complaint case" in events(body)[-1].note and case.code in events(body)[-1].note
    # a second complaint joins the same case and does not relapse twice
    again, relapsed_again = workflow.record_complaint(officer, body, "还是臭")
    assert again.pk == case.pk and not relapsed_again
    assert Case.objects.filter(category="water.complaint", subject_id=body.pk).count() == 1


def test_open_complaint_blocks_acceptance(where: Places, officer: User) -> None:
    body = make_body(where.village, "T-W-C2")
    case, relapsed = workflow.record_complaint(officer, body, "有异味")
    assert not relapsed  # not yet remediated: it simply stays on the list
    body = to_remediated(officer, body, where)
    body.refresh_from_db()
    # the complaint predates the remediation: no relapse, but it blocks acceptance
    assert workflow.relapse_from_complaints(None, [body.pk]) == 0
    body = workflow.start_observation(officer, body)
    with pytest.raises(workflow.WorkflowError, match="complaint"):
        workflow.accept(officer, body)
    assert case.pk


def test_out_of_scope_is_permission_denied(where: Places) -> None:
    outsider = make_user("w-other-county", Role.OFFICER, where.other_county)
    viewer = make_user("w-viewer", Role.VIEWER, where.town)
    body = make_body(where.village, "T-W-S1")
    project = make_project(where.town, "T-W-PRJ-1")
    for user in (outsider, viewer):
        with pytest.raises(PermissionDenied):
            workflow.add_measure(user, body, "dredging", project)
        with pytest.raises(PermissionDenied):
            workflow.record_complaint(user, body, "臭")
        with pytest.raises(PermissionDenied):
            workflow.record_survey(user, body, datetime.date(2026, 5, 1), 10, 7)
    assert not body.measures.exists()


def test_project_out_of_scope_is_refused(where: Places, officer: User) -> None:
    body = make_body(where.village, "T-W-S2")
    elsewhere = make_project(where.other_village, "T-W-PRJ-OTHER")
    with pytest.raises(PermissionDenied):
        workflow.add_measure(officer, body, "dredging", elsewhere)


def test_survey_recorded_and_checked(where: Places, officer: User) -> None:
    body = make_body(where.village, "T-W-SV")
    with pytest.raises(workflow.WorkflowError):
        workflow.record_survey(officer, body, datetime.date(2026, 5, 1), 10, 11)
    survey = workflow.record_survey(officer, body, datetime.date(2026, 5, 1), 50, 30)
    assert AuditEvent.objects.filter(
        object_type="water.publicsurvey", object_id=str(survey.pk)
    ).exists()
    share, black = workflow.survey_share(body)
    assert (share, black) == (60, True)  # 30/50 = 60% is at the threshold: black-odorous


def test_complaint_from_another_channel_relapses_on_the_periodic_run(
    where: Places, officer: User
) -> None:
    from renju.cases.actions import open_case
    from renju.water.tasks import relapse_from_complaints_task

    body = to_remediated(officer, make_body(where.village, "T-W-C3"), where)
    case, _created = open_case(
        category="water.complaint",
        region=body.region,
        source="hotline",
        subject=body,
        description="12345热线：水体发臭",
    )
    body.refresh_from_db()
    assert body.state == BodyState.REMEDIATED  # nothing yet: the case engine knows no bodies
    assert relapse_from_complaints_task.call_local() == 1
    body.refresh_from_db()
    assert body.state == BodyState.RELAPSED
    last = events(body)[-1]
    assert last.channel == "system" and last.actor_id is None and case.code in last.note
    assert relapse_from_complaints_task.call_local() == 0  # already relapsed: nothing twice


@pytest.fixture(autouse=True)
def _messages_in_english() -> Iterator[None]:
    """The messages above are checked as written in the code (the English msgids)."""
    with translation.override("en"):
        yield
