"""Personal data: masked in lists and the API for everyone, in full only to who may change it."""

from __future__ import annotations

import io

import pytest
from rest_framework.test import APIClient

from renju.core.masking import mask_name, mask_phone
from renju.core.testing import make_user, places
from renju.households.models import Household

pytestmark = pytest.mark.django_db


def test_mask_functions():
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""


@pytest.fixture
def household():
    p = places()
    return Household.objects.create(
        code=f"{p.village.code}7001",
        region=p.village,
        head_name="王建国",
        phone="13812345678",
        members=3,
    )


@pytest.mark.parametrize(("role", "masked"), [("viewer", True), ("officer", False)])
def test_api_masks_for_those_who_cannot_change(household, role, masked):
    user = make_user(f"mask_{role}", role, places().county)
    client = APIClient()
    client.force_authenticate(user)
    data = client.get(f"/api/v1/households/{household.pk}/").json()
    expected = ("王**", "138****5678") if masked else ("王建国", "13812345678")
    assert (data["head_name"], data["phone"]) == expected


@pytest.mark.parametrize(("role", "masked"), [("viewer", True), ("officer", False)])
def test_detail_page_masks_for_those_who_cannot_change(client, household, role, masked):
    client.force_login(make_user(f"maskp_{role}", role, places().county))
    html = client.get(f"/ledgers/households/{household.pk}/").content.decode()
    assert ("王建国" not in html) is masked
    assert ("王**" in html) is masked


def test_list_page_masks_for_everyone(client, household):
    client.force_login(make_user("maskl_officer", "officer", places().county))
    html = client.get(f"/ledgers/households/?region={household.region.code}").content.decode()
    assert "王**" in html
    assert "王建国" not in html
    assert "138****5678" in html


def _exported(client, household, fmt: str) -> list[list[str]]:
    from renju.core import spreadsheets

    url = f"/ledgers/households/export/?region={household.region.code}&format={fmt}"
    response = client.get(url)
    if response.status_code == 302:  # a large export: a background job (run at once in tests)
        from renju.core.models import Job

        job = Job.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))
        content = job.output_file.open("rb").read()
    else:
        content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = spreadsheets.read_rows(io.BytesIO(content), fmt)
    return [[str(v) for v in row] for row in rows]


@pytest.mark.parametrize("inline", [True, False])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("role", "masked"), [("viewer", True), ("officer", False)])
def test_exports_mask_for_those_who_cannot_change(
    client, household, monkeypatch, role, masked, fmt, inline
):
    if not inline:
        monkeypatch.setattr("renju.core.ledgers.views.INLINE_EXPORT_ROWS", 0)
    client.force_login(make_user(f"maske_{role}", role, places().county))
    rows = _exported(client, household, fmt)
    row = next(r for r in rows if r[0] == household.code)
    assert ("王建国" in row, "13812345678" in row) == (not masked, not masked)
    assert ("王**" in row, "138****5678" in row) == (masked, masked)


@pytest.mark.parametrize(("role", "found"), [("viewer", False), ("officer", True)])
def test_a_masked_name_is_found_only_by_who_sees_it(client, household, role, found):
    """Searching 王建国 told a viewer who lived behind 王**; a code still finds the row."""
    user = make_user(f"masks_{role}", role, places().county)
    client.force_login(user)
    region = household.region.code
    page = client.get(f"/ledgers/households/?region={region}&q=王建国")
    assert (household in page.context["page"].rows) is found
    by_code = client.get(f"/ledgers/households/?region={region}&q={household.code}")
    assert household in by_code.context["page"].rows
    api = APIClient()
    api.force_authenticate(user)
    listed = api.get("/api/v1/households/", {"q": "王建国", "region": region}).json()
    assert any(r["code"] == household.code for r in listed["results"]) is found
    export = client.get(f"/ledgers/households/export/?format=csv&region={region}&q=王建国")
    content = b"".join(export.streaming_content).decode("utf-8-sig")
    assert (household.code in content) is found


def test_the_export_keeps_the_lists_order_and_its_sort_links_do_not_repeat(client, household):
    p = places()
    Household.objects.create(
        code=f"{p.village.code}7002", region=p.village, head_name="李四", members=9
    )
    client.force_login(make_user("masko_officer", "officer", places().county))
    query = f"region={p.village.code}&sort=-members"
    html = client.get(f"/ledgers/households/?{query}").content.decode()
    assert "sort=-members&amp;sort=" not in html and "sort=-members&sort=" not in html
    export = client.get(f"/ledgers/households/export/?format=csv&{query}")
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()[1:]
    members = [int(line.split(",")[4]) for line in lines]
    assert members == sorted(members, reverse=True) and members[0] == 9
