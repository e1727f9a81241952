"""The project ledger through the generic framework: import, export, re-import, row rules, and
the permission matrix; a project's funding, milestones and villages on its own page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from renju.accounts.choices import Role
from renju.core.audit import audit_context
from renju.core.ledgers import get_ledger
from renju.core.ledgers.importer import import_rows
from renju.core.ledgers.transfer import export_rows
from renju.core.models import AuditEvent
from renju.core.testing import Places, make_user
from renju.core.tests import test_permission_matrix as matrix
from renju.plans.models import Funding, Milestone, Project
from renju.regions.models import Region

pytestmark = pytest.mark.django_db


def header() -> list[str]:
    return [c.header for c in get_ledger("projects").spreadsheet_columns]


def row(code: str, region: Region, **extra: Any) -> list[Any]:
    values = {
        "code": code,
        "region": region.code,
        "name": "测试改厕项目",
        "domain": "toilets",
        "lead_department": "农业农村",
        "cooperating_departments": "卫生健康、财政",
        "budget": "1,200,000",
        "status": "in_progress",
        "start_date": "2025-03-01",
        "end_date": "2026-06-30",
        "progress": 40,
        "weak_indicator": "toilets.usable_rate",
        "weak_link": "问题厕所多",
        "innovation_kind": "",
        "innovation_note": "",
        "participation_note": "村民理事会监督",
        **extra,
    }
    return list(values.values())


def hdr(name: str) -> str:
    return next(c.header for c in get_ledger("projects").spreadsheet_columns if c.name == name)


def test_columns():
    ledger = get_ledger("projects")
    assert [c.name for c in ledger.spreadsheet_columns][:3] == ["code", "region", "name"]
    assert hdr("region") == "所属区划"  # the shared Chinese header
    assert "villages" not in ledger.columns  # covered villages are kept on the project's page


@pytest.fixture
def officer(where: Places) -> Any:
    return make_user("prj_officer", "officer", where.county)


def test_import_export_roundtrip(officer, where: Places):
    rows = [header(), row("T-PRJ-1", where.county), row("T-PRJ-2", where.town, status="planned")]
    rows.append(row("T-PRJ-3", where.village, status="completed", progress=100))
    with audit_context(actor=officer, channel="import"):
        result = import_rows(get_ledger("projects"), rows, officer)
    assert result.ok, result.errors
    assert result.created == 3
    project = Project.objects.get(code="T-PRJ-1")
    assert (project.domain, project.lead_department, project.budget) == (
        "toilets",
        "agriculture",
        1_200_000,
    )
    assert project.cooperating_departments == "health,finance"
    assert project.weak_indicator == "toilets.usable_rate"
    assert (project.county_id, project.town_id) == (where.county.pk, None)
    assert Project.objects.get(code="T-PRJ-2").town_id == where.town.pk
    event = AuditEvent.objects.get(object_type="plans.project", object_id=str(project.pk))
    assert event.channel == "import"

    ledger = get_ledger("projects")
    queryset = Project.objects.filter(code__startswith="T-PRJ-").order_by("pk")
    exported = [header(), *export_rows(ledger, queryset, officer)]
    assert "卫生健康" in exported[1][5] and "财政" in exported[1][5]  # departments by name
    again = import_rows(ledger, exported, officer)
    assert again.ok, again.errors
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_bad_rows_reject_the_whole_file(officer, where: Places):
    before = Project.objects.count()
    rows = [
        header(),
        row("T-BAD-1", where.village),
        row("T-BAD-2", where.village, cooperating_departments="卫生健康、宣传部"),
        row("T-BAD-3", where.village, end_date="2024-01-01"),
        row("T-BAD-4", where.village, status="completed", progress=50),
        row("T-BAD-5", where.other_village),
        row("T-BAD-6", where.village, weak_indicator="不存在的指标"),
        row("T-BAD-7", where.village, budget="-5"),
    ]
    result = import_rows(get_ledger("projects"), rows, officer)
    assert not result.ok
    text = "\n".join(result.errors)
    assert f"第3行 {hdr('cooperating_departments')}列" in text and "宣传部" in text
    assert f"第4行 {hdr('end_date')}列" in text
    assert f"第5行 {hdr('progress')}列" in text
    assert f"第6行 {hdr('region')}列" in text and "不存在或不在您的管辖范围" in text
    assert f"第7行 {hdr('weak_indicator')}列" in text
    assert f"第8行 {hdr('budget')}列" in text
    assert "第2行" not in text
    assert Project.objects.count() == before


def _project(region: Region, n: int) -> Project:
    return Project(
        code=f"T-PM-PRJ-{region.code}-{n}",
        region=region,
        name="矩阵测试项目",
        domain="sewage",
        lead_department="ecology",
        cooperating_departments="housing,water",
        budget=500_000,
        status="planned",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        progress=0,
    )


matrix.FACTORIES.setdefault("projects", matrix.RowFactory(_project, {"progress": "35"}))


@pytest.fixture(scope="module")
def where_module(django_db_blocker: Any) -> Places:
    from renju.core.testing import places

    with django_db_blocker.unblock():
        return places()


@pytest.mark.parametrize("scope", matrix.SCOPES)
@pytest.mark.parametrize("action", list(matrix.PAGE_ACTIONS))
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_permission_matrix(
    client: Client, where_module: Places, role: str, action: str, scope: str, settings, tmp_path
):
    """The core matrix's checks, run for the project ledger."""
    settings.MEDIA_ROOT = tmp_path
    matrix.test_matrix(client, where_module, "projects", role, action, scope)


