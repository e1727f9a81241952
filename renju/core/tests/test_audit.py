"""The audit trail: every write path leaves events, nothing can change them, the log is scoped."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone

from renju.accounts.models import User
from renju.core import audit, spreadsheets
from renju.core.ledgers import get_ledger
from renju.core.models import AuditEvent
from renju.core.models.audit import AuditAction, Channel
from renju.core.testing import make_user, places
from renju.households.models import Household
from renju.regions.models import Region

pytestmark = pytest.mark.django_db

HOUSEHOLD = "households.household"
PASSWORD = "pw-Renju-2026!"  # what make_user gives every persona


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def household_data(village: Region, number: int, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": f"{village.code}{number:04d}",
        "region": village.code,
        "head_name": "审计户主",
        "phone": "13900000000",
        "members": 3,
        "status": "resident",
    }
    data.update(extra)
    return data


def events_of(obj: Any) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).order_by("pk")
    )


def last_event_pk() -> int:
    last = AuditEvent.objects.order_by("-pk").first()
    return last.pk if last else 0


@pytest.fixture
def officer() -> User:
    return make_user("aud_officer", "officer", places().county)


# --- the write paths ----------------------------------------------------------------------------


def test_page_create_edit_delete_each_leave_one_event(officer: User) -> None:
    p = places()
    client = signed_in(officer)
    data = household_data(p.village, 8001)
    created = client.post("/ledgers/households/add/", data)
    assert created.status_code == 302
    household = Household.objects.get(code=data["code"])
    [event] = events_of(household)
    assert (event.action, event.channel, event.actor) == ("create", "page", officer)
    assert event.actor_label == "aud_officer"
    assert (event.county_id, event.town_id, event.village_id) == (
        p.county.pk,
        p.town.pk,
        p.village.pk,
    )
    assert event.changes["head_name"] == [None, "审计户主"]
    assert event.changes["members"] == [None, 3]
    assert event.request_id == created["X-Request-Id"]

    edited = client.post(f"/ledgers/households/{household.pk}/edit/", {**data, "members": 5})
    assert edited.status_code == 302
    update = events_of(household)[-1]
    assert (update.action, update.channel) == ("update", "page")
    assert update.changes == {"members": [3, 5]}

    # Saving without a change writes no event.
    again = client.post(f"/ledgers/households/{household.pk}/edit/", {**data, "members": 5})
    assert again.status_code == 302
    assert len(events_of(household)) == 2

    deleted = client.post(f"/ledgers/households/{household.pk}/delete/")
    assert deleted.status_code == 302
    assert not Household.objects.filter(pk=household.pk).exists()
    gone = events_of(household)[-1]
    assert (gone.action, gone.channel, gone.actor) == ("delete", "page", officer)
    assert gone.changes["head_name"] == ["审计户主", None]
    assert gone.village_id == p.village.pk  # still findable under its village
    assert len(events_of(household)) == 3


def test_import_leaves_one_event_per_row_and_a_summary(officer: User) -> None:
    p = places()
    header = ",".join(c.header for c in get_ledger("households").spreadsheet_columns)
    codes = [f"{p.village.code}{8100 + i}" for i in range(3)]
    body = "".join(f"{code},{p.village.code},导入户,,2,常住,否\n" for code in codes)
    upload = SimpleUploadedFile("audit.csv", f"{header}\n{body}".encode(), "text/csv")
    start = last_event_pk()
    response = signed_in(officer).post("/ledgers/households/import/", {"file": upload})
    assert response.status_code == 302
    new = AuditEvent.objects.filter(pk__gt=start)
    rows = new.filter(object_type=HOUSEHOLD, action="create")
    assert rows.count() == 3
    assert set(rows.values_list("object_id", flat=True)) == {
        str(pk) for pk in Household.objects.filter(code__in=codes).values_list("pk", flat=True)
    }
    summary = new.get(action="import")
    assert summary.object_type == HOUSEHOLD
    assert summary.changes["created"] == 3
    assert "audit.csv" in summary.object_repr
    for event in [*rows, summary]:
        assert (event.channel, event.actor) == ("import", officer)
    # One import, one request id across its events.
    assert {e.request_id for e in [*rows, summary]} == {summary.request_id}
    assert summary.request_id


def test_load_regions_again_changes_nothing() -> None:
    # The session's first load was a command.
    county = Region.objects.current().get(code="371502")
    [first] = events_of(county)[:1]
    assert (first.action, first.channel) == ("create", "command")

    regions, events = Region.objects.count(), AuditEvent.objects.count()
    out = io.StringIO()
    call_command("load_regions", stdout=out)
    assert "regions: 0 created, 0 updated" in out.getvalue()
    assert "boundaries: 0; zones: 0" in out.getvalue()
    assert Region.objects.count() == regions
    assert AuditEvent.objects.count() == events


def test_region_change_command_events_are_channel_command() -> None:
    p = places()
    households = Household.objects.filter(region=p.village).count()
    start = last_event_pk()
    call_command(
        "region_change",
        "rename",
        p.village.code,
        "--name",
        "审计更名村",
        "--date",
        "2026-01-01",
        stdout=io.StringIO(),
    )
    new = AuditEvent.objects.filter(pk__gt=start)
    assert new.exists()
    assert set(new.values_list("channel", flat=True)) == {"command"}
    assert new.filter(object_type=HOUSEHOLD, action="move").count() == households
    assert new.filter(object_type="regions.regionchange", action="create").count() == 1


def test_the_log_reads_a_merge_its_sources_and_targets_listed() -> None:
    """A merge records its sources and targets as lists of codes: the log (page, filter,
    export) answered 500 for everyone who could see it ("unhashable type: 'list'")."""
    p = places()
    first, second = Region.objects.current().filter(parent=p.town).order_by("code")[:2]
    call_command(
        "region_change",
        "merge",
        first.code,
        second.code,
        "--name",
        "审计合并村",
        "--code",
        first.code,
        "--date",
        "2026-01-01",
        stdout=io.StringIO(),
    )
    client = signed_in(make_user("merge-reader", "admin", p.county))
    client.cookies["django_language"] = "zh-hans"
    for query in ("object_type=regions.regionchange", f"region={first.code}", "channel=command"):
        response = client.get(f"/audit/?{query}")
        assert response.status_code == 200, query
        assert client.get(f"/audit/?{query}&format=csv").status_code == 200, query
    html = client.get("/audit/?object_type=regions.regionchange").content.decode()
    assert f"{first.code}, {second.code}" in html


# --- append-only ----------------------------------------------------------------------------


@pytest.fixture
def event() -> AuditEvent:
    with audit.audit_context(channel=Channel.SYSTEM):
        return audit.record(
            AuditAction.UPDATE, object_type="test.thing", object_repr="原来的", note="原来的"
        )


def test_model_refuses_update_and_delete(event: AuditEvent) -> None:
    event.note = "改过的"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).note == "原来的"


def test_queryset_refuses_update_and_delete(event: AuditEvent) -> None:
    events = AuditEvent.objects.filter(pk=event.pk)
    with pytest.raises(TypeError):
        events.update(note="改过的")
    with pytest.raises(TypeError):
        events.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(note="改过的")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    event.note = "改过的"
    # bulk_update runs in its own atomic block, which the refusal marks for rollback.
    with pytest.raises(TypeError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["note"])
    assert AuditEvent.objects.get(pk=event.pk).note == "原来的"


def test_database_refuses_a_raw_update(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET note = %s WHERE id = %s", ["改过的", event.pk])
    assert AuditEvent.objects.get(pk=event.pk).note == "原来的"


def test_postgresql_refuses_a_raw_delete(event: AuditEvent) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps DELETE open for the test flush (see migration 0002)")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# --- changes as written ---------------------------------------------------------------------

# Keys in an order that neither sorting nor jsonb's order (shorter keys first) would give.
WRITTEN = {
    "status": ["resident", "away"],
    "code": [None, "X"],
    "members": [3, 5],
    "名": [None, "王"],
}


def test_changes_keep_the_order_they_were_written_in() -> None:
    with audit.audit_context(channel=Channel.SYSTEM):
        one = audit.record(AuditAction.UPDATE, object_type="test.thing", changes=WRITTEN)
        audit.record_rows(
            AuditAction.CREATE, "test.thing", [7, 8], ["7", "8"], [None, None], [WRITTEN, WRITTEN]
        )
    events = AuditEvent.objects.filter(object_type="test.thing").order_by("pk")
    assert [list(e.changes.items()) for e in events] == [list(WRITTEN.items())] * 3
    assert AuditEvent.objects.get(pk=one.pk).changes == WRITTEN


def test_changes_column_holds_json_text_on_postgresql() -> None:
    """PostgreSQL's ``json``, not ``jsonb`` (see JSONTextField); SQLite's JSON text."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one JSON column type")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_name = 'core_auditevent' AND column_name = 'changes'"
        )
        assert cursor.fetchone() == ("json",)


