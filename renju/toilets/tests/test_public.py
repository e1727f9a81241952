"""The villager's pages (/t/): scan a toilet's code, report, follow, confirm or reopen.

Strings are compared through the catalogue (``zh(...)``): the pages are Chinese wherever the
translation exists, and the tests keep passing while a new string waits for its translation.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.test import Client, override_settings
from django.utils import translation
from PIL import Image

from renju.accounts.demo import DEMO_COUNTY
from renju.accounts.models import Organisation, ServiceArea, User
from renju.cases import actions
from renju.cases.choices import EventKind, Source, State
from renju.cases.models import Case, CaseEvent, CasePhoto, Notification
from renju.cases.photos import validate_photo
from renju.core.models.audit import AuditEvent
from renju.households.models import Household
from renju.regions.choices import Level
from renju.regions.models import Region
from renju.toilets import intake
from renju.toilets.choices import ToiletType
from renju.toilets.intake import find_toilet
from renju.toilets.models import (
    ClinicToilet,
    CodedToilet,
    HouseholdToilet,
    PublicToilet,
    ToiletReport,
)

PUMP_COMPANY = f"DEMO-{DEMO_COUNTY}-PUMP"


def zh(msgid: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(msgid)


def text(response: Any) -> str:
    return str(response.content.decode())


# --- fixtures --------------------------------------------------------------------------------


def served_village() -> Region:
    """A village in a town that the county's demo pump-out company serves."""
    area = (
        ServiceArea.objects.filter(
            organisation__code=PUMP_COMPANY,
            service=ServiceArea.Service.PUMP_OUT,
            status=ServiceArea.Status.ACTIVE,
        )
        .select_related("region")
        .order_by("code")
        .first()
    )
    assert area is not None, "the demo company serves no town"
    village = (
        Region.objects.current()
        .filter(parent=area.region, level=Level.VILLAGE)
        .order_by("code")
        .first()
    )
    assert village is not None
    return village


_serial = iter(range(1, 10_000))


def make_household_toilet(village: Region | None = None) -> HouseholdToilet:
    village = village or served_village()
    n = next(_serial)
    household = Household.objects.create(
        code=f"{village.code}{8000 + n:04d}", head_name="测试户主", members=3, region=village
    )
    return HouseholdToilet.objects.create(
        code=f"{household.code}01",
        household=household,
        region=village,
        toilet_type=ToiletType.THREE_COMPARTMENT,
    )


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    cache.clear()


@pytest.fixture
def toilet(db: None) -> HouseholdToilet:
    return make_household_toilet()


def page_key(client: Client, code: str) -> str:
    """Open the toilet's page and read the idempotency key its form carries."""
    response = client.get(f"/t/{code}")
    assert response.status_code == 200
    match = re.search(r'name="idempotency_key" value="([^"]+)"', text(response))
    assert match, "the form carries no idempotency key"
    return match.group(1)


def reported_toilets(count: int) -> list[HouseholdToilet]:
    """``count`` new household toilets, each with one villager's report waiting to be routed."""
    toilets = [make_household_toilet() for _ in range(count)]
    for toilet in toilets:
        post_report(Client(), toilet.qr_code)
    return toilets


def post_report(
    client: Client, code: str, category: str = "toilet.full", key: str | None = None, **extra: Any
) -> Any:
    data = {
        "category": category,
        "idempotency_key": key or page_key(client, code),
        "description": "",
        "phone": "",
        **extra,
    }
    return client.post(f"/t/{code}/report", data)


def png_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def case_of(toilet: CodedToilet, category: str = "toilet.full") -> Case:
    return Case.objects.get(
        subject_type=toilet._meta.label_lower, subject_id=toilet.pk, category=category
    )


def resolve(case: Case) -> Case:
    """The pump-out company's dispatcher takes the job and reports it done."""
    dispatcher = User.objects.get(username="company_dispatcher")
    case = actions.accept(case, dispatcher)
    return actions.resolve(case, dispatcher, note="抽完了")


