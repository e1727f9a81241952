"""A finding's path: inspection → case routed to the village → re-check closes or keeps it;
scoping, audit, photo checks and the pages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from renju.accounts.choices import OrganisationKind, Role
from renju.accounts.models import Organisation
from renju.cases.actions import CaseActionError
from renju.cases.choices import OPEN_STATES, Source, State
from renju.cases.models import Case
from renju.cases.registry import get_category
from renju.core.models import AuditEvent
from renju.core.testing import make_user
from renju.regions.models import Region

from .. import inspections
from ..choices import FindingStatus, ItemKind
from ..models import CleaningContract, Finding, Inspection
from .helpers import city_item, empty_town, png

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


def events(obj: Any) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).order_by("pk")
    )


@pytest.fixture
def town_and_villages() -> tuple[Region, list[Region]]:
    return empty_town()


@pytest.fixture
def officer(town_and_villages: tuple[Region, list[Region]]) -> Any:
    town, _villages = town_and_villages
    return make_user(f"cl-off-{town.code}", Role.OFFICER, town)


def test_finding_path_from_inspection_to_case_to_recheck(
    town_and_villages: tuple[Region, list[Region]], officer: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    _town, (village, *_rest) = town_and_villages
    heap, edge = city_item(ItemKind.HEAP), city_item(ItemKind.MOVED_TO_EDGE)
    first = inspections.record_inspection(
        officer,
        village,
        DAY,
        "督查员甲",
        [
            inspections.FindingInput(heap, "村东柴草堆", png()),
            inspections.FindingInput(edge, "垃圾倒在村南沟边"),
        ],
    )
    # Score: 100 − 5 − 10 = 85.
    assert first.score == 100 - heap.points - edge.points == 85
    found = list(Finding.objects.filter(inspection=first).order_by("pk"))
    assert [f.kind for f in found] == [ItemKind.HEAP, ItemKind.MOVED_TO_EDGE]
    assert found[0].photo and found[0].photo.name.endswith(".png")
    committee = Organisation.objects.get(region=village, kind=OrganisationKind.VILLAGE_COMMITTEE)
    for finding in found:
        case = finding.case
        assert case is not None
        assert case.category == f"cleaning.{finding.kind}"
        assert case.source == Source.INSPECTION
        assert (case.subject_type, case.subject_id) == ("cleaning.finding", finding.pk)
        assert case.assigned_org_id == committee.pk  # routed to the village
        assert case.state == State.ASSIGNED
        hours = get_category(case.category).sla_hours
        assert case.deadline is not None and finding.deadline == case.deadline
        assert abs((case.deadline - case.created_at).total_seconds() - hours * 3600) < 60
    # Garbage moved to the edge is its own kind, with its own (shorter) deadline.
    assert (
        get_category("cleaning.moved_to_edge").sla_hours < get_category("cleaning.heap").sla_hours
    )
    assert found[0].case is not None and found[0].case.photos.count() == 1
    # Every write is audited: the inspection once, each finding created then linked.
    assert [e.action for e in events(first)] == ["create"]
    for finding in found:
        assert [e.action for e in events(finding)] == ["create", "update"]
    assert inspections.open_findings(village) == found

    # The later visit re-checks: the heap is gone, the garbage at the edge is still there.
    second = inspections.record_inspection(
        officer,
        village,
        DAY + datetime.timedelta(days=7),
        "督查员乙",
        rechecks=[
            inspections.RecheckInput(found[0], True, "已清理", png()),
            inspections.RecheckInput(found[1], False, "仍未清理"),
        ],
    )
    assert second.score == 100 and second.rechecked_count == 2
    heap_f, edge_f = (Finding.objects.get(pk=f.pk) for f in found)
    assert (heap_f.status, heap_f.rechecked_in_id, heap_f.rectified_on) == (
        FindingStatus.RECTIFIED,
        second.pk,
        second.inspected_on,
    )
    assert heap_f.case is not None and heap_f.case.state == State.CLOSED
    assert edge_f.status == FindingStatus.OPEN and edge_f.recheck_count == 1
    assert edge_f.case is not None and edge_f.case.state in OPEN_STATES
    assert edge_f.case.events.filter(kind="comment", note="仍未清理").exists()
    assert inspections.open_findings(village) == [edge_f]
    # A finding re-checked as rectified cannot be re-checked again.
    with pytest.raises(CaseActionError):
        inspections.record_inspection(
            officer, village, DAY, "x", rechecks=[inspections.RecheckInput(heap_f, True)]
        )
    assert Inspection.objects.filter(village=village).count() == 2  # the refused one rolled back


def test_recheck_reopens_a_case_the_village_marked_fixed(
    town_and_villages: tuple[Region, list[Region]], officer: Any
) -> None:
    _town, (_a, village, *_rest) = town_and_villages
    first = inspections.record_inspection(
        officer, village, DAY, "甲", [inspections.FindingInput(city_item(ItemKind.DISORDER))]
    )
    finding = Finding.objects.get(inspection=first)
    assert finding.case is not None
    Case.objects.filter(pk=finding.case.pk).update(state=State.RESOLVED)
    inspections.record_inspection(
        officer, village, DAY, "乙", rechecks=[inspections.RecheckInput(finding, False, "没改")]
    )
    case = Case.objects.get(pk=finding.case.pk)
    assert case.state == State.REOPENED and case.reopen_count == 1


def test_contract_company_is_credited_and_gets_the_case(
    town_and_villages: tuple[Region, list[Region]], officer: Any
) -> None:
    town, (_a, _b, *rest) = town_and_villages
    village = rest[0] if rest else _a
    company = Organisation.objects.create(
        code=f"T-CL-CO-{town.code}",
        name="测试物业保洁公司",
        kind=OrganisationKind.CLEANING_COMPANY,
        region=town,
    )
    CleaningContract(
        code=f"T-CL-CON-{town.code}",
        region=town,
        company=company,
        scope="清、收、运、护",
        price=100000,
        starts_on=DAY,
        ends_on=DAY,  # inclusive: the contract covers its last day
    ).save()
    assert inspections.contract_company(village, DAY) == company
    assert inspections.contract_company(village, DAY + datetime.timedelta(days=1)) is None
    row = inspections.record_inspection(officer, village, DAY, "甲")
    assert row.company_id == company.pk


def test_inspection_is_refused_outside_scope_and_for_companies(
    town_and_villages: tuple[Region, list[Region]],
) -> None:
    _town, (village, *_rest) = town_and_villages
    elsewhere = make_user("cl-home-officer", Role.OFFICER, Region.objects.get(code="371502"))
    with pytest.raises(PermissionDenied):
        inspections.record_inspection(elsewhere, village, DAY, "x")
    for role in (Role.VIEWER, Role.GRID_MEMBER, Role.FIELD_WORKER):
        user = make_user(f"cl-{role}-{village.code}", role, village)
        assert not inspections.is_inspector(user)
        with pytest.raises(PermissionDenied):
            inspections.record_inspection(user, village, DAY, "x")
    company = make_user(
        f"cl-co-{village.code}", Role.OFFICER, village, org_kind=OrganisationKind.CLEANING_COMPANY
    )
    with pytest.raises(PermissionDenied):
        inspections.record_inspection(company, village, DAY, "x")
    assert not Inspection.objects.filter(village=village).exists()


def test_inspection_page_on_a_phone_form(
    client: Client,
    town_and_villages: tuple[Region, list[Region]],
    officer: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    town, (village, *_rest) = town_and_villages
    client.force_login(officer)
    start = client.get("/cleaning/inspect/", {"village": village.code})
    assert start.status_code == 302 and start["Location"].endswith(
        f"/cleaning/inspect/{village.code}/"
    )
    page = client.get(start["Location"])
    assert page.status_code == 200
    item = city_item(ItemKind.WEAK_SPOT)
    assert f'name="found_{item.pk}"' in page.content.decode()
    # A file that is not a photo is refused by content; nothing is written.
    bad = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    data = {"inspected_on": DAY.isoformat(), "inspector_name": "甲", f"found_{item.pk}": "on"}
    refused = client.post(start["Location"], {**data, f"photo_{item.pk}": bad})
    assert refused.status_code == 400
    assert not Inspection.objects.filter(village=village).exists()
    # The long sheet says at its top what to correct, with a link to the field.
    top = refused.content.decode().split('data-testid="form-problems"', 1)
    assert len(top) == 2 and f'href="#id_photo_{item.pk}"' in top[1].split("</div>", 1)[0]
    assert 'data-testid="photos-again"' in top[1]  # the browser does not keep chosen files
    saved = client.post(start["Location"], {**data, f"photo_{item.pk}": png()})
    assert saved.status_code == 302
    row = Inspection.objects.get(village=village)
    assert row.score == 100 - item.points
    detail = client.get(saved["Location"])
    assert detail.status_code == 200 and row.code in detail.content.decode()
    for url in (
        "/cleaning/scores/",
        "/cleaning/staffing/",
        "/cleaning/documents/",
        "/cleaning/campaigns/",
    ):
        assert client.get(url, {"region": town.code}).status_code == 200, url


def test_pages_outside_scope_answer_404(
    client: Client, town_and_villages: tuple[Region, list[Region]], officer: Any
) -> None:
    _town, (village, *_rest) = town_and_villages
    row = inspections.record_inspection(officer, village, DAY, "甲")
    other = make_user("cl-other-county", Role.OFFICER, Region.objects.get(code="371502"))
    client.force_login(other)
    assert client.get(f"/cleaning/inspect/{village.code}/").status_code == 404
    assert client.get(f"/cleaning/inspections/{row.pk}/").status_code == 404
    company = make_user(
        "cl-company-user", Role.DISPATCHER, village, org_kind=OrganisationKind.CLEANING_COMPANY
    )
    client.force_login(company)
    assert client.get("/cleaning/inspect/").status_code == 404


def test_the_same_sheet_sent_again_is_one_inspection(
    town_and_villages: tuple[Region, list[Region]], officer: Any
) -> None:
    _town, (village, *_rest) = town_and_villages
    item = city_item(ItemKind.HEAP)
    sent = [
        inspections.record_inspection(
            officer, village, DAY, "甲", [inspections.FindingInput(item, "村东柴草堆")]
        )
        for _ in range(3)
    ]
    assert sent[0] == sent[1] == sent[2]
    assert Inspection.objects.filter(village=village).count() == 1
    assert Finding.objects.filter(inspection=sent[0]).count() == 1


def test_an_inspection_cannot_be_dated_in_the_future(
    town_and_villages: tuple[Region, list[Region]], officer: Any
) -> None:
    from django.utils import timezone

    _town, (village, *_rest) = town_and_villages
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(CaseActionError):
        inspections.record_inspection(officer, village, tomorrow, "甲")
    assert not Inspection.objects.filter(village=village).exists()


def test_the_sheet_names_the_inspector_by_her_name_not_her_login(
    client: Client, town_and_villages: tuple[Region, list[Region]], officer: Any
) -> None:
    _town, (village, *_rest) = town_and_villages
    officer.display_name = "李督查"
    officer.save()
    client.force_login(officer)
    page = client.get(f"/cleaning/inspect/{village.code}/")
    assert page.context["form"].initial["inspector_name"] == "李督查"