def test_empty_and_null_changes_read_back() -> None:
    with audit.audit_context(channel=Channel.SYSTEM):
        event = audit.record(AuditAction.UPDATE, object_type="test.thing", note="无变化")
    assert AuditEvent.objects.get(pk=event.pk).changes == {}
    assert list(AuditEvent.objects.filter(pk=event.pk).values_list("changes", flat=True)) == [{}]


# --- the audit log page ---------------------------------------------------------------------


@pytest.fixture
def two_towns() -> dict[str, Any]:
    """An officer in each of two towns of the county, each adding a household at home."""
    p = places()
    town_b = p.other_town_same_county
    village_b = Region.objects.current().filter(parent=town_b, level=5).order_by("code").first()
    assert village_b is not None
    a = make_user("aud_town_a", "officer", p.town)
    b = make_user("aud_town_b", "officer", town_b)
    for user, village in ((a, p.village), (b, village_b)):
        response = signed_in(user).post("/ledgers/households/add/", household_data(village, 8201))
        assert response.status_code == 302
    return {"a": a, "b": b, "town_a": p.town, "town_b": town_b}


def listed(client: Client, query: str = "") -> list[AuditEvent]:
    response = client.get(f"/audit/?{query}")
    assert response.status_code == 200
    return list(response.context["page"].rows)


