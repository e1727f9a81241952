"""Problem toilets: survey → one rectification case per toilet, verification, the ledger page."""

from __future__ import annotations

import csv
import io
import itertools
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from renju.accounts.choices import Role
from renju.accounts.models import User
from renju.cases.actions import CaseActionError
from renju.cases.choices import EventKind, Source, State
from renju.cases.models import Case
from renju.core import audit
from renju.core.models import AuditEvent
from renju.core.testing import Places, make_user, places
from renju.households.models import Household
from renju.regions.models import Region
from renju.toilets import problems
from renju.toilets.choices import Condition, ToiletType
from renju.toilets.models import HouseholdToilet

pytestmark = pytest.mark.django_db

URL = "/toilets/problems/"
_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def where(django_db_setup: None, django_db_blocker: Any) -> Places:
    with django_db_blocker.unblock():
        return places()


def toilet(region: Region, condition: str = Condition.USABLE, cause: str = "") -> HouseholdToilet:
    """A fresh household with one toilet in ``region``."""
    n = next(_numbers)
    household = Household(
        code=f"{region.code[:12]}{9500 + n:04d}", region=region, head_name="王小明", members=3
    )
    household.save()
    row = HouseholdToilet(
        code=f"{household.code}01",
        household=household,
        region=region,
        toilet_type=ToiletType.THREE_COMPARTMENT,
        condition=condition,
        problem_cause=cause,
    )
    row.save()
    return row


def photo(name: str = "fixed.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def town_officer(where: Places) -> User:
    return make_user("problem-town", Role.OFFICER, where.town)


@pytest.fixture
def county_officer(where: Places) -> User:
    return make_user("problem-county", Role.OFFICER, where.county)


def cases_of(row: HouseholdToilet) -> list[Case]:
    return list(
        Case.objects.filter(
            category=problems.CATEGORY, subject_type="toilets.householdtoilet", subject_id=row.pk
        )
    )


def test_survey_opens_one_case_per_problem_toilet(where: Places, town_officer: User):
    broken = toilet(where.village, Condition.UNUSABLE, "化粪池破裂")
    hard = toilet(where.village, Condition.HARD_TO_USE)
    fine = toilet(where.village)
    elsewhere = toilet(where.other_village, Condition.UNUSABLE)
    ids = [broken.pk, hard.pk, fine.pk, elsewhere.pk]
    queryset = HouseholdToilet.objects.filter(pk__in=ids)

    assert problems.open_problem_cases(town_officer, queryset) == 2
    [case] = cases_of(broken)
    assert case.source == Source.SURVEY
    assert case.code.startswith("W")
    assert case.data == {
        "condition": "unusable",
        "cause": "化粪池破裂",
        "measure": problems.default_measure(Condition.UNUSABLE),
    }
    assert case.data["measure"]
    # The deadline is the category's 30 days from opening.
    assert case.deadline is not None
    assert abs((case.deadline - case.created_at).total_seconds() - 30 * 24 * 3600) < 60
    assert len(cases_of(hard)) == 1
    assert cases_of(fine) == [] and cases_of(elsewhere) == []  # usable; out of scope

    # Idempotent: a second run (or a re-import) opens nothing more.
    assert problems.open_problem_cases(town_officer, queryset) == 0
    assert len(cases_of(broken)) == 1
    assert Case.objects.get(pk=case.pk).report_count == 1


def test_company_users_cannot_run_the_survey(where: Places):
    from renju.core.testing import make_company_user

    company = make_company_user("problem-co", Role.DISPATCHER, where.county, [where.village])
    row = toilet(where.village, Condition.UNUSABLE)
    with pytest.raises(PermissionDenied):
        problems.open_problem_cases(company, HouseholdToilet.objects.filter(pk=row.pk))


def test_record_survey_form_opens_the_case(where: Places, town_officer: User, client: Client):
    row = toilet(where.village)
    client.force_login(town_officer)
    response = client.post(
        "/toilets/problems/record/",
        {"toilet": row.code, "condition": "not_all_year", "cause": "冬季冻裂", "measure": ""},
    )
    assert response.status_code == 302, response.content
    row.refresh_from_db()
    assert (row.condition, row.problem_cause) == ("not_all_year", "冬季冻裂")
    [case] = cases_of(row)
    assert case.data["cause"] == "冬季冻裂"
    # The toilet's change is audited.
    assert AuditEvent.objects.filter(
        object_type="toilets.householdtoilet", object_id=str(row.pk), action="update"
    ).exists()
    # Out of scope: the form says it does not know the toilet.
    other = toilet(where.other_village)
    response = client.post(
        "/toilets/problems/record/", {"toilet": other.code, "condition": "unusable"}
    )
    assert response.status_code == 400
    assert cases_of(other) == []


def test_verification_resolves_and_makes_the_toilet_usable(where: Places, town_officer: User):
    row = toilet(where.village, Condition.UNUSABLE, "无水")
    problems.open_problem_cases(town_officer, HouseholdToilet.objects.filter(pk=row.pk))
    [case] = cases_of(row)

    with pytest.raises(CaseActionError):
        problems.verify_rectification(case, town_officer, None)
    with audit.audit_context(actor=town_officer, channel="page"):
        done = problems.verify_rectification(case, town_officer, photo(), "已修复")

    assert done.state == State.RESOLVED and done.resolved_at is not None
    assert done.assigned_org_id == town_officer.organisation_id
    assert done.photos.count() == 1
    assert done.events.filter(kind=EventKind.RESOLVED, actor=town_officer).exists()
    row.refresh_from_db()
    assert row.condition == Condition.USABLE
    event = AuditEvent.objects.get(
        object_type="toilets.householdtoilet", object_id=str(row.pk), action="update"
    )
    assert event.changes["condition"] == ["unusable", "usable"]
    assert event.actor_id == town_officer.pk
    # A resolved case cannot be verified twice.
    with pytest.raises(CaseActionError):
        problems.verify_rectification(done, town_officer, photo())
    # Once resolved, a new survey may open a fresh case if the toilet breaks again.
    row.condition = Condition.UNUSABLE
    row.save()
    assert problems.open_problem_cases(town_officer, HouseholdToilet.objects.filter(pk=row.pk))
    assert len(cases_of(row)) == 2


def test_verification_out_of_scope_is_not_found(
    where: Places, county_officer: User, client: Client
):
    row = toilet(where.other_village, Condition.UNUSABLE)
    other_official = make_user("problem-other", Role.OFFICER, where.other_county)
    problems.open_problem_cases(other_official, HouseholdToilet.objects.filter(pk=row.pk))
    [case] = cases_of(row)
    with pytest.raises(PermissionDenied):
        problems.verify_rectification(case, county_officer, photo())
    client.force_login(county_officer)
    assert client.get(f"/toilets/problems/{case.pk}/verify/").status_code == 404
    response = client.post(f"/toilets/problems/{case.pk}/verify/", {"photo": photo()})
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).state != State.RESOLVED