def test_the_projects_history_holds_its_funding_and_milestones(client: Client, officer, where):
    """Funding rows and milestones are written on the project's page: their events are in
    the project's history, a removed funding row's too (the tab said 0 records)."""
    project = _project(where.town, 9)
    project.save()
    client.force_login(officer)
    client.post(
        reverse("plans:funding", args=[project.pk]),
        {"source": "fiscal", "amount": 120000, "year": 2026},
    )
    client.post(
        reverse("plans:milestone", args=[project.pk]),
        {"name": "招标采购", "due_date": "2026-06-30"},
    )
    funding = Funding.objects.get(project=project)
    client.post(reverse("plans:child-delete", args=[project.pk, "funding", funding.pk]))
    page = client.get(reverse("ledgers:projects-detail", args=[project.pk]) + "?tab=history")
    kinds = [(e.object_type, e.action) for e in page.context["history"]]
    assert ("plans.funding", "create") in kinds and ("plans.funding", "delete") in kinds
    assert ("plans.milestone", "create") in kinds
    # Another project's rows stay in that project's history.
    other = _project(where.town, 10)
    other.save()
    Funding.objects.create(project=other, source="fiscal", amount=1, year=2026)
    page = client.get(reverse("ledgers:projects-detail", args=[project.pk]) + "?tab=history")
    assert all(
        e.object_repr.startswith(project.code) or e.object_type == "plans.project"
        for e in page.context["history"]
    )


def test_the_budget_reads_grouped_on_english_pages(client: Client, officer, where: Places):
    project = _project(where.town, 8)
    project.save()
    client.force_login(officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("plans:project", args=[project.pk])).content.decode()
    assert "500,000" in html
    assert 'name="amount" min="0" max="1000000000000"' in html  # the model's bound, not 2^63
    listing = client.get(reverse("ledgers:projects-detail", args=[project.pk])).content.decode()
    assert "500,000" in listing


def test_county_project_villages_are_ticks_grouped_by_town(client: Client, officer, where: Places):
    """A county's villages as ticks under their towns' names (a multi-select lost the other
    choices on a click without Ctrl); what is ticked stays ticked, and only villages of the
    project's region count."""
    project = _project(where.county, 7)
    project.save()
    project.villages.set([where.village])
    client.force_login(officer)
    html = client.get(reverse("plans:project", args=[project.pk])).content.decode()
    assert "data-checkbox-list" in html and '<select name="villages"' not in html
    assert f'<legend class="small fw-bold mb-1">{where.town.name}</legend>' in html
    assert (
        f'<legend class="small fw-bold mb-1">{where.other_town_same_county.name}</legend>' in html
    )
    assert f'value="{where.village.pk}" id="id_villages_' in html
    ticked = html.split(f'value="{where.village.pk}"')[1].split(">")[0]
    assert "checked" in ticked
    other = Region.objects.current().filter(parent=where.other_town_same_county, level=5).first()
    assert other is not None
    client.post(
        reverse("plans:villages", args=[project.pk]),
        {"villages": [where.village.pk, other.pk, where.other_village.pk]},
    )
    assert set(project.villages.all()) == {where.village}  # out of the county: refused whole
    client.post(
        reverse("plans:villages", args=[project.pk]), {"villages": [where.village.pk, other.pk]}
    )
    assert set(project.villages.all()) == {where.village, other}


