"""The permission matrix: every ledger × every role × every page action × inside/outside scope.

ROLE_ACTIONS is the specification. A user granted a role at county 371502 acts on a row in a
village of that county ("inside") and on a row in county 371522 ("outside"). What is allowed
inside succeeds (200, or 302 after a write) and leaves exactly one audit event; what is not
allowed, or lies outside the scope, answers 404 (never 403: "not found" and "not allowed" look
the same) and changes nothing. Where there is no object to miss (the list, the export) an
outside row is simply absent; a new row placed outside is refused by the form's region field
("no such region in your area"), and an import that names an outside region writes nothing.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from renju.accounts.choices import ROLE_ACTIONS, OrganisationKind, Role
from renju.accounts.models import Organisation, ServiceArea
from renju.core import actions, audit
from renju.core.ledgers import Ledger, get_ledger, ledgers
from renju.core.models import AuditEvent, Job
from renju.core.models.audit import AuditAction, Channel
from renju.core.scoping import ADD, CHANGE, DELETE, EXPORT, IMPORT, VIEW
from renju.core.testing import Places, make_company_user, make_user, places
from renju.core.testing.matrix import RowFactory, app_factories
from renju.households.models import Household
from renju.regions.choices import Level
from renju.regions.models import Region

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------------------------------------
# Row factories, one per ledger: an unsaved row in a region, and an edit that changes it.


def _household(region: Region, n: int) -> Household:
    return Household(
        code=f"{region.code[:12]}{9700 + n:04d}",
        region=region,
        head_name="测试户主",
        phone="13812345678",
        members=3,
    )


def _service_area(region: Region, n: int) -> ServiceArea:
    county = region.county
    assert county is not None
    org, _created = Organisation.objects.get_or_create(
        code=f"T-PM-ORG-{county.code}",
        defaults={
            "name": f"矩阵测试服务公司{county.code}",
            "kind": OrganisationKind.SERVICE_COMPANY,
            "region": county,
        },
    )
    services = list(ServiceArea.Service)
    return ServiceArea(
        code=f"T-PM-SA-{region.code}-{n}",
        organisation=org,
        region=region,
        service=services[n % len(services)],
    )


def _household_toilet(region: Region, n: int) -> Any:
    from renju.toilets.models import HouseholdToilet

    household, _created = Household.objects.get_or_create(
        code=f"{region.code[:12]}{9600 + n:04d}",
        defaults={"region": region, "head_name": "测试户主", "members": 3},
    )
    return HouseholdToilet(
        code=f"{household.code}01",
        household=household,
        region=region,
        toilet_type="three_compartment",
        condition="usable",
    )


def _public_toilet(region: Region, n: int) -> Any:
    from renju.toilets.models import PublicToilet

    return PublicToilet(
        code=f"T-PM-PT-{region.code}-{n}",
        name=f"测试公厕{n}",
        region=region,
        toilet_type="sewer",
        condition="usable",
    )


def _clinic_toilet(region: Region, n: int) -> Any:
    from renju.toilets.models import ClinicToilet

    return ClinicToilet(
        code=f"T-PM-CT-{region.code}-{n}",
        clinic_name=f"测试卫生室{n}",
        region=region,
        toilet_type="three_compartment",
        condition="usable",
    )


def _project(region: Region, n: int) -> Any:
    from renju.plans.models import Project

    return Project(
        code=f"T-PM-PRJ-{region.code}-{n}",
        region=region,
        name="矩阵测试项目",
        domain="sewage",
        lead_department="ecology",
        budget=500_000,
    )


FACTORIES: dict[str, RowFactory] = {
    "households": RowFactory(_household, {"members": "7"}),
    "service-areas": RowFactory(_service_area, {"contract_no": "HT-PM-7"}),
    "household-toilets": RowFactory(_household_toilet, {"year_built": "2020"}),
    "public-toilets": RowFactory(_public_toilet, {"caretaker": "管护员甲"}),
    "clinic-toilets": RowFactory(_clinic_toilet, {"year_built": "2019"}),
    "projects": RowFactory(_project, {"progress": "35"}),
    **app_factories(),  # the domain apps' own, from <app>/tests/matrix.py
}


def make_row(ledger: Ledger, region: Region, n: int = 0) -> Any:
    obj = FACTORIES[ledger.slug].build(region, n)
    obj.save()
    return obj


def form_data(ledger: Ledger, obj: Any) -> dict[str, str]:
    """What the create/edit form posts for ``obj`` (regions by code, other relations by pk)."""
    data: dict[str, str] = {}
    for name in ledger.columns:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if value is None:
            data[name] = ""
        elif field.is_relation:
            data[name] = value.code if isinstance(value, Region) else str(value.pk)
        elif isinstance(field, models.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    return data


def csv_upload(ledger: Ledger, obj: Any) -> SimpleUploadedFile:
    """A one-row import sheet for the unsaved ``obj``, headed as the template is."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    with translation.override("zh-hans"):
        columns = ledger.spreadsheet_columns
        writer.writerow([c.header for c in columns])
        row = []
        for c in columns:
            value = getattr(obj, c.name)
            if value is None:
                row.append("")
            else:
                row.append(getattr(value, c.lookup) if c.is_relation else c.format(value))
        writer.writerow(["" if v is None else v for v in row])
    return SimpleUploadedFile(
        f"{ledger.slug}.csv", buffer.getvalue().encode("utf-8-sig"), content_type="text/csv"
    )