def test_audit_log_filters(officer: User, two_towns: dict[str, Any]) -> None:
    client = signed_in(officer)
    town_a, town_b = two_towns["town_a"], two_towns["town_b"]

    mine = listed(client, "actor=aud_town_")
    assert {e.actor_label for e in mine} == {"aud_town_a", "aud_town_b"}

    in_a = listed(client, f"actor=aud_town_&region={town_a.code}")
    assert [e.actor_label for e in in_a] == ["aud_town_a"]
    assert all(e.town_id == town_a.pk for e in listed(client, f"region={town_a.code}"))
    assert [e.actor_label for e in listed(client, f"actor=aud_town_&region={town_b.code}")] == [
        "aud_town_b"
    ]

    assert listed(client, "actor=aud_town_&action=delete") == []
    assert len(listed(client, "actor=aud_town_&action=create")) == 2
    assert listed(client, "actor=aud_town_&channel=import") == []
    assert len(listed(client, "actor=aud_town_&channel=page")) == 2
    assert [e.actor_label for e in listed(client, "actor=aud_town_b")] == ["aud_town_b"]

    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    yesterday = today - datetime.timedelta(days=1)
    assert len(listed(client, f"actor=aud_town_&since={today}&until={today}")) == 2
    assert listed(client, f"actor=aud_town_&since={tomorrow}") == []
    assert listed(client, f"actor=aud_town_&until={yesterday}") == []
    assert len(listed(client, "actor=aud_town_&since=not-a-date")) == 2  # ignored, no error

    page = client.get("/audit/?actor=aud_town_").content.decode()
    assert "操作日志" in page and 'data-testid="events"' in page