# --- the toilet's page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_code_is_a_plain_404(client: Client, toilet: HouseholdToilet) -> None:
    for code in ["ZZZZZZZZZZ", "not-a-code!", "0" * 40]:
        response = client.get(f"/t/{code}")
        assert response.status_code == 404
        body = text(response)
        assert zh("Toilet code not found") in body
        assert toilet.region.name not in body and "report-form" not in body
        assert code not in body  # not even the code is echoed back
    assert client.post("/t/ZZZZZZZZZZ/report", {"category": "toilet.full"}).status_code == 404


@pytest.mark.django_db
def test_page_renders_for_each_kind_of_toilet(client: Client) -> None:
    village = served_village()
    household = make_household_toilet(village)
    HouseholdToilet.objects.filter(pk=household.pk).update(last_pumpout="2026-03-05")
    public = PublicToilet.objects.create(
        code=f"{village.code}G9", name="村东公厕", region=village, toilet_type=ToiletType.SEWER
    )
    clinic = ClinicToilet.objects.create(
        code=f"{village.code}W9",
        clinic_name="测试卫生室",
        region=village,
        toilet_type=ToiletType.THREE_COMPARTMENT,
    )
    for t, expected in [(household, "2026"), (public, "村东公厕"), (clinic, "测试卫生室")]:
        # Case and spaces do not matter: a code read aloud or typed from a label still works.
        typed = f" {t.qr_code[:5].lower()} {t.qr_code[5:]} "
        response = client.get(f"/t/{typed}")
        assert response.status_code == 200, t
        body = text(response)
        assert village.name in body and expected in body
        for slug in ("full", "broken", "other"):
            assert f'data-testid="report-{slug}"' in body
        assert 'name="csrfmiddlewaretoken"' in body
        assert "navbar" not in body  # the villager's own layout, not the staff pages'
        assert response["Cache-Control"].startswith("max-age=0")
    assert 'data-testid="last-pumpout"' in text(client.get(f"/t/{household.qr_code}"))
    assert 'data-testid="last-pumpout"' not in text(client.get(f"/t/{public.qr_code}"))


@pytest.mark.django_db
def test_crockford_lookalikes_find_the_toilet(toilet: HouseholdToilet) -> None:
    HouseholdToilet.objects.filter(pk=toilet.pk).update(qr_code="A0B1C1D0E1")
    assert find_toilet("aob1cld0ei") == toilet
    assert find_toilet("A0B1C1D0E2") is None


# --- reporting ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_report_opens_a_case_routed_to_the_serving_company(
    client: Client, toilet: HouseholdToilet
) -> None:
    response = post_report(
        client, toilet.qr_code, description="满了，快溢出来了", phone="138 0000 1234"
    )
    assert response.status_code == 302
    case = case_of(toilet)
    assert response["Location"] == f"/t/c/{case.reporter_token}"
    assert case.assigned_org == Organisation.objects.get(code=PUMP_COMPANY)
    assert case.state == State.ASSIGNED and case.source == Source.QR
    assert case.deadline is not None and case.region == toilet.region
    assert case.reporter_phone == "13800001234" and case.description == "满了，快溢出来了"
    created = AuditEvent.objects.get(object_type="cases.case", object_id=str(case.pk))
    assert (created.action, created.channel, created.actor_id) == ("create", "page", None)
    assert Notification.objects.filter(case=case).exists()  # the company's dispatcher is told
    status = client.get(response["Location"])
    body = text(status)
    assert case.code in body and zh("Your report has been received.") in body
    assert 'data-testid="deadline"' in body and 'data-testid="steps"' in body
    # The toilet's page now shows the case in progress (number and promised time).
    page = text(Client().get(f"/t/{toilet.qr_code}"))  # another villager's phone
    assert case.code in page and zh("Promised by") in page
    assert case.reporter_token not in page  # the key to the case is for the reporter only


