"""The case pages: the whole pump-out through the pages, the queue's order, lists, export, scope."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from renju.cases.choices import EventKind, Source, State
from renju.cases.models import Case, Notification
from renju.cases.registry import get_category
from renju.cases.tests.test_actions import World, case_in, make_world, png
from renju.core.models import AuditEvent
from renju.regions.models import Region
from renju.toilets.cases import TOILET_FULL
from renju.toilets.models import PumpOut

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def client_for(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _step(client: Client, case: Case, step: str, **data: Any) -> Any:
    return client.post(reverse("cases:step", args=[case.pk, step]), data)


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- the whole job through the pages -----------------------------------------------------------


def test_pumpout_from_report_to_resolution_through_the_pages(world: World):
    from renju.cases import actions

    case, _created = actions.open_case(
        category=TOILET_FULL.key,
        region=world.village,
        source=Source.QR,
        subject=world.toilet,
        reporter_phone="13912345678",
    )
    dispatcher = client_for(world.people["dispatcher"])
    queue = dispatcher.get(reverse("cases:queue"))
    assert queue.status_code == 200 and case.code in queue.content.decode()

    response = _step(dispatcher, case, "accept", next=reverse("cases:queue"))
    assert response.status_code == 302 and response.url == reverse("cases:queue")
    worker_user = world.people["worker"]
    response = _step(dispatcher, case, "dispatch", crew_member=worker_user.pk)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.ACCEPTED and case.assignee == worker_user

    worker = client_for(worker_user)
    mine = worker.get(reverse("cases:my"))
    assert mine.status_code == 200
    page = mine.content.decode()
    assert case.code in page and 'data-testid="job-start"' in page
    assert world.household.code in page and world.village.name in page
    if world.village.latitude is not None:
        assert "geo:" in page and "uri.amap.com" in page and "api.map.baidu.com" in page
    assert _step(worker, case, "start", next=reverse("cases:my")).status_code == 302
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS

    form_url = reverse("toilets:pumpout", args=[case.pk])
    assert worker.get(form_url).status_code == 200
    response = worker.post(
        form_url,
        {
            "volume": "3.20",
            "destination": "treatment",
            "site": "区污泥处理站",
            "fee": "20",
            "subsidy": "30",
            "photos": [png()],
            "note": "抽完",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("cases:my")
    case.refresh_from_db()
    world.toilet.refresh_from_db()
    assert case.state == State.RESOLVED
    assert world.toilet.last_pumpout == timezone.localdate()
    pumpout = PumpOut.objects.get(case=case)
    assert str(pumpout.volume) == "3.20" and pumpout.company == world.company
    assert case.photos.count() == 1
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds[-4:] == [
        EventKind.ACCEPTED,
        EventKind.DISPATCHED,
        EventKind.STARTED,
        EventKind.RESOLVED,
    ]
    audited = AuditEvent.objects.filter(channel="page", actor__in=[worker_user])
    assert audited.filter(object_type="toilets.pumpout").exists()
    assert audited.filter(object_type="toilets.householdtoilet", action="update").exists()
    assert audited.filter(object_type="cases.case", object_id=str(case.pk)).count() == 2
    # The job left the crew member's list, and the town official can close it.
    assert case.code not in worker.get(reverse("cases:my")).content.decode()
    town = client_for(world.people["town"])
    detail = town.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="step-close"' in detail
    assert "volume (m³)" in detail and "3.20" in detail
    assert _step(town, case, "close").status_code == 302
    case.refresh_from_db()
    assert case.state == State.CLOSED


@pytest.mark.parametrize(
    "changes",
    [
        {"volume": "0"},
        {"volume": "100.5"},
        {"volume": "abc"},
        {"photos": []},
        {"photos": [SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")]},
        {"destination": "reuse"},  # no receiving organisation
        {"site": ""},
    ],
)
def test_pumpout_form_refuses_bad_input(world: World, changes: dict[str, Any]):
    case = case_in(world, State.IN_PROGRESS, subject=True)
    data: dict[str, Any] = {
        "volume": "2",
        "destination": "treatment",
        "site": "站",
        "photos": [png()],
    }
    data.update(changes)
    response = client_for(world.people["worker"]).post(
        reverse("toilets:pumpout", args=[case.pk]), data
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS and not PumpOut.objects.filter(case=case).exists()


def test_pumpout_form_is_not_found_for_others(world: World):
    case = case_in(world, State.IN_PROGRESS, subject=True)
    url = reverse("toilets:pumpout", args=[case.pk])
    for persona in ("worker2", "other_company", "county2", "town"):
        assert client_for(world.people[persona]).get(url).status_code == 404, persona
    broken = case_in(world, State.IN_PROGRESS, category="toilet.broken")
    url = reverse("toilets:pumpout", args=[broken.pk])
    assert client_for(world.people["worker"]).get(url).status_code == 404


def test_other_categories_resolve_with_a_note_and_photos(world: World):
    case = case_in(world, State.IN_PROGRESS, category="toilet.broken")
    worker = client_for(world.people["worker"])
    url = reverse("cases:resolve", args=[case.pk])
    page = worker.get(url)
    assert page.status_code == 200 and 'name="photos"' in page.content.decode()
    response = worker.post(url, {"note": "换了水箱", "photos": [png("a.png"), png("b.png")]})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.RESOLVED and case.photos.count() == 2
    # A pump-out case is sent to its own form.
    pump = case_in(world, State.IN_PROGRESS, subject=True)
    response = worker.get(reverse("cases:resolve", args=[pump.pk]))
    assert response["Location"] == reverse("toilets:pumpout", args=[pump.pk])


def test_photos_are_served_to_who_may_see_the_case(world: World):
    """Uploads are not public files (gunicorn serves none): each photo has its case's scope."""
    case = case_in(world, State.IN_PROGRESS, category="toilet.broken")
    worker = client_for(world.people["worker"])
    worker.post(reverse("cases:resolve", args=[case.pk]), {"note": "修好了", "photos": [png()]})
    [photo] = case.photos.all()
    url = reverse("cases:photo", args=[case.pk, photo.pk])
    page = client_for(world.people["town"]).get(reverse("cases:detail", args=[case.pk]))
    assert f'src="{url}"' in page.content.decode()
    response = client_for(world.people["town"]).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]
    # Outside the case's scope, or under another case's number: the same "not found".
    assert client_for(world.people["county2"]).get(url).status_code == 404
    other = case_in(world, State.ASSIGNED)
    wrong = reverse("cases:photo", args=[other.pk, photo.pk])
    assert client_for(world.people["town"]).get(wrong).status_code == 404