def events_for(obj: Any, pk: Any = None) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(pk if pk is not None else obj.pk)
        )
    )


def assert_one_event(obj: Any, action: str, user: Any, channel: str = Channel.PAGE, pk: Any = None):
    events = events_for(obj, pk)
    assert len(events) == 1, events
    event = events[0]
    assert (event.action, event.channel, event.actor_id) == (action, channel, user.pk)


def url(ledger: Ledger, name: str, pk: int | None = None) -> str:
    return reverse(f"ledgers:{ledger.slug}-{name}", kwargs={"pk": pk} if pk else None)


# ---------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def where(django_db_setup: None, django_db_blocker: Any) -> Places:
    with django_db_blocker.unblock():
        return places()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path  # uploaded import files stay out of var/


# ---------------------------------------------------------------------------------------------
# The matrix

PAGE_ACTIONS: dict[str, str] = {
    "list": VIEW,
    "detail": VIEW,
    "add": ADD,
    "change": CHANGE,
    "delete": DELETE,
    "import": IMPORT,
    "export": EXPORT,
    "template": IMPORT,
}
SCOPES = ["inside", "outside"]
CASES = [
    pytest.param(
        ledger.slug, role.value, action, scope, id=f"{ledger.slug}-{role}-{action}-{scope}"
    )
    for ledger in ledgers()
    for role in Role
    for action in PAGE_ACTIONS
    for scope in SCOPES
]


def test_every_ledger_has_a_factory():
    """A new ledger must join the matrix: give it a row factory in <app>/tests/matrix.py."""
    assert {ledger.slug for ledger in ledgers()} <= FACTORIES.keys()


def test_matrix_covers_the_spec():
    assert set(ROLE_ACTIONS) == set(Role)
    assert len(CASES) == len(ledgers()) * len(Role) * len(PAGE_ACTIONS) * len(SCOPES)


@pytest.mark.parametrize(("slug", "role", "action", "scope"), CASES)
def test_matrix(client: Client, where: Places, slug: str, role: str, action: str, scope: str):
    ledger = get_ledger(slug)
    perm = PAGE_ACTIONS[action]
    allowed = perm in ROLE_ACTIONS[role] and perm in ledger.actions
    user = make_user(f"pm-{role}", role, where.county)
    client.force_login(user)
    region = where.village if scope == "inside" else where.other_village
    inside = scope == "inside"
    CHECKS[action](client, ledger, user, region, allowed, inside)


def _list(client: Client, ledger: Ledger, user: Any, region: Region, allowed: bool, inside: bool):
    obj = make_row(ledger, region)
    response = client.get(url(ledger, "list"), {"q": obj.code})
    if not allowed:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    shown = [row.pk for row in response.context["page"].rows]
    assert shown == ([obj.pk] if inside else [])