@pytest.mark.django_db
def test_double_submit_with_the_same_key_is_one_case(
    client: Client, toilet: HouseholdToilet
) -> None:
    key = page_key(client, toilet.qr_code)
    first = post_report(client, toilet.qr_code, key=key)
    second = post_report(client, toilet.qr_code, key=key)
    assert first["Location"] == second["Location"]
    case = case_of(toilet)
    assert case.report_count == 1
    assert not case.events.filter(kind=EventKind.REPORT_ATTACHED).exists()


@pytest.mark.django_db
def test_back_to_the_page_and_send_again_is_the_same_report(
    client: Client, toilet: HouseholdToilet
) -> None:
    """The villager sends, goes Back (the page is fetched again, never cached) and sends the
    same problem again: the page handed out her earlier form key, so nothing is stored twice
    and she lands on her own status page (the one that confirms). Another phone is another
    reporter; another problem is another case."""
    first = post_report(client, toilet.qr_code)
    page = text(client.get(f"/t/{toilet.qr_code}"))
    assert 'data-testid="earlier-report"' in page and first["Location"] in page
    # The browser does not fill the form in again with the last report's words and phone.
    assert 'autocomplete="off" data-testid="report-form"' in page
    again = post_report(client, toilet.qr_code)  # the key read off the page again
    assert again["Location"] == first["Location"]
    assert ToiletReport.objects.count() == 1
    case = case_of(toilet)
    assert case.report_count == 1 and first["Location"] == f"/t/c/{case.reporter_token}"
    broken = post_report(client, toilet.qr_code, category="toilet.broken")
    assert broken["Location"] != first["Location"]
    assert case_of(toilet, "toilet.broken").pk != case.pk
    neighbour = post_report(Client(), toilet.qr_code)
    assert neighbour["Location"] != first["Location"]
    assert ToiletReport.objects.count() == 3


@pytest.mark.django_db
def test_once_the_case_is_over_the_page_gives_a_fresh_key(
    client: Client, toilet: HouseholdToilet
) -> None:
    first = post_report(client, toilet.qr_code)
    spent = page_key(client, toilet.qr_code)
    resolve(case_of(toilet))
    # Fixed, awaiting her word: the page still hands out her key (a repeat shows her the
    # status page, where she confirms or says it is not fixed).
    assert page_key(client, toilet.qr_code) == spent
    client.post(f"{first['Location']}/confirm", {"rating": "5", "comment": ""})
    fresh = page_key(client, toilet.qr_code)
    assert fresh != spent
    assert 'data-testid="earlier-report"' not in text(client.get(f"/t/{toilet.qr_code}"))
    second = post_report(client, toilet.qr_code, key=fresh)
    assert second["Location"] != first["Location"]
    assert ToiletReport.objects.count() == 2


def test_a_forged_or_stale_key_cookie_is_ignored(client: Client, toilet: HouseholdToilet) -> None:
    for value in ["<script>", "x" * 200, "k" * 32]:  # bad shape, too long, no report of it
        client.cookies[intake.REPORTER_COOKIE] = value
        assert page_key(client, toilet.qr_code) != value


@pytest.mark.django_db
def test_second_report_while_active_is_attached(toilet: HouseholdToilet) -> None:
    first = post_report(Client(), toilet.qr_code)
    neighbour = Client()
    key = page_key(neighbour, toilet.qr_code)
    second = post_report(neighbour, toilet.qr_code, key=key, description="还是满的")
    again = post_report(neighbour, toilet.qr_code, key=key, description="还是满的")  # a retry
    # The neighbour gets a status token of her own (not the first reporter's), the same one
    # again on a retry.
    assert second["Location"] == again["Location"] != first["Location"]
    case = case_of(toilet)
    assert first["Location"] == f"/t/c/{case.reporter_token}"
    assert case.report_count == 2
    assert case.events.filter(kind=EventKind.REPORT_ATTACHED).count() == 1
    assert ToiletReport.objects.filter(case=case).count() == 2
    body = text(neighbour.get(second["Location"]))
    assert zh("This problem had already been reported; your report was added to the case.") in body
    assert case.code in body  # she follows the case ...
    assert case.reporter_token not in body  # ... without the first reporter's key
    # A different problem with the same toilet is a case of its own, even from the same form
    # (back to the page, another button).
    post_report(neighbour, toilet.qr_code, category="toilet.broken", key=key)
    assert (
        Case.objects.filter(subject_id=toilet.pk, subject_type="toilets.householdtoilet").count()
        == 2
    )
    assert case_of(toilet, "toilet.broken").pk != case.pk