# --- steps: refused, not allowed, not found --------------------------------------------------


def test_step_in_a_wrong_state_shows_why(world: World):
    case = case_in(world, State.CLOSED)
    response = _step(client_for(world.people["dispatcher"]), case, "reject", reason="dup")
    assert response.status_code == 302
    with translation.override("en"):
        assert any("not possible now" in m for m in _messages(response))
    case.refresh_from_db()
    assert case.state == State.CLOSED


def test_step_not_allowed_or_out_of_scope_is_not_found(world: World):
    case = case_in(world, State.ASSIGNED)
    assert _step(client_for(world.people["worker"]), case, "accept").status_code == 404
    assert _step(client_for(world.people["county2"]), case, "reject", reason="x").status_code == 404
    other = client_for(world.people["other_company"])
    assert _step(other, case, "accept").status_code == 404
    assert other.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert _step(client_for(world.people["town"]), case, "nonsense").status_code == 404
    step_url = reverse("cases:step", args=[case.pk, "accept"])
    assert client_for(world.people["town"]).get(step_url).status_code == 405
    case.refresh_from_db()
    assert case.state == State.ASSIGNED


def test_detail_shows_the_steps_and_masks_the_phone(world: World):
    case = case_in(world, State.ASSIGNED)
    town = client_for(world.people["town"]).get(reverse("cases:detail", args=[case.pk]))
    page = town.content.decode()
    assert "139****5678" in page and "13912345678" not in page
    for step in ("assign", "reject", "comment"):
        assert f'data-testid="step-{step}"' in page
    assert 'data-testid="step-accept"' not in page
    page = (
        client_for(world.people["dispatcher"])
        .get(reverse("cases:detail", args=[case.pk]))
        .content.decode()
    )
    assert "13912345678" in page
    assert 'data-testid="step-accept"' in page and 'data-testid="step-assign"' not in page