def _detail(client: Client, ledger: Ledger, user: Any, region: Region, allowed: bool, inside: bool):
    obj = make_row(ledger, region)
    response = client.get(url(ledger, "detail", obj.pk))
    assert response.status_code == (200 if allowed and inside else 404)
    if not (allowed and inside):
        return
    # Personal data is shown in full only to those who may change the row, in the fields
    # and in the history tab alike; the others see it masked as in the list.
    full = CHANGE in ROLE_ACTIONS[user.grants.get().role] and CHANGE in ledger.actions
    audit.record(AuditAction.CREATE, obj, changes=audit.diff({}, audit.snapshot(obj)))
    for tab in ("", "history"):
        html = client.get(url(ledger, "detail", obj.pk), {"tab": tab}).content.decode()
        for name, masker in ledger.masks.items():
            value = getattr(obj, name)
            assert (value in html) is full, (name, tab)
            assert (masker(value) in html) is not full, (name, tab)


def _add(client: Client, ledger: Ledger, user: Any, region: Region, allowed: bool, inside: bool):
    model: Any = ledger.model
    assert client.get(url(ledger, "add")).status_code == (200 if allowed else 404)
    new = FACTORIES[ledger.slug].build(region, 1)
    events_before = AuditEvent.objects.count()
    response = client.post(url(ledger, "add"), form_data(ledger, new))
    created = model._default_manager.filter(code=new.code).first()
    if allowed and inside:
        assert response.status_code == 302, response.context["form"].errors
        assert created is not None
        assert response["Location"] == url(ledger, "detail", created.pk)
        assert_one_event(created, AuditAction.CREATE, user)
        return
    if allowed:  # may add, but not there: the region field does not know the outside region
        assert response.status_code == 400
        assert "region" in response.context["form"].errors
    else:
        assert response.status_code == 404
    assert created is None
    assert AuditEvent.objects.count() == events_before


def _change(client: Client, ledger: Ledger, user: Any, region: Region, allowed: bool, inside: bool):
    obj = make_row(ledger, region)
    edit = url(ledger, "edit", obj.pk)
    ok = allowed and inside
    assert client.get(edit).status_code == (200 if ok else 404)
    changes = FACTORIES[ledger.slug].change
    response = client.post(edit, {**form_data(ledger, obj), **changes})
    after = type(obj)._default_manager.get(pk=obj.pk)
    if ok:
        assert response.status_code == 302, response.context["form"].errors
        for name, value in changes.items():
            assert str(getattr(after, name)) == value
        assert_one_event(obj, AuditAction.UPDATE, user)
    else:
        assert response.status_code == 404
        for name in changes:
            assert getattr(after, name) == getattr(obj, name)
        assert events_for(obj) == []


def _delete(client: Client, ledger: Ledger, user: Any, region: Region, allowed: bool, inside: bool):
    obj = make_row(ledger, region)
    page = url(ledger, "delete", obj.pk)
    ok = allowed and inside
    assert client.get(page).status_code == (200 if ok else 404)
    response = client.post(page)
    still_there = type(obj)._default_manager.filter(pk=obj.pk).exists()
    if ok:
        assert response.status_code == 302
        assert response["Location"] == url(ledger, "list")
        assert not still_there
        assert_one_event(obj, AuditAction.DELETE, user)
    else:
        assert response.status_code == 404
        assert still_there
        assert events_for(obj) == []


def _import(client: Client, ledger: Ledger, user: Any, region: Region, allowed: bool, inside: bool):
    model: Any = ledger.model
    assert client.get(url(ledger, "import")).status_code == (200 if allowed else 404)
    new = FACTORIES[ledger.slug].build(region, 2)
    response = client.post(url(ledger, "import"), {"file": csv_upload(ledger, new)})
    created = model._default_manager.filter(code=new.code).first()
    if not allowed:
        assert response.status_code == 404
        assert created is None
        return
    assert response.status_code == 302
    job = Job.objects.get(user=user, kind="ledger_import")
    if inside:
        assert job.status == Job.Status.DONE, job.errors
        assert created is not None
        assert_one_event(created, AuditAction.CREATE, user, channel=Channel.IMPORT)
    else:
        assert job.status == Job.Status.FAILED
        assert created is None
        assert any(new.region.code in error for error in job.errors), job.errors


def _export(client: Client, ledger: Ledger, user: Any, region: Region, allowed: bool, inside: bool):
    obj = make_row(ledger, region)
    response = client.get(url(ledger, "export"), {"format": "csv", "q": obj.code})
    if not allowed:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    lines = [line for line in body.splitlines() if line]
    assert len(lines) == (2 if inside else 1)  # header (+ the row)
    assert (obj.code in body) is inside
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=user)
    assert (event.channel, event.object_type) == (Channel.PAGE, obj._meta.label_lower)