@pytest.mark.django_db
def test_only_the_first_reporter_confirms_rates_and_reopens(toilet: HouseholdToilet) -> None:
    """Every reporter sees the case; the one whose report opened it confirms, rates, reopens."""
    first, neighbour = Client(), Client()
    mine = post_report(first, toilet.qr_code)["Location"]
    theirs = post_report(neighbour, toilet.qr_code)["Location"]
    case = resolve(case_of(toilet))
    page = text(neighbour.get(theirs))
    assert case.code in page and 'data-testid="steps"' in page
    assert 'data-testid="confirm-form"' not in page and 'data-testid="reopen-form"' not in page
    refused = neighbour.post(f"{theirs}/confirm", {"rating": "1"})
    assert refused.status_code == 403
    assert zh(
        "Only the person whose report opened this case can confirm or reopen it;"
        " you can follow its progress here."
    ) in text(refused)
    assert neighbour.post(f"{theirs}/reopen", {"reason": "没修好"}).status_code == 403
    case.refresh_from_db()
    assert case.state == State.RESOLVED and case.rating is None
    assert not case.events.filter(kind__in=[EventKind.CONFIRMED, EventKind.REOPENED]).exists()
    # The first reporter's page offers both, and her confirmation counts.
    page = text(first.get(mine))
    assert 'data-testid="confirm-form"' in page and 'data-testid="reopen-form"' in page
    assert first.post(f"{mine}/confirm", {"rating": "5"}).status_code == 302
    case.refresh_from_db()
    assert (case.state, case.rating) == (State.CONFIRMED, 5)
    # The neighbour's page shows the confirmed case, still without the forms.
    page = text(neighbour.get(theirs))
    assert 'data-testid="state"' in page and 'data-testid="reopen-form"' not in page
    with translation.override("zh-hans"):
        assert str(State.CONFIRMED.label) in page