# --- the queue -------------------------------------------------------------------------------


def test_queue_order_waiting_then_overdue_then_deadline(world: World):
    now = timezone.now()
    hours = datetime.timedelta(hours=1)
    accepted_late = case_in(world, State.ACCEPTED, deadline=now - 5 * hours)
    accepted_soon = case_in(world, State.ACCEPTED, deadline=now + 2 * hours)
    accepted_later = case_in(world, State.IN_PROGRESS, deadline=now + 9 * hours)
    waiting_late = case_in(world, State.ASSIGNED, deadline=now - 1 * hours)
    waiting_soon = case_in(world, State.ASSIGNED, deadline=now + 1 * hours)
    reopened = case_in(world, State.REOPENED, deadline=now + 3 * hours)
    done = case_in(world, State.RESOLVED)
    theirs = case_in(world, State.ASSIGNED, assigned_org=world.people["other_company"].organisation)
    response = client_for(world.people["dispatcher"]).get(reverse("cases:queue"))
    codes = [c.code for c in response.context["page"].rows]
    mine = [
        waiting_late,
        waiting_soon,
        reopened,
        accepted_late,
        accepted_soon,
        accepted_later,
    ]
    assert [c for c in codes if c in {m.code for m in mine}] == [m.code for m in mine]
    assert done.code not in codes and theirs.code not in codes


def test_queue_is_for_dispatchers_only(world: World):
    assert client_for(world.people["worker"]).get(reverse("cases:queue")).status_code == 404


# --- lists, filters and export ----------------------------------------------------------------