def test_verify_page(where: Places, town_officer: User, client: Client):
    row = toilet(where.village, Condition.HARD_TO_USE)
    problems.open_problem_cases(town_officer, HouseholdToilet.objects.filter(pk=row.pk))
    [case] = cases_of(row)
    client.force_login(town_officer)
    url = f"/toilets/problems/{case.pk}/verify/"
    assert client.get(url).status_code == 200
    bad = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    assert client.post(url, {"photo": bad}).status_code == 400
    response = client.post(url, {"photo": photo(), "note": "ok"})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).state == State.RESOLVED


def test_ledger_page_filters_and_export(where: Places, town_officer: User, client: Client):
    rows = [toilet(where.village, Condition.UNUSABLE, "漏水"), toilet(where.village, "hard_to_use")]
    problems.open_problem_cases(
        town_officer, HouseholdToilet.objects.filter(pk__in=[r.pk for r in rows])
    )
    client.force_login(town_officer)
    page = client.get(URL, {"region": where.village.code})
    assert page.status_code == 200
    html = page.content.decode()
    assert rows[0].code in html and "王**" in html and "王小明" not in html

    filtered = client.get(URL, {"region": where.village.code, "condition": "unusable"})
    text = filtered.content.decode()
    assert rows[0].code in text and rows[1].code not in text

    response = client.get(URL, {"region": where.village.code, "format": "csv"})
    assert response.status_code == 200
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == problems.ledger_headers()  # the same layout as the page
    by_toilet = {r[2]: r for r in table[1:]}
    first = by_toilet[rows[0].code]
    assert first[3] == f"{rows[0].household.code} 王**"
    assert first[5] == "漏水"
    assert first[7]  # deadline
    assert first[9] == ""  # not verified yet

    xlsx = client.get(URL, {"region": where.village.code, "format": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).get_sheet_by_index(0)
    values = sheet.to_python()
    assert [str(v) for v in values[0]] == table[0]
    assert len(values) == len(table)
    assert AuditEvent.objects.filter(action="export", object_type="cases.case").exists()


def test_run_survey_button(where: Places, town_officer: User, client: Client):
    row = toilet(where.village, Condition.UNUSABLE)
    client.force_login(town_officer)
    response = client.post("/toilets/problems/survey/", {"region": where.village.code})
    assert response.status_code == 302
    assert len(cases_of(row)) == 1
    client.post("/toilets/problems/survey/", {"region": where.village.code})
    assert len(cases_of(row)) == 1
    # A viewer cannot run it.
    viewer = make_user("problem-viewer", Role.VIEWER, where.town)
    client.force_login(viewer)
    assert client.post("/toilets/problems/survey/").status_code == 404
    assert client.get(URL).status_code == 200


def test_summary_per_child_and_scope(where: Places, town_officer: User, client: Client):
    rows = [toilet(where.village, Condition.UNUSABLE), toilet(where.village, Condition.UNUSABLE)]
    problems.open_problem_cases(
        town_officer, HouseholdToilet.objects.filter(pk__in=[r.pk for r in rows])
    )
    [first] = cases_of(rows[0])
    with audit.audit_context(actor=town_officer):
        problems.verify_rectification(first, town_officer, photo())
    county_officer = make_user("problem-summary", Role.OFFICER, where.county)
    # Only this test's toilets: the demo city's simulated history has problem cases too.
    ours = problems.problem_cases(county_officer).filter(subject_id__in=[r.pk for r in rows])
    summary = problems.summary_by_child(ours, where.county)
    [mine] = [s for s in summary if s.region.pk == where.town.pk]
    assert (mine.total, mine.active, mine.overdue, mine.verified) == (2, 1, 0, 1)
    by_village = problems.summary_by_child(ours, where.town)
    assert [s.region.pk for s in by_village] == [where.village.pk]
    # The other town's official sees neither the cases nor the summary.
    other = make_user("problem-other-town", Role.OFFICER, where.other_town_same_county)
    assert not problems.problem_cases(other).filter(pk=first.pk).exists()
    client.force_login(other)
    assert rows[0].code not in client.get(URL).content.decode()
    client.force_login(county_officer)
    page = client.get(URL, {"region": where.county.code}).content.decode()
    assert 'data-testid="problem-summary"' in page and rows[1].code in page