def test_project_page_funding_and_milestones(client: Client, officer, where: Places):
    project = _project(where.town, 1)
    project.save()
    client.force_login(officer)
    page = reverse("plans:project", args=[project.pk])
    assert client.get(page).status_code == 200
    client.post(
        reverse("plans:funding", args=[project.pk]),
        {"source": "fiscal", "amount": 300000, "year": 2026},
    )
    client.post(
        reverse("plans:funding", args=[project.pk]),
        {"source": "villagers", "amount": 20000, "year": 2026},
    )
    client.post(
        reverse("plans:milestone", args=[project.pk]), {"name": "开工", "due_date": "2026-02-01"}
    )
    assert sorted(project.fundings.values_list("amount", flat=True)) == [20000, 300000]
    milestone = Milestone.objects.get(project=project)
    client.post(reverse("plans:milestone-done", args=[project.pk, milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.done_date is not None
    response = client.get(page)
    assert response.context["funded"] == 320000
    assert response.context["funded_share"] == 64.0
    funding = Funding.objects.get(project=project, source="villagers")
    client.post(reverse("plans:child-delete", args=[project.pk, "funding", funding.pk]))
    assert not Funding.objects.filter(pk=funding.pk).exists()
    village = Region.objects.current().filter(town=where.town, level=5).first()
    assert village is not None
    client.post(reverse("plans:villages", args=[project.pk]), {"villages": [village.pk]})
    assert list(project.villages.all()) == [village]
    types = set(
        AuditEvent.objects.filter(actor=officer, county=where.county).values_list(
            "object_type", "action"
        )
    )
    assert {
        ("plans.funding", "create"),
        ("plans.funding", "delete"),
        ("plans.milestone", "create"),
        ("plans.milestone", "update"),
        ("plans.project", "update"),
    } <= types


def test_project_page_other_county_and_viewer(client: Client, where: Places):
    project = _project(where.village, 2)
    project.save()
    client.force_login(make_user("prj_other", "officer", where.other_county))
    assert client.get(reverse("plans:project", args=[project.pk])).status_code == 404
    client.force_login(make_user("prj_viewer", "viewer", where.county))
    assert client.get(reverse("plans:project", args=[project.pk])).status_code == 200
    response = client.post(
        reverse("plans:funding", args=[project.pk]),
        {"source": "fiscal", "amount": 1, "year": 2026},
    )
    assert response.status_code == 404
    assert not project.fundings.exists()


def test_departments_read_as_a_list_of_the_page_language():
    from django.utils import translation

    from renju.accounts.choices import Department
    from renju.plans.fields import department_labels

    value = f"{Department.values[0]},{Department.values[1]}"
    with translation.override("zh-hans"):
        assert "、" in department_labels(value)
    with translation.override("en"):
        assert ", " in department_labels(value) and "、" not in department_labels(value)


def test_a_project_record_links_to_its_funds_and_milestones(client):
    from renju.core.testing import make_user, places
    from renju.plans.models import Project

    p = places()
    project = Project.objects.create(
        code="T-LINK-1",
        region=p.village,
        name="链接项目",
        domain="toilets",
        lead_department="agriculture",
        budget=1000,
    )
    client.force_login(make_user("prj_link", "officer", p.county))
    html = client.get(f"/ledgers/projects/{project.pk}/").content.decode()
    assert f'href="/plans/projects/{project.pk}/"' in html


def test_a_refused_milestone_or_funding_keeps_what_was_typed(
    client: Client, officer, where: Places
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    project = _project(where.town, 2)
    project.save()
    client.force_login(officer)
    response = client.post(
        reverse("plans:milestone", args=[project.pk]),
        {
            "name": "主体完工",
            "due_date": "2026-06-30",
            "photo": SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="主体完工"' in html and 'value="2026-06-30"' in html
    assert not Milestone.objects.filter(project=project).exists()
    response = client.post(
        reverse("plans:funding", args=[project.pk]),
        {"source": "fiscal", "amount": "-5", "year": "2026", "note": "第一批"},
    )
    assert response.status_code == 400 and 'value="第一批"' in response.content.decode()
    assert not Funding.objects.filter(project=project).exists()