def test_lists_are_scoped_and_filtered(world: World):
    late = case_in(world, State.ACCEPTED, deadline=timezone.now() - datetime.timedelta(hours=3))
    fine = case_in(world, State.ASSIGNED, source=Source.HOTLINE)
    theirs = case_in(world, State.ASSIGNED, assigned_org=world.people["other_company"].organisation)
    dispatcher = client_for(world.people["dispatcher"])
    codes = {c.code for c in dispatcher.get(reverse("cases:list")).context["page"].rows}
    assert {late.code, fine.code} <= codes and theirs.code not in codes
    town = client_for(world.people["town"])
    url = reverse("cases:list")
    overdue = {c.code for c in town.get(url, {"overdue": "1"}).context["page"].rows}
    assert late.code in overdue and fine.code not in overdue
    by_state = {c.code for c in town.get(url, {"state": "assigned"}).context["page"].rows}
    assert fine.code in by_state and late.code not in by_state
    by_source = {c.code for c in town.get(url, {"source": "hotline"}).context["page"].rows}
    # The demo city's simulated history has hotline cases too: only ours are looked at.
    assert fine.code in by_source and not by_source & {late.code, theirs.code}
    by_number = town.get(url, {"q": fine.code}).context["page"].rows
    assert [c.code for c in by_number] == [fine.code]
    by_region = {c.code for c in town.get(url, {"region": world.village.code}).context["page"].rows}
    assert {late.code, fine.code} <= by_region
    other_org = {
        c.code
        for c in town.get(url, {"organisation": world.people["other_company"].organisation.pk})
        .context["page"]
        .rows
    }
    assert fine.code not in other_org
    assert town.get(url, {"category": "toilet.full"}).status_code == 200
    assert town.get(url, {"sort": "-deadline"}).status_code == 200
    fragment = town.get(url, {"state": "assigned"}, HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert "<html" not in html and 'id="case-export"' in html
    county2 = client_for(world.people["county2"])
    assert not {late.code, fine.code} & {c.code for c in county2.get(url).context["page"].rows}


def test_overdue_badge_in_the_navigation(world: World):
    case_in(world, State.ACCEPTED, deadline=timezone.now() - datetime.timedelta(hours=3))
    page = client_for(world.people["town"]).get(reverse("cases:list")).content.decode()
    assert 'data-testid="overdue-badge"' in page


def test_the_overdue_badge_follows_a_grant_moved_at_once(world: World):
    """The count is kept a minute, but not past a change of her grants: moved to another
    county, the badge counts that county's late cases, not her old town's."""
    from renju.accounts.models import RoleGrant, User
    from renju.cases.views import _scoped_cases
    from renju.core.testing import OTHER_COUNTY

    case_in(world, State.ACCEPTED, deadline=timezone.now() - datetime.timedelta(hours=3))
    user = world.people["town"]
    client = client_for(user)

    def badge_and_count() -> tuple[str, str]:
        page = client.get(reverse("cases:list")).content.decode()
        start = page.find('data-testid="overdue-badge">')
        shown = "" if start < 0 else page[start:].split(">", 1)[1].split("<", 1)[0]
        counted = _scoped_cases(User.objects.get(pk=user.pk)).overdue().count()  # type: ignore[attr-defined]
        return shown, str(counted or "")

    before = badge_and_count()
    assert before[0] == before[1] != ""
    grant = RoleGrant.objects.filter(user=user).first()
    assert grant is not None
    grant.region = Region.objects.get(code=OTHER_COUNTY, valid_to__isnull=True)
    grant.save()
    after = badge_and_count()
    assert after[0] == after[1] != before[1]


def test_export_csv_and_xlsx_follow_the_filter_and_scope(world: World):
    late = case_in(
        world,
        State.ACCEPTED,
        deadline=timezone.now() - datetime.timedelta(hours=3),
        rating=None,
    )
    fine = case_in(world, State.CONFIRMED, rating=4)
    theirs = case_in(world, State.ASSIGNED, assigned_org=world.people["other_company"].organisation)
    dispatcher = client_for(world.people["dispatcher"])
    query = {"format": "csv", "region": world.village.code}
    response = dispatcher.get(reverse("cases:export"), query)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "case number",
        "category",
        "state",
        "village",
        "responsible organisation",
        "reported at",
        "deadline",
        "resolved at",
        "overdue",
        "rating",
    ]
    by_code = {row[0]: row for row in rows[1:]}
    assert late.code in by_code and fine.code in by_code and theirs.code not in by_code
    assert by_code[late.code][8] == "yes" and by_code[fine.code][8] == "no"
    assert by_code[fine.code][9] == "4" and by_code[late.code][9] == ""
    assert by_code[late.code][4] == world.company.name
    assert world.village.code in by_code[late.code][3]
    assert AuditEvent.objects.filter(object_type="cases.case", action="export").exists()

    response = dispatcher.get(reverse("cases:export"), {"overdue": "1"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    table = sheet.to_python()
    codes = {row[0] for row in table[1:]}
    assert late.code in codes and fine.code not in codes


def test_the_export_keeps_the_lists_sort_and_the_headers_do_not_repeat_it(world: World):
    soon = case_in(world, State.ACCEPTED, deadline=timezone.now() + datetime.timedelta(hours=1))
    later = case_in(world, State.ACCEPTED, deadline=timezone.now() + datetime.timedelta(days=9))
    dispatcher = client_for(world.people["dispatcher"])
    query = {"region": world.village.code, "sort": "-deadline"}
    html = dispatcher.get(reverse("cases:list"), query).content.decode()
    assert "sort=-deadline&amp;sort=" not in html and "sort=-deadline&sort=" not in html
    response = dispatcher.get(reverse("cases:export"), {**query, "format": "csv"})
    codes = [r[0] for r in csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")))]
    assert codes.index(later.code) < codes.index(soon.code)


def test_export_needs_the_export_right(world: World):
    assert client_for(world.people["worker"]).get(reverse("cases:export")).status_code == 404


# --- the inbox -------------------------------------------------------------------------------


def test_inbox_lists_and_marks_read(world: World):
    user = world.people["dispatcher"]
    case = case_in(world, State.ASSIGNED)
    first = Notification.objects.create(user=user, case=case, message="Case A assigned to you")
    Notification.objects.create(user=user, case=case, message="Case B assigned to you")
    Notification.objects.create(user=world.people["town"], message="not yours")
    client = client_for(user)
    page = client.get(reverse("cases:inbox")).content.decode()
    assert "Case A assigned" in page and "not yours" not in page
    assert 'data-testid="unread-badge"' in page
    response = client.post(reverse("cases:inbox-read", args=[first.pk]))
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    first.refresh_from_db()
    assert first.read_at is not None
    client.post(reverse("cases:inbox-read-all"))
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=world.people["town"], read_at__isnull=True).exists()
    other = Notification.objects.get(user=world.people["town"])
    assert client.post(reverse("cases:inbox-read", args=[other.pk])).status_code == 404


def test_the_unread_badge_follows_the_inbox_at_once(world: World):
    """The count is kept in the cache between pages; a new notification (any path) or a read
    one changes it on the next page."""
    from renju.cases import notify

    user = world.people["dispatcher"]
    case = case_in(world, State.ASSIGNED)
    client = client_for(user)

    def badge() -> str:
        page = client.get(reverse("cases:list")).content.decode()
        start = page.find('data-testid="unread-badge">')
        return "" if start < 0 else page[start:].split(">", 1)[1].split("<", 1)[0]

    assert badge() == ""
    assigned = notify.Message(gettext_noop("Case %(code)s assigned to you"), {"code": "A"})
    notify.notify([user], case, assigned)
    assert badge() == "1"
    note = Notification.objects.create(user=user, case=case, message="by hand")
    assert badge() == "2"
    note.delete()
    assert badge() == "1"
    client.post(reverse("cases:inbox-read-all"))
    assert badge() == ""


def test_a_notification_reads_in_the_readers_language(world: World):
    """Sent while the system spoke Chinese, read by a user who switched to English: her
    language, the category's name too; a message kept from before templates reads as sent."""
    from renju.cases import notify

    user = world.people["dispatcher"]
    case = case_in(world, State.ASSIGNED)
    with translation.override("zh-hans"):
        notify.notify(
            [user],
            case,
            notify.Message(
                gettext_noop("New case %(code)s: %(category)s"),
                {"code": case.code, "category": case.category},
            ),
        )
    note = Notification.objects.get(user=user, template__startswith="New case")
    name = get_category(case.category).name
    with translation.override("zh-hans"):
        assert note.message == f"新工单 {case.code}：{name}" == note.text
    with translation.override("en"):
        assert note.text == f"New case {case.code}: {name}"
    Notification.objects.create(user=user, case=case, message="旧的消息")
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("cases:inbox")).content.decode()
    with translation.override("en"):
        assert f"New case {case.code}: {name}" in page
    assert "旧的消息" in page


def test_official_assigns_to_a_serving_company_but_not_to_a_stranger(world: World):
    from renju.accounts.models import Organisation

    case = case_in(world, State.NEW, assigned_org=None, assignee=None)
    town = client_for(world.people["town"])
    page = town.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert world.company.name in page  # seated at the county, serving the town
    stranger = Organisation.objects.get(code="DEMO-371522-PUMP")
    response = _step(town, case, "assign", organisation=stranger.pk)
    assert response.status_code == 302 and _messages(response)
    case.refresh_from_db()
    assert case.state == State.NEW and case.assigned_org is None
    _step(town, case, "assign", organisation=world.company.pk)
    case.refresh_from_db()
    assert case.state == State.ASSIGNED and case.assigned_org == world.company
    assert Notification.objects.filter(user=world.people["dispatcher"], case=case).exists()


def test_assignment_offers_only_companies_serving_the_place(world: World):
    """The county official's choice: the county's bodies and the companies serving the case's
    place, not a company of the county that serves other towns."""
    from renju.accounts.models import Organisation

    case = case_in(world, State.NEW, assigned_org=None, assignee=None)
    county = client_for(world.people["county"])
    response = county.get(reverse("cases:detail", args=[case.pk]))
    offered = set(response.context["forms"]["assign"].fields["organisation"].queryset)
    other = world.people["other_company"].organisation
    assert world.company in offered and other not in offered
    assert Organisation.objects.get(code=f"DEMO-{world.town.code}-GOV") in offered
    response = _step(county, case, "assign", organisation=other.pk)
    assert response.status_code == 302 and _messages(response)
    case.refresh_from_db()
    assert case.state == State.NEW and case.assigned_org is None


# --- double submissions ----------------------------------------------------------------------


def test_dispatch_posted_twice_is_one_dispatch(world: World):
    case = case_in(world, State.ACCEPTED, assignee=None)
    dispatcher = client_for(world.people["dispatcher"])
    worker = world.people["worker"]
    for _attempt in range(2):
        assert _step(dispatcher, case, "dispatch", crew_member=worker.pk).status_code == 302
    assert case.events.filter(kind=EventKind.DISPATCHED).count() == 1
    assert Notification.objects.filter(user=worker, case=case).count() == 1


def test_comment_posted_twice_is_one_comment(world: World):
    case = case_in(world, State.ACCEPTED)
    town = client_for(world.people["town"])
    for _attempt in range(2):
        assert _step(town, case, "comment", note="请尽快处理").status_code == 302
    assert case.events.filter(kind=EventKind.COMMENT).count() == 1


# --- invalid filters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"organisation": "99999999999999999999999"},
        {"organisation": "-99999999999999999999999"},
        {"organisation": "abc"},
        {"organisation": "0"},
        {"state": "zzz"},
        {"category": "zzz"},
        {"source": "zzz"},
        {"overdue": "zzz"},
    ],
)
def test_an_invalid_filter_matches_nothing(world: World, query: dict[str, str]):
    """Never a 500 (an integer too large for SQLite), never every case (the value ignored)."""
    case_in(world, State.ASSIGNED)
    town = client_for(world.people["town"])
    response = town.get(reverse("cases:list"), query)
    assert response.status_code == 200
    assert list(response.context["page"].rows) == []
    if "overdue" not in query:
        assert 'data-testid="filter-errors"' in response.content.decode()
    export = town.get(reverse("cases:export"), {**query, "format": "csv"})
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(export.getvalue().decode("utf-8-sig"))))
    assert len(rows) == 1  # the header only


