"""The crop-vine rule: at 80% or more (inclusive) a case, 24 hours, overdue if not cleared."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from renju.accounts.choices import Role
from renju.accounts.models import RoleGrant, User
from renju.cases import actions as case_actions
from renju.cases.choices import EventKind, State
from renju.cases.models import Case
from renju.cases.registry import get_category
from renju.core import actions
from renju.core.models import AuditEvent
from renju.core.testing import make_user, places

from .. import vines
from ..models import CropVinePoint, VineFillReport

pytestmark = pytest.mark.django_db


def point(code: str = "T-VN-1") -> CropVinePoint:
    return CropVinePoint.objects.create(
        code=code, name="测试瓜秧点", region=places().village, capacity_t=30
    )


def officer() -> User:
    return make_user("vine-officer", Role.OFFICER, places().county)


def cases_of(p: CropVinePoint) -> list[Case]:
    return list(Case.objects.filter(category="waste.crop_vine_full", subject_id=p.pk))


def test_the_category_clears_within_24_hours_with_its_source():
    category = get_category("waste.crop_vine_full")
    assert category.sla_hours == 24
    assert "待核实" in category.sla_source and "80%" in category.sla_source


def test_79_opens_nothing_and_80_opens_one_routed_case():
    p, user = point(), officer()
    _p, case = vines.report_fill(user, p, 79)
    assert case is None and cases_of(p) == []
    before = timezone.now()
    p, case = vines.report_fill(user, p, 80)
    assert case is not None and p.fill_level == 80
    assert case.state == State.ASSIGNED  # routed: to the town government (no service kind)
    assert case.assigned_org is not None and case.assigned_org.region_id == places().town.pk
    deadline = before + datetime.timedelta(hours=24)
    assert case.deadline is not None
    assert deadline <= case.deadline <= timezone.now() + datetime.timedelta(hours=24)
    assert [r.level for r in VineFillReport.objects.filter(point=p)] == [80, 79]


def test_a_second_report_attaches_to_the_open_case():
    p, user = point(), officer()
    _p, first = vines.report_fill(user, p, 85)
    _p, second = vines.report_fill(user, p, 95)
    assert first is not None and second is not None and first.pk == second.pk
    assert len(cases_of(p)) == 1
    second.refresh_from_db()
    assert second.report_count == 2


def test_every_report_is_audited():
    p, user = point(), officer()
    vines.report_fill(user, p, 50)
    events = AuditEvent.objects.filter(object_type="waste.cropvinepoint", object_id=str(p.pk))
    assert [(e.actor_id, e.changes["fill_level"]) for e in events] == [(user.pk, [0, 50])]


def test_not_cleared_in_24_hours_is_overdue():
    p = point()
    _p, case = vines.report_fill(officer(), p, 90)
    assert case is not None
    case_actions.escalate_overdue(now=timezone.now() + datetime.timedelta(hours=23))
    case.refresh_from_db()
    assert case.escalated_at is None
    case_actions.escalate_overdue(now=timezone.now() + datetime.timedelta(hours=25))
    case.refresh_from_db()
    assert case.escalated_at is not None
    assert case.events.filter(kind=EventKind.ESCALATED).count() == 1
    Case.objects.filter(pk=case.pk).update(deadline=timezone.now() - datetime.timedelta(hours=1))
    assert Case.objects.overdue().filter(pk=case.pk).exists()


def test_clearing_by_the_responsible_body_resolves_the_case():
    p = point()
    _p, case = vines.report_fill(officer(), p, 100)
    assert case is not None and case.assigned_org is not None
    worker = User.objects.create_user(
        username="vine-town", password="pw-Renju-2026!", organisation=case.assigned_org
    )
    RoleGrant.objects.create(user=worker, role=Role.OFFICER, region=places().town)
    p, resolved = vines.clear_point(worker, p)
    assert p.fill_level == 0 and p.cleared_at is not None
    assert resolved is not None and resolved.state == State.RESOLVED
    assert VineFillReport.objects.filter(point=p, cleared=True).count() == 1


def test_clearing_by_another_official_leaves_the_case_with_the_responsible_body():
    p = point()
    user = officer()
    _p, case = vines.report_fill(user, p, 100)
    _p, same = vines.clear_point(user, p, "已清运")
    assert same is not None and same.pk == case.pk  # type: ignore[union-attr]
    same.refresh_from_db()
    assert same.state == State.ASSIGNED
    assert same.events.filter(kind=EventKind.COMMENT, note="已清运").exists()


def test_a_ledger_edit_to_80_opens_the_case_too():
    p, user = point(), officer()
    p.fill_level = 80
    actions.save_object(user, p)
    assert len(cases_of(p)) == 1


def test_out_of_scope_is_refused():
    p = point()
    stranger = make_user("vine-stranger", Role.OFFICER, places().other_county)
    with pytest.raises(PermissionDenied):
        vines.report_fill(stranger, p, 90)
    p.refresh_from_db()
    assert p.fill_level == 0 and cases_of(p) == []


def test_vine_page_report_and_scope(client: Client):
    p = point()
    client.force_login(officer())
    assert client.get("/waste/vines/").status_code == 200
    response = client.post(f"/waste/vines/{p.pk}/report/", {"level": "88"})
    assert response.status_code == 302
    assert len(cases_of(p)) == 1
    client.force_login(make_user("vine-far", Role.OFFICER, places().other_county))
    assert client.post(f"/waste/vines/{p.pk}/report/", {"level": "10"}).status_code == 404
    assert client.post(f"/waste/vines/{p.pk}/clear/").status_code == 404
    p.refresh_from_db()
    assert p.fill_level == 88