def test_audit_log_is_scoped_to_the_town(two_towns: dict[str, Any]) -> None:
    town_a, town_b = two_towns["town_a"], two_towns["town_b"]
    client = signed_in(two_towns["a"])
    seen = listed(client)
    assert seen and all(e.town_id == town_a.pk for e in seen)
    assert [e.actor_label for e in listed(client, "actor=aud_town_")] == ["aud_town_a"]
    assert listed(client, "actor=aud_town_b") == []
    assert listed(client, f"region={town_b.code}") == []  # another town's code shows nothing
    export = client.get("/audit/?format=csv").content.decode("utf-8-sig")
    assert "aud_town_a" in export and "aud_town_b" not in export


def test_audit_log_needs_a_grant() -> None:
    nobody = User.objects.create_user(username="aud_nobody", password="pw-Renju-2026!")
    assert signed_in(nobody).get("/audit/").status_code == 404


def test_audit_log_exports_csv_and_xlsx(officer: User, two_towns: dict[str, Any]) -> None:
    client = signed_in(officer)
    response = client.get("/audit/?actor=aud_town_&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="audit.csv"' in response["Content-Disposition"]
    rows = spreadsheets.read_rows(io.BytesIO(response.content), "csv")
    assert rows[0][:4] == ["时间", "操作人", "渠道", "操作"]
    assert sorted(r[1] for r in rows[1:]) == ["aud_town_a", "aud_town_b"]

    response = client.get("/audit/?actor=aud_town_&format=xlsx")
    assert response.status_code == 200
    assert response.content.startswith(spreadsheets.XLSX_MAGIC)
    rows = spreadsheets.read_rows(io.BytesIO(response.content), "xlsx")
    assert rows[0][:4] == ["时间", "操作人", "渠道", "操作"]
    assert sorted(r[1] for r in rows[1:]) == ["aud_town_a", "aud_town_b"]


@pytest.mark.parametrize("action", ["login", "export", "password", "login_failed"])
def test_events_about_a_person_are_filed_where_she_works(action: str) -> None:
    """A sign-in, an export or a password change has no region of its own: it is filed at the
    actor's organisation, so the administrators above her see it and no one else does."""
    p = places()
    officer = make_user(f"aud_place_{action}", "officer", p.town)
    if action == "login":
        Client().post("/accounts/login/", {"username": officer.username, "password": PASSWORD})
    elif action == "login_failed":
        Client().post("/accounts/login/", {"username": officer.username, "password": "wrong"})
    elif action == "export":
        signed_in(officer).get(f"/ledgers/households/export/?region={p.town.code}&format=csv")
    else:
        signed_in(officer).post(
            "/accounts/password/",
            {
                "old_password": PASSWORD,
                "new_password1": "Another-Renju-2027?",
                "new_password2": "Another-Renju-2027?",
            },
        )
    event = AuditEvent.objects.filter(action=action).latest("pk")
    assert event.region_id == p.town.pk and event.county_id == p.county.pk
    log = f"/audit/?action={action}"
    for who, sees in [
        (make_user(f"aud_place_c_{action}", "admin", p.county), True),
        (make_user(f"aud_place_city_{action}", "admin", p.city), True),
        (make_user(f"aud_place_o_{action}", "admin", p.other_county), False),
    ]:
        html = signed_in(who).get(log).content.decode()
        assert (officer.username in html) is sees, who.username


def test_history_and_export_read_as_the_pages_do(officer: User) -> None:
    """Changes under their fields' names, values as labels, yes/no and names; local times."""
    p = places()
    client = signed_in(officer)
    client.cookies["django_language"] = "zh-hans"
    data = household_data(p.village, 8101)
    client.post("/ledgers/households/add/", data)
    household = Household.objects.get(code=data["code"])
    client.post(
        f"/ledgers/households/{household.pk}/edit/",
        {**data, "status": "away", "low_income": "on"},
    )
    html = client.get(f"/ledgers/households/{household.pk}/?tab=history").content.decode()
    assert "居住状态</span>: 常住 → 外出" in html
    assert "低收入户</span>: 否 → 是" in html
    assert f"所属区划</span>: ∅ → {p.village.name}" in html
    assert "region_id" not in html and "low_income" not in html

    response = client.get(f"/audit/?actor={officer.username}&format=csv")
    rows = spreadsheets.read_rows(io.BytesIO(response.content), "csv")
    update = next(r for r in rows[1:] if r[3] == "更新")
    event = events_of(household)[-1]
    assert update[0] == timezone.localtime(event.time).strftime("%Y-%m-%d %H:%M:%S")
    assert update[7] == f"{p.village.code} {p.village.name}"
    assert "居住状态: 常住 → 外出" in update[8] and "低收入户: 否 → 是" in update[8]


def test_the_log_reads_an_import_summary_and_a_reference_by_number(officer: User) -> None:
    """An import's counts on a household event and a villager's report naming its case by
    number made the whole log answer 500 for everyone who could see them."""
    p = places()
    client = signed_in(officer)
    client.cookies["django_language"] = "zh-hans"
    with audit.audit_context(actor=officer, channel=Channel.IMPORT):
        audit.record(
            AuditAction.IMPORT,
            object_type=HOUSEHOLD,
            object_repr="农户 × 1",
            region=p.village,
            changes={"created": 0, "updated": 0, "unchanged": 1, "error_count": 0},
        )
    with audit.audit_context(actor=officer, channel=Channel.PAGE):
        audit.record(
            AuditAction.CREATE,
            object_type="toilets.toiletreport",
            object_repr="扫码报告",
            region=p.village,
            changes={"category": [None, "toilet.full"], "case": [None, "T2026120100355"]},
        )
    response = client.get("/audit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "未变更行数</span>: 1" in html and "error_count" not in html
    assert "T2026120100355" in html
    export = client.get("/audit/?format=csv")
    rows = spreadsheets.read_rows(io.BytesIO(export.content), "csv")
    summary = next(r for r in rows[1:] if r[6] == "农户 × 1")
    assert "未变更行数: 1" in summary[8] and "→" not in summary[8]
    exported = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=officer).last()
    assert exported is not None and exported.note == "format=csv"  # not "{'format': 'csv'}"


def test_a_villagers_phone_is_masked_in_the_log() -> None:
    """A case's reporter is a villager: her phone number read in full in the audit log."""
    p = places()
    viewer = make_user("aud_viewer_mask", "viewer", p.county)
    with audit.audit_context(channel=Channel.PAGE):
        audit.record(
            AuditAction.CREATE,
            object_type="cases.case",
            object_repr="T2026120100001",
            region=p.village,
            changes={"reporter_phone": [None, "13812345678"], "reporter_name": [None, "王建国"]},
        )
    client = signed_in(viewer)
    html = client.get("/audit/").content.decode()
    assert "13812345678" not in html and "138****5678" in html and "王建国" not in html
    export = client.get("/audit/?format=csv").content.decode("utf-8-sig")
    assert "13812345678" not in export and "138****5678" in export


def test_an_empty_field_of_a_row_created_or_deleted_is_not_listed() -> None:
    """A deleted milestone's history read "照片: ∅ → ∅"."""
    from renju.core.audit_display import describe

    event = AuditEvent(
        object_type="plans.milestone",
        changes={"name": ["招标", None], "photo": ["", None], "done_date": [None, None]},
    )
    [(_event, changes)] = describe([event])
    assert [(c.old, c.new) for c in changes] == [("招标", "∅")]


def test_a_users_grants_read_in_the_pages_language() -> None:
    """A tester read "grants: officer, 371502100 → officer, 371502101" on a Chinese page."""
    from django.utils import translation

    from renju.core.audit_display import describe

    event = AuditEvent(
        object_type="accounts.user",
        changes={"grants": [[["officer", "371502100"]], [["viewer", "371502101"]]]},
    )
    with translation.override("zh-hans"):
        [(_event, [change])] = describe([event])
        assert str(change) == "角色授权: 业务人员 371502100 → 查看人员 371502101"
    with translation.override("en"):
        [(_event, [change])] = describe([event])
        assert str(change) == "role grants: officer 371502100 → viewer 371502101"
