"""QR images and label sheets: the address encoded, scope, the PDF and its text, the job."""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Count
from django.test import Client, override_settings
from django.urls import reverse

from renju.core.models import AuditEvent, Job
from renju.core.testing import make_company_user, make_user, places
from renju.regions.choices import Level
from renju.regions.models import Region
from renju.toilets import labels
from renju.toilets.choices import ToiletType
from renju.toilets.models import ClinicToilet, HouseholdToilet, PublicToilet

pytestmark = pytest.mark.django_db
PASSWORD = "pw-Renju-2026!"


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def toilet_in(region: Region) -> HouseholdToilet:
    toilet = HouseholdToilet.objects.filter(region.scope_filter()).order_by("code").first()
    assert toilet is not None
    return toilet


def qr_url(toilet: HouseholdToilet, fmt: str) -> str:
    return reverse("toilets:label-qr", kwargs={"qr_code": toilet.qr_code, "fmt": fmt})


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "labels.pdf"
    path.write_bytes(content)
    try:
        import pypdf

        return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    except ImportError:
        pass
    if not shutil.which("pdftotext"):
        pytest.skip("neither pypdf nor pdftotext to read the PDF's text")
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_pages(content: bytes) -> int:
    # Every page object carries "/Type /Page" (the tree root is "/Type /Pages").
    return content.count(b"/Type /Page\n") + content.count(b"/Type /Page ")


# --- the address -------------------------------------------------------------------------


@override_settings(ALLOWED_HOSTS=["renju.county.example"])
def test_the_code_opens_the_public_toilet_page(rf: Any) -> None:
    request = rf.get("/", HTTP_HOST="renju.county.example")
    assert labels.public_base_url(request) == "http://renju.county.example"
    assert labels.toilet_url("http://h", "ABCDE12345") == "http://h/t/ABCDE12345"
    with override_settings(RENJU_PUBLIC_BASE_URL="https://renju.example.gov.cn"):
        assert labels.public_base_url(request) == "https://renju.example.gov.cn"


def test_qr_path_draws_one_rectangle_per_dark_run() -> None:
    ops = labels.qr_path([b"\x01\x01\x00\x01"] + [b"\x00" * 4] * 3, 0, 100, 80)
    lines = ops.splitlines()
    assert lines[0].startswith("q 10.0000 0 0 -10.0000 0.00 100.00 cm")  # 8 modules in 80 pt
    assert lines[1:] == ["2 2 2 1 re", "5 2 1 1 re", "f Q"]


# --- QR images ---------------------------------------------------------------------------


def test_png_and_svg_of_a_toilet_in_scope() -> None:
    p = places()
    officer = make_user("qr_officer", "officer", p.county)
    client = login(officer)
    toilet = toilet_in(p.village)
    png = client.get(qr_url(toilet, "png"))
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    svg = client.get(qr_url(toilet, "svg"))
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content and toilet.qr_code.encode() in svg.content
    download = client.get(qr_url(toilet, "png") + "?download=1")
    assert f"toilet-{toilet.qr_code}.png" in download["Content-Disposition"]


def test_qr_outside_scope_or_unknown_is_404_and_anonymous_is_sent_to_sign_in() -> None:
    p = places()
    town_officer = make_user("qr_town", "officer", p.town)
    client = login(town_officer)
    outside = toilet_in(p.other_village)
    assert client.get(qr_url(outside, "png")).status_code == 404
    assert client.get(qr_url(outside, "svg")).status_code == 404
    missing = reverse("toilets:label-qr", kwargs={"qr_code": "0000000000", "fmt": "png"})
    assert client.get(missing).status_code == 404
    assert client.get("/toilets/labels/qr/abc.png").status_code == 404  # not a code
    anonymous = Client().get(qr_url(toilet_in(p.village), "png"))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_a_company_sees_qr_codes_of_its_service_area_only() -> None:
    p = places()
    company = make_company_user("qr_company", "dispatcher", p.county, [p.village])
    client = login(company)
    assert client.get(qr_url(toilet_in(p.village), "png")).status_code == 200
    other = Region.objects.current().filter(parent=p.town, level=Level.VILLAGE).order_by("code")[1]
    if HouseholdToilet.objects.filter(village=other).exists():
        assert client.get(qr_url(toilet_in(other), "png")).status_code == 404


# --- label sheets ------------------------------------------------------------------------


def test_phone_comes_from_the_pump_out_area_covering_the_village() -> None:
    p = places()
    phones = labels.pumpout_phones(p.town)  # the demo company serves the county's first town
    assert phones[p.village.pk] == f"0635-{p.county.code[-3:]}1234"
    assert labels.pumpout_phones(p.other_town_same_county) == {}  # every other town: none