def _template(
    client: Client, ledger: Ledger, user: Any, region: Region, allowed: bool, inside: bool
):
    # The template holds no rows, so scope does not change the answer.
    make_row(ledger, region)
    response = client.get(url(ledger, "template"))
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert response.content[:2] == b"PK"  # an .xlsx


CHECKS: dict[str, Callable[..., None]] = {
    "list": _list,
    "detail": _detail,
    "add": _add,
    "change": _change,
    "delete": _delete,
    "import": _import,
    "export": _export,
    "template": _template,
}


# ---------------------------------------------------------------------------------------------
# Around the matrix


@pytest.mark.parametrize("slug", [ledger.slug for ledger in ledgers()])
def test_anonymous_is_sent_to_sign_in(client: Client, where: Places, slug: str):
    ledger = get_ledger(slug)
    obj = make_row(ledger, where.village)
    for name, pk in [("list", None), ("detail", obj.pk), ("edit", obj.pk), ("export", None)]:
        response = client.get(url(ledger, name, pk))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert client.post(url(ledger, "delete", obj.pk)).status_code == 302
    assert type(obj)._default_manager.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("slug", [ledger.slug for ledger in ledgers()])
def test_user_without_grants_finds_nothing(client: Client, where: Places, slug: str):
    ledger = get_ledger(slug)
    user = make_user("pm-nogrant", Role.ADMIN, where.county)
    user.grants.all().delete()
    client.force_login(user)
    obj = make_row(ledger, where.village)
    for name, pk in [("list", None), ("detail", obj.pk), ("add", None), ("export", None)]:
        assert client.get(url(ledger, name, pk)).status_code == 404


def test_moving_a_household_out_of_scope_is_refused(client: Client, where: Places):
    ledger = get_ledger("households")
    user = make_user("pm-mover", Role.OFFICER, where.county)
    client.force_login(user)
    household = make_row(ledger, where.village)
    before = Household.objects.filter(pk=household.pk).values().get()
    data = form_data(ledger, household)
    data["region"] = where.other_village.code
    response = client.post(url(ledger, "edit", household.pk), data)
    assert response.status_code == 400
    assert "region" in response.context["form"].errors
    assert Household.objects.filter(pk=household.pk).values().get() == before
    assert events_for(household) == []

    # The action re-checks the target region itself, whatever the caller's form did.
    household.region = where.other_village
    with pytest.raises(PermissionDenied):
        actions.save_object(user, household)
    assert Household.objects.filter(pk=household.pk).values().get() == before
    assert events_for(household) == []


def test_household_code_must_sit_under_its_village(client: Client, where: Places):
    """The ledger's row rule holds on the page as on import: code = village code + 4 digits."""
    ledger = get_ledger("households")
    user = make_user("pm-coder", Role.OFFICER, where.county)
    client.force_login(user)
    elsewhere = _village_outside_town(where)  # in scope, but not the household's village
    new = _household(where.village, 4)
    new.code = f"{elsewhere.code}9704"
    response = client.post(url(ledger, "add"), form_data(ledger, new))
    assert response.status_code == 400
    assert "code" in response.context["form"].errors
    assert not Household.objects.filter(code=new.code).exists()

    household = make_row(ledger, where.village, 5)
    data = {**form_data(ledger, household), "region": elsewhere.code}  # code stays behind
    response = client.post(url(ledger, "edit", household.pk), data)
    assert response.status_code == 400
    assert Household.objects.get(pk=household.pk).region_id == where.village.pk
    assert events_for(household) == []


def _village_outside_town(where: Places) -> Region:
    village = (
        Region.objects.current()
        .filter(town=where.other_town_same_county, level=Level.VILLAGE)
        .order_by("code")
        .first()
    )
    assert village is not None
    return village