@pytest.mark.django_db
@override_settings(RENJU_REPORT_LIMIT_PER_CODE=0, RENJU_REPORT_LIMIT_PER_CLIENT=0)
def test_report_is_stored_at_once_and_routed_by_the_queue(
    client: Client,
    toilet: HouseholdToilet,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_max_num_queries: Any,
) -> None:
    """The report is ONE insert; the case is opened afterwards by the drain (the queue's job).

    Until then the reporter's page says "received, being routed"; a retry of the same
    submission before or after routing gets the same token and stores nothing more.
    """
    asked: list[int] = []
    monkeypatch.setattr(intake, "request_drain", lambda: asked.append(1))
    key = page_key(client, toilet.qr_code)
    with django_assert_max_num_queries(4) as queries:  # toilet, savepoint, insert, release
        response = post_report(client, toilet.qr_code, key=key, phone="13800001234")
    assert response.status_code == 302 and asked == [1]
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1 and "toilets_toiletreport" in inserts[0]
    report = ToiletReport.objects.get()
    assert response["Location"] == f"/t/c/{report.token}"
    assert (report.toilet_type, report.toilet_id, report.region_id) == (
        "toilets.householdtoilet",
        toilet.pk,
        toilet.region_id,
    )
    assert report.case is None and report.routed_at is None and report.phone == "13800001234"
    assert not Case.objects.filter(subject_id=toilet.pk).exists()
    waiting = client.get(response["Location"])
    assert waiting.status_code == 200
    body = text(waiting)
    assert zh("Received, being routed") in body and 'data-testid="received"' in body
    assert 'http-equiv="refresh"' in body
    # Confirming is not possible yet (there is no case): refused, nothing written.
    assert client.post(f"{response['Location']}/confirm", {"rating": "5"}).status_code == 409
    # A retry before routing: the same token, still one report.
    assert post_report(client, toilet.qr_code, key=key)["Location"] == response["Location"]
    assert ToiletReport.objects.count() == 1

    assert intake.drain() == 1
    report.refresh_from_db()
    case = case_of(toilet)
    assert report.case == case and report.outcome == ToiletReport.Outcome.CREATED
    assert report.routed_at is not None
    assert case.reporter_token == report.token and case.reporter_phone == "13800001234"
    assert case.state == State.ASSIGNED
    created = AuditEvent.objects.get(object_type="cases.case", object_id=str(case.pk))
    assert (created.action, created.channel) == ("create", "page")
    received = AuditEvent.objects.get(object_type="toilets.toiletreport", object_id=str(report.pk))
    assert received.action == "create" and received.changes["case"] == [None, case.code]
    assert received.region_id == toilet.region_id
    assert intake.drain() == 0  # nothing left waiting; draining again changes nothing
    body = text(client.get(response["Location"]))
    assert case.code in body and 'data-testid="deadline"' in body
    # A retry after routing: the same token again, no second report, no attached event.
    assert post_report(client, toilet.qr_code, key=key)["Location"] == response["Location"]
    assert intake.drain() == 0
    case.refresh_from_db()
    assert case.report_count == 1 and ToiletReport.objects.count() == 1
    with django_assert_max_num_queries(3):
        assert client.get(f"/t/{toilet.qr_code}").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_routing_a_report_twice_opens_one_case(
    toilet: HouseholdToilet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A drain that died after opening the case but before marking the report, run again:
    the report finds its case by its key instead of opening a second one or attaching twice."""
    monkeypatch.setattr(intake, "request_drain", lambda: None)
    post_report(Client(), toilet.qr_code)
    post_report(Client(), toilet.qr_code)  # a neighbour's, attached to the same case
    first, second = ToiletReport.objects.order_by("pk")
    case = intake.route_report(first)
    intake.route_report(second)
    ToiletReport.objects.update(case=None, outcome="", routed_at=None)  # "died" before marking
    assert intake.drain() == 2
    case.refresh_from_db()
    assert Case.objects.filter(subject_id=toilet.pk).count() == 1
    assert case.report_count == 2
    assert case.events.filter(kind=EventKind.REPORT_ATTACHED).count() == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.case, first.outcome) == (case, ToiletReport.Outcome.CREATED)
    assert (second.case, second.outcome) == (case, ToiletReport.Outcome.ATTACHED)


@pytest.mark.django_db
def test_a_report_that_cannot_be_routed_waits_and_the_others_go_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(intake, "request_drain", lambda: None)
    gone, kept = reported_toilets(2)
    household = gone.household
    gone.delete()  # e.g. deleted from the ledger before its report was routed
    household.delete()
    assert intake.drain() == 1
    assert case_of(kept).state == State.ASSIGNED
    assert ToiletReport.objects.filter(routed_at__isnull=True).count() == 1


@pytest.mark.django_db
@override_settings(RENJU_REPORT_LIMIT_PER_CODE=2, RENJU_REPORT_LIMIT_PER_CLIENT=4)
def test_rate_limits_per_code_and_per_client(client: Client) -> None:
    toilet, other, third = (make_household_toilet() for _ in range(3))
    assert post_report(client, toilet.qr_code).status_code == 302
    assert post_report(client, toilet.qr_code).status_code == 302
    refused = post_report(client, toilet.qr_code)
    assert refused.status_code == 429 and zh("Too many reports") in text(refused)
    assert refused["Retry-After"] == "3600"
    # Another toilet from the same address (the refused try counted too): one more, then the
    # address is over its limit.
    assert post_report(client, other.qr_code).status_code == 302
    assert post_report(client, third.qr_code).status_code == 429
    assert Case.objects.filter(subject_id__in=[toilet.pk, other.pk, third.pk]).count() == 2


@pytest.mark.django_db
def test_photo_is_checked_by_content(client: Client, toilet: HouseholdToilet) -> None:
    fake = SimpleUploadedFile("photo.jpg", b"this is not a picture", content_type="image/jpeg")
    response = post_report(client, toilet.qr_code, photo=fake)
    assert response.status_code == 400
    assert zh("The file is not a photo of an accepted type (%(types)s).") % {
        "types": "JPEG/PNG/WEBP"
    } in text(response)
    assert not Case.objects.filter(subject_id=toilet.pk).exists()
    assert not CasePhoto.objects.exists()
    # A real PNG named .jpg is accepted and stored as what it is.
    real = SimpleUploadedFile("IMG_0001.jpg", png_bytes(), content_type="image/jpeg")
    assert post_report(client, toilet.qr_code, photo=real).status_code == 302
    photo = CasePhoto.objects.get(case=case_of(toilet))
    assert photo.image.name.endswith(".png") and "IMG_0001" not in photo.image.name
    photo.image.delete(save=False)


@pytest.mark.django_db
def test_photo_too_large(client: Client, toilet: HouseholdToilet) -> None:
    with override_settings(RENJU_MAX_PHOTO_BYTES=1024):
        big = SimpleUploadedFile("big.png", png_bytes((600, 600)) + b"\0" * 2048)
        response = post_report(client, toilet.qr_code, photo=big)
        expected = zh("The photo is too large (at most %(size)s).")
        with translation.override("zh-hans"):
            expected %= {"size": filesizeformat(1024)}
    assert response.status_code == 400 and expected in text(response)
    assert not Case.objects.filter(subject_id=toilet.pk).exists()


def test_validate_photo_accepts_only_images_of_accepted_types() -> None:
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    for name, content in [("a.gif", gif.getvalue()), ("a.jpg", png_bytes()[:40])]:
        with pytest.raises(ValidationError):
            validate_photo(SimpleUploadedFile(name, content))
    webp = io.BytesIO()
    Image.new("RGB", (4, 4)).save(webp, "WEBP")
    upload = SimpleUploadedFile("x.bin", webp.getvalue())
    assert validate_photo(upload) == "image/webp" and upload.name == "photo.webp"
    assert settings.RENJU_PHOTO_TYPES == ("image/jpeg", "image/png", "image/webp")


@pytest.mark.django_db
def test_bad_phone_and_missing_key_are_refused(client: Client, toilet: HouseholdToilet) -> None:
    response = post_report(client, toilet.qr_code, phone="call me")
    assert response.status_code == 400
    assert zh("Enter a phone number in digits (7 to 15).") in text(response)
    response = client.post(f"/t/{toilet.qr_code}/report", {"category": "toilet.full"})
    assert response.status_code == 400
    response = post_report(client, toilet.qr_code, category="toilet.problem")
    assert response.status_code == 400
    assert not Case.objects.filter(subject_id=toilet.pk).exists()


@pytest.mark.django_db
def test_a_photo_chosen_before_another_fields_error_is_asked_for_again(
    client: Client, toilet: HouseholdToilet
) -> None:
    """The browser cannot send a chosen file back: she is told to choose it again instead of
    sending her report without it."""
    photo = SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")
    response = post_report(client, toilet.qr_code, phone="call me", photo=photo)
    assert response.status_code == 400
    assert 'data-testid="photo-again"' in text(response)
    response = post_report(client, toilet.qr_code, phone="call me")
    assert 'data-testid="photo-again"' not in text(response)


@pytest.mark.django_db
def test_a_phone_typed_in_full_width_digits_is_kept_as_digits(
    client: Client, toilet: HouseholdToilet
) -> None:
    assert post_report(client, toilet.qr_code, phone="１３８ １２３４ ５６７８").status_code == 302
    assert case_of(toilet).reporter_phone == "13812345678"


@pytest.mark.django_db
def test_reloading_a_form_shown_with_errors_goes_back_to_its_page(
    client: Client, toilet: HouseholdToilet
) -> None:
    """The forms' errors render at the address they posted to: a reload there (a GET) is no 405."""
    response = post_report(client, toilet.qr_code, phone="abc")
    assert response.status_code == 400
    status_url = post_report(client, toilet.qr_code)["Location"]
    resolve(case_of(toilet))
    assert client.post(f"{status_url}/confirm", {"rating": ""}).status_code == 400
    assert client.post(f"{status_url}/reopen", {"reason": " "}).status_code == 400
    pages = {
        f"/t/{toilet.qr_code}/report": f"/t/{toilet.qr_code}",
        f"{status_url}/confirm": status_url,
        f"{status_url}/reopen": status_url,
    }
    for url, page in pages.items():
        for method in (client.get, client.head):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"] == page
            assert "no-store" in response["Cache-Control"]
        assert client.get(url, follow=True).status_code == 200
        assert client.put(url).status_code == 405
    assert case_of(toilet).state == State.RESOLVED
    # An unknown code or token is the plain 404 on the page it is sent to.
    assert client.get("/t/ZZZZZZZZZZ/report", follow=True).status_code == 404
    assert client.get("/t/c/short/confirm", follow=True).status_code == 404


@pytest.mark.django_db
def test_report_needs_the_csrf_token(toilet: HouseholdToilet) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        f"/t/{toilet.qr_code}/report", {"category": "toilet.full", "idempotency_key": "k" * 32}
    )
    assert response.status_code == 403
    key = page_key(strict, toilet.qr_code)
    token = strict.cookies["csrftoken"].value
    response = strict.post(
        f"/t/{toilet.qr_code}/report",
        {"category": "toilet.full", "idempotency_key": key, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


# --- the status page -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_status_page_confirm_and_rate(client: Client, toilet: HouseholdToilet) -> None:
    url = post_report(client, toilet.qr_code)["Location"]
    case = resolve(case_of(toilet))
    body = text(client.get(url))
    assert 'data-testid="confirm-form"' in body and 'data-testid="reopen-form"' in body
    assert "company_dispatcher" not in body  # staff names are masked
    # A pump-out is done, not fixed: the questions say so.
    assert zh("Confirm it is pumped out") in body and zh("Confirm it is fixed") not in body
    response = client.post(f"{url}/confirm", {"rating": "4", "comment": "很及时"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.rating, case.rating_comment) == (State.CONFIRMED, 4, "很及时")
    confirmed = case.events.get(kind=EventKind.CONFIRMED)
    assert confirmed.actor_id is None
    body = text(client.get(url))
    assert zh("Thank you for confirming.") in body and 'data-testid="confirm-form"' not in body
    # Her rating shows; "your report has been received" no longer does.
    assert 'data-testid="rating"' in body and "4/5" in body
    assert zh("Your report has been received.") not in body


@pytest.mark.django_db
def test_confirm_needs_a_rating(client: Client, toilet: HouseholdToilet) -> None:
    url = post_report(client, toilet.qr_code)["Location"]
    resolve(case_of(toilet))
    for rating in ["", "0", "6", "abc"]:
        response = client.post(f"{url}/confirm", {"rating": rating})
        assert response.status_code == 400
    assert case_of(toilet).state == State.RESOLVED


@pytest.mark.django_db
def test_reopen_within_the_window(client: Client, toilet: HouseholdToilet) -> None:
    url = post_report(client, toilet.qr_code)["Location"]
    case = resolve(case_of(toilet))
    assert client.post(f"{url}/reopen", {"reason": " "}).status_code == 400
    response = client.post(f"{url}/reopen", {"reason": "还是满的，没抽干净"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.REOPENED and case.reopen_count == 1
    assert case.events.filter(kind=EventKind.REOPENED, note="还是满的，没抽干净").exists()


@pytest.mark.django_db
def test_reopen_after_the_window_is_refused(client: Client, toilet: HouseholdToilet) -> None:
    import datetime

    url = post_report(client, toilet.qr_code)["Location"]
    case = resolve(case_of(toilet))
    Case.objects.filter(pk=case.pk).update(
        resolved_at=case.resolved_at - datetime.timedelta(days=30)  # type: ignore[operator]
    )
    assert 'data-testid="reopen-form"' not in text(client.get(url))
    response = client.post(f"{url}/reopen", {"reason": "坏了"})
    assert response.status_code == 409
    assert zh("The time to reopen this case (%(days)s days) has passed.") % {"days": 7} in text(
        response
    )
    assert case_of(toilet).state == State.RESOLVED


@pytest.mark.django_db
def test_confirm_from_the_wrong_state_changes_nothing(
    client: Client, toilet: HouseholdToilet
) -> None:
    url = post_report(client, toilet.qr_code)["Location"]
    before = CaseEvent.objects.filter(case=case_of(toilet)).count()
    response = client.post(f"{url}/confirm", {"rating": "5"})
    assert response.status_code == 409
    body = text(response)
    assert 'data-testid="action-error"' in body
    with translation.override("zh-hans"):
        state = str(State.ASSIGNED.label)
        expected = translation.gettext("This case is %(state)s; that step is not possible now.") % {
            "state": state
        }
    assert expected in body
    case = case_of(toilet)
    assert case.state == State.ASSIGNED and case.rating is None
    assert CaseEvent.objects.filter(case=case).count() == before


@pytest.mark.django_db
def test_wrong_token_is_404(client: Client, toilet: HouseholdToilet) -> None:
    post_report(client, toilet.qr_code)
    case = case_of(toilet)
    stranger = Client()
    wrong = case.reporter_token[:-2] + ("AA" if not case.reporter_token.endswith("AA") else "BB")
    for url in [f"/t/c/{wrong}", "/t/c/short", f"/t/c/{case.code}"]:
        response = stranger.get(url)
        assert response.status_code == 404 and case.code not in text(response)
        # A report's link, not a toilet's code: said so (it read "toilet code not found").
        assert zh("Report not found") in text(response)
        assert zh("Toilet code not found") not in text(response)
    assert stranger.post(f"/t/c/{wrong}/confirm", {"rating": "5"}).status_code == 404
    assert stranger.post(f"/t/c/{wrong}/reopen", {"reason": "x"}).status_code == 404


# --- a real phone-sized browser ------------------------------------------------------------

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture
def shots() -> Path:
    path = Path(settings.VAR_DIR) / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.browser
@pytest.mark.usefixtures("demo_db")
def test_phone_reports_and_follows_the_case(live_server: Any, request: Any, shots: Path) -> None:
    make_page: Callable[..., Any] = request.getfixturevalue("new_page")
    toilet = make_household_toilet()
    page = make_page(**PHONE)
    page.goto(f"{live_server.url}/t/{toilet.qr_code}")
    assert page.locator("[data-testid=village]").inner_text()
    buttons = page.locator(".public-btn")
    assert buttons.count() == 3
    box = buttons.first.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] >= 50  # big thumb targets
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    page.fill("textarea[name=description]", "满了")
    page.set_input_files(
        "input[name=photo]",
        files=[{"name": "p.png", "mimeType": "image/png", "buffer": png_bytes()}],
    )
    page.screenshot(path=str(shots / "public-toilet.png"), full_page=True)
    with page.expect_navigation():
        page.click("[data-testid=report-full]")
    assert "/t/c/" in page.url
    case = case_of(toilet)
    assert page.locator("[data-testid=case-code]").inner_text() == case.code
    assert page.locator(".public-steps li.done").count() == 2
    page.screenshot(path=str(shots / "public-status.png"), full_page=True)
    resolve(case)
    page.reload()
    page.click("[data-testid=star-5]")
    page.fill("textarea[name=comment]", "很及时")
    page.screenshot(path=str(shots / "public-resolved.png"), full_page=True)
    with page.expect_navigation():
        page.click("[data-testid=confirm]")
    page.screenshot(path=str(shots / "public-confirmed.png"), full_page=True)
    case.refresh_from_db()
    assert case.state == State.CONFIRMED and case.rating == 5
    assert page.locator(".public-steps li.done").count() == 5
    for photo in CasePhoto.objects.filter(case=case):
        photo.image.delete(save=False)