def test_village_sheets_are_made_at_once_with_text_audit_and_masking(tmp_path: Path) -> None:
    p = places()
    officer = make_user("labels_officer", "officer", p.county)
    client = login(officer)
    page = client.get(reverse("toilets:labels"))
    assert page.status_code == 200 and p.town.code.encode() in page.content
    toilets = list(HouseholdToilet.objects.filter(village=p.village).select_related("household"))
    response = client.post(reverse("toilets:labels"), {"region": p.village.code})
    assert response.status_code == 302
    job = Job.objects.get(user=officer, kind="toilet_labels")
    assert response["Location"] == reverse("core:job", kwargs={"pk": job.pk})
    assert job.status == Job.Status.DONE, job.errors
    assert job.result["rows"] == len(toilets) and job.result["pages"] == 1
    content = job.output_file.read()
    assert content.startswith(b"%PDF-")
    assert pdf_pages(content) == 1
    text = pdf_text(content, tmp_path)
    assert p.village.name in text
    assert "扫码报修" in text and "满了需抽" in text
    for toilet in toilets:
        assert toilet.code in text
        head = toilet.household.head_name
        assert f"户主：{head[0]}{'*' * (len(head) - 1)}" in text
        assert head not in text or len(head) == 1
    assert "0635-5021234" in text
    event = AuditEvent.objects.get(action="export", object_type="toilets.householdtoilet")
    assert event.actor_id == officer.pk and event.region_id == p.village.pk
    job_page = client.get(reverse("core:job", kwargs={"pk": job.pk}))
    assert b'data-testid="download"' in job_page.content
    download = client.get(reverse("core:job-download", kwargs={"pk": job.pk}))
    assert download.status_code == 200


def test_town_sheets_run_as_a_job_with_one_label_per_toilet(tmp_path: Path) -> None:
    p = places()
    officer = make_user("labels_town", "officer", p.county)
    town_id, count = (  # the county's largest town
        HouseholdToilet.objects.filter(county=p.county)
        .values_list("town_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("town_id", "n")[0]
    )
    town = Region.objects.get(pk=town_id)
    assert count > 24  # more than one page
    response = login(officer).post(reverse("toilets:labels"), {"region": town.code})
    assert response.status_code == 302
    job = Job.objects.get(user=officer, kind="toilet_labels")  # the test queue runs at once
    assert job.status == Job.Status.DONE, job.errors
    content = job.output_file.read()
    assert pdf_pages(content) == math.ceil(count / 24) == job.result["pages"]
    text = pdf_text(content, tmp_path)
    qr_codes = HouseholdToilet.objects.filter(town=town).values_list("qr_code", flat=True)
    assert all(f"{c[:5]} {c[5:]}" in text for c in qr_codes)
    if shutil.which("pdftoppm"):  # page 1 renders (looked at by eye when this was written)
        (tmp_path / "t.pdf").write_bytes(content)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                "-png",
                str(tmp_path / "t.pdf"),
                str(tmp_path / "page"),
            ],
            check=True,
        )
        assert (tmp_path / "page-1.png").stat().st_size > 10_000


def test_regions_outside_scope_or_without_toilets_are_refused() -> None:
    p = places()
    officer = make_user("labels_scope", "officer", p.town)
    client = login(officer)
    for code in (p.other_village.code, p.other_county.code, p.county.code, "nonsense"):
        response = client.post(reverse("toilets:labels"), {"region": code})
        assert response.status_code == 400, code
        assert b'data-testid="labels-error"' in response.content
    assert not Job.objects.filter(user=officer).exists()


@override_settings(RENJU_PUBLIC_BASE_URL="https://renju.example.gov.cn")
def test_the_job_keeps_the_public_address() -> None:
    p = places()
    officer = make_user("labels_base", "officer", p.county)
    login(officer).post(reverse("toilets:labels"), {"region": p.village.code})
    job = Job.objects.get(user=officer)
    assert job.params["base_url"] == "https://renju.example.gov.cn"


def test_render_handles_no_labels_and_long_names() -> None:
    content, count, pages = labels.render_labels([], "http://h")
    assert content.startswith(b"%PDF-") and (count, pages) == (0, 1)
    label = labels.Label(
        "ABCDE12345", "3715021002010001" + "01", "很长很长的村民委员会名字" * 3, "王*", ""
    )
    content, count, pages = labels.render_labels([label] * 25, "http://h")
    assert (count, pages) == (25, 2)


# --- public and village clinic toilets ---------------------------------------------------------


def _site_toilets(village: Region, outside: Region) -> dict[str, Any]:
    """A public and a clinic toilet in ``village``, and one of each in ``outside``."""
    made: dict[str, Any] = {}
    for where, region in (("in", village), ("out", outside)):
        made[f"public_{where}"] = PublicToilet.objects.create(
            code=f"{region.code}G8",
            name=f"{region.name}测试公厕",
            region=region,
            toilet_type=ToiletType.SEWER,
        )
        made[f"clinic_{where}"] = ClinicToilet.objects.create(
            code=f"{region.code}W8",
            clinic_name=f"{region.name}测试卫生室",
            region=region,
            toilet_type=ToiletType.THREE_COMPARTMENT,
        )
    return made