@pytest.mark.parametrize("slug", [ledger.slug for ledger in ledgers()])
def test_company_user_sees_only_its_service_areas(client: Client, where: Places, slug: str):
    """A company's people see a ledger only if companies of its services use it
    (``Ledger.company_services``), in the company's areas of those services; organisations'
    own rows (``Ledger.company_own``) only their company's; every other ledger not at all."""
    ledger = get_ledger(slug)
    user = make_company_user("pm-company", Role.OFFICER, where.county, served=[where.village])
    if ledger.company_services:
        ServiceArea.objects.filter(organisation=user.organisation).update(
            service=sorted(ledger.company_services)[0]
        )
    client.force_login(user)
    served = make_row(ledger, where.village, 3)
    unserved = make_row(ledger, _village_outside_town(where), 4)  # same county, not served
    other = make_row(ledger, where.other_village, 5)
    model: Any = ledger.model
    visible = model._default_manager.restrict(user)
    if ledger.company_own:  # the company's own rows; another body's, even where it serves: none
        own = {ledger.company_own: user.organisation}
        assert visible.exists() and not visible.exclude(**own).exists()
        for obj in (served, unserved, other):
            assert client.get(url(ledger, "detail", obj.pk)).status_code == 404
        return
    if not ledger.company_services:  # the towns' books: closed, as if they were not there
        assert not visible.exists()
        assert client.get(url(ledger, "list")).status_code == 404
        for obj in (served, unserved, other):
            assert client.get(url(ledger, "detail", obj.pk)).status_code == 404
        return
    assert visible.exists()
    assert not visible.exclude(village=where.village).exists()
    for obj, shown in ((served, True), (unserved, False), (other, False)):
        response = client.get(url(ledger, "list"), {"q": obj.code})
        assert response.status_code == 200
        assert [row.pk for row in response.context["page"].rows] == ([obj.pk] if shown else [])

    assert client.get(url(ledger, "detail", served.pk)).status_code == 200
    for obj in (unserved, other):
        assert client.get(url(ledger, "detail", obj.pk)).status_code == 404
        assert client.get(url(ledger, "edit", obj.pk)).status_code == 404
        assert client.post(url(ledger, "delete", obj.pk)).status_code == 404
        assert model._default_manager.filter(pk=obj.pk).exists()


@pytest.mark.parametrize(
    "slug", [s.slug for s in ledgers() if s.company_services and not s.company_own]
)
def test_a_company_of_another_service_does_not_see_the_ledger(
    client: Client, where: Places, slug: str
):
    ledger = get_ledger(slug)
    user = make_company_user("pm-other-svc", Role.OFFICER, where.county, served=[where.village])
    others = sorted(set(ServiceArea.Service.values) - ledger.company_services)
    ServiceArea.objects.filter(organisation=user.organisation).update(service=others[0])
    make_row(ledger, where.village, 6)
    client.force_login(user)
    assert not ledger.model._default_manager.restrict(user).exists()  # type: ignore[attr-defined]
    assert client.get(url(ledger, "list")).status_code == 404


@pytest.mark.parametrize("slug", [ledger.slug for ledger in ledgers()])
def test_a_list_page_runs_no_statement_per_row(client: Client, where: Places, slug: str):
    """However many rows a page shows, no statement runs once per row (a related object or a
    deferred column that a cell reads): each statement of the page runs once."""
    ledger = get_ledger(slug)
    villages = Region.objects.current().filter(parent=where.town, level=Level.VILLAGE)
    for n, village in enumerate(villages.order_by("code")[:3]):
        make_row(ledger, village, n)
    client.force_login(make_user("pq-admin", "admin", where.county))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(ledger, "list"), {"region": where.town.code})
    assert response.status_code == 200
    assert len(response.context["page"].rows) >= 3  # with the demo's own rows, if any
    # The same statement with other values (another row's key) counts as a repeat.
    shapes = Counter(re.sub(r"'[^']*'|\b\d+\b", "?", q["sql"]) for q in captured)
    repeated = {sql: n for sql, n in shapes.items() if n > 1}
    assert not repeated, repeated


@pytest.mark.parametrize("slug", [ledger.slug for ledger in ledgers()])
def test_a_list_filtered_to_a_unit_out_of_scope_is_not_found(
    client: Client, where: Places, slug: str
):
    """A town's official filtering a list to another town (or to a code that names nothing) is
    answered "not found", as the region's own pages answer, not with an empty table headed by
    her own town; her town and the units above it (cut to her town) list as before."""
    ledger = get_ledger(slug)
    client.force_login(make_user("scope-viewer", "viewer", where.town))
    for unit in (where.town, where.county, where.city):
        assert client.get(url(ledger, "list"), {"region": unit.code}).status_code == 200, unit
    for code in (where.other_town_same_county.code, where.other_village.code, "999999"):
        assert client.get(url(ledger, "list"), {"region": code}).status_code == 404, code