# --- the details, for people -------------------------------------------------------------------


def test_details_are_shown_with_labels_and_names_in_chinese(world: World):
    from renju.accounts.models import Organisation

    cooperative = Organisation.objects.create(
        code="T-COOP-DETAILS", name="测试收粪合作社", kind="cooperative", region=world.town
    )
    case = case_in(
        world,
        State.RESOLVED,
        data={
            "simulated": True,
            "condition": "unusable",
            "pumpout": {
                "volume": "3.5",
                "destination": "reuse",
                "destination_org": cooperative.pk,
                "destination_site": "",
                "plant": None,
                "household_fee": "30",
                "subsidy": "50",
            },
            "cleared": True,
        },
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(world.people["town"])
    response = client.get(reverse("cases:detail", args=[case.pk]))
    html = response.content.decode()
    start = html.index('data-testid="case-details"')
    details = html[start : html.index("</dd>", start)]
    for raw in (
        "pumpout.",
        "simulated",
        "True",
        "unusable",
        "reuse",
        str(cooperative.pk),
        "<code>",
    ):
        assert raw not in details, raw
    with translation.override("zh-hans"):
        expected = [
            translation.gettext("volume (m³)"),
            translation.gettext("reuse (cooperative or family farm)"),
            translation.gettext("received by"),
            translation.gettext("unusable"),
            translation.gettext("yes"),
        ]
    assert all(text in details for text in expected), details
    assert "抽取量" in details and "不能用" in details
    assert cooperative.name in details and "3.5" in details