@pytest.mark.parametrize(
    ("kind", "model", "prefix"),
    [("public", PublicToilet, "公厕"), ("clinic", ClinicToilet, "卫生室")],
)
def test_public_and_clinic_sheets_show_the_name_and_the_code(
    kind: str, model: type[Any], prefix: str, tmp_path: Path
) -> None:
    p = places()
    made = _site_toilets(p.village, p.other_village)
    officer = make_user(f"labels_{kind}", "officer", p.town)
    client = login(officer)
    page = client.get(reverse("toilets:labels"))
    assert f'value="{kind}"'.encode() in page.content  # the kind is chosen on the page
    response = client.post(reverse("toilets:labels"), {"region": p.town.code, "kind": kind})
    assert response.status_code == 302
    job = Job.objects.get(user=officer, kind="toilet_labels")
    assert job.status == Job.Status.DONE, job.errors
    assert job.params["kind"] == kind
    expected = model.objects.filter(town=p.town)  # the demo's and ours, in the town only
    assert job.result["rows"] == expected.count() >= 1
    text = pdf_text(job.output_file.read(), tmp_path)
    mine, theirs = made[f"{kind}_in"], made[f"{kind}_out"]
    name = mine.name if kind == "public" else mine.clinic_name
    assert f"{prefix}：{name}" in text  # the toilet's own name, instead of a household's
    assert mine.code in text and f"{mine.qr_code[:5]} {mine.qr_code[5:]}" in text
    assert p.village.name in text and "户主" not in text
    for other in expected:
        assert f"{other.qr_code[:5]} {other.qr_code[5:]}" in text
    # Nothing from outside the town (outside the officer's scope, and not asked for).
    other_name = theirs.name if kind == "public" else theirs.clinic_name
    assert other_name not in text and theirs.code not in text
    assert not any(
        h.household.head_name in text
        for h in HouseholdToilet.objects.filter(village=p.village).select_related("household")
        if len(h.household.head_name) > 1
    )
    event = AuditEvent.objects.get(action="export", object_type=model._meta.label_lower)
    assert event.actor_id == officer.pk and event.region_id == p.town.pk
    assert job.output_file.name.rsplit("/", 1)[-1].startswith(f"toilet-labels-{kind}-")


def test_kind_sheets_are_scoped_and_refused_where_there_are_none() -> None:
    p = places()
    _site_toilets(p.village, p.other_village)
    officer = make_user("labels_kind_scope", "officer", p.town)
    client = login(officer)
    # Outside the officer's town: refused, whatever the kind.
    for kind in ("public", "clinic"):
        response = client.post(
            reverse("toilets:labels"), {"region": p.other_village.code, "kind": kind}
        )
        assert response.status_code == 400, kind
    # A village of the town without any public toilet: refused with the kind's message.
    empty = (
        Region.objects.current()
        .filter(parent=p.town, level=Level.VILLAGE)
        .exclude(pk__in=PublicToilet.objects.values("village_id"))
        .order_by("code")
        .first()
    )
    assert empty is not None
    response = client.post(reverse("toilets:labels"), {"region": empty.code, "kind": "public"})
    assert response.status_code == 400
    assert b'data-testid="labels-error"' in response.content
    assert not Job.objects.filter(user=officer).exists()
    # An unknown kind is refused by the form.
    response = client.post(reverse("toilets:labels"), {"region": p.village.code, "kind": "pigsty"})
    assert response.status_code == 400
    assert not Job.objects.filter(user=officer).exists()
    # A company serving one village: the clinic toilet labels of that village only.
    company = make_company_user("labels_kind_company", "dispatcher", p.county, [p.village])
    in_town = labels.label_queryset(company, p.town, "clinic")
    assert set(in_town.values_list("village_id", flat=True)) == {p.village.pk}
    assert in_town.count() == ClinicToilet.objects.filter(village=p.village).count() >= 1


def test_labels_of_each_kind_in_order() -> None:
    p = places()
    made = _site_toilets(p.village, p.other_village)
    superuser_labels = {
        kind: list(
            labels.iter_labels(
                PublicToilet.objects.filter(pk=made["public_in"].pk)
                if kind == "public"
                else ClinicToilet.objects.filter(pk=made["clinic_in"].pk),
                p.village,
                kind,
            )
        )
        for kind in ("public", "clinic")
    }
    public, clinic = superuser_labels["public"][0], superuser_labels["clinic"][0]
    assert (public.holder_label, public.holder) == ("公厕", made["public_in"].name)
    assert (clinic.holder_label, clinic.holder) == ("卫生室", made["clinic_in"].clinic_name)
    assert public.village == p.village.name and public.code == made["public_in"].code
