"""The daily records as ledgers: phone forms, lists, export → import round trip, scope, overflow.

Everything here happens in March 2020, before the demo's history, so counts are exact.
"""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from renju.accounts.choices import Role
from renju.accounts.models import RoleGrant, User
from renju.cases import actions as case_actions
from renju.cases.models import Case
from renju.core import spreadsheets
from renju.core.ledgers import get_ledger
from renju.core.ledgers.importer import import_rows
from renju.core.models import AuditEvent, Job
from renju.core.models.audit import AuditAction, Channel
from renju.core.testing import make_user, places
from renju.regions.choices import Level
from renju.regions.models import Region

from .. import records, vines
from ..models import (
    Collection,
    CollectionPoint,
    CropVinePoint,
    Transfer,
    TransferStation,
    TreatmentPlant,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2020, 3, 3)
SINCE, UNTIL = "2020-03-01", "2020-03-10"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _station(region: Region, code: str = "T-RP-ZZ") -> TransferStation:
    return TransferStation.objects.create(
        code=code, name="测试站", region=region, capacity_t_day=50
    )


def _plant(region: Region, code: str = "T-RP-P") -> TreatmentPlant:
    return TreatmentPlant.objects.create(
        code=code, name="测试厂", region=region, kind="incineration", capacity_t_day=600
    )


def _events(obj: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)))


def _other_town_village() -> Region:
    village = (
        Region.objects.current()
        .filter(town=places().other_town_same_county, level=Level.VILLAGE)
        .order_by("code")
        .first()
    )
    assert village is not None
    return village


def _form(village: Region, station: TransferStation, key: str, **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "village": village.code,
        "collected_on": DAY.isoformat(),
        "time": "07:45",
        "weight_kg": "380",
        "volume_l": "",
        "station": str(station.pk),
        **extra,
    }


# --- the phone forms ---------------------------------------------------------------------------


def test_a_double_tapped_collection_form_records_one_row(client: Client):
    p = places()
    station = _station(p.town)
    user = make_user("rp-cadre", Role.GRID_MEMBER, p.village)
    client.force_login(user)
    page = client.get(reverse("waste:collection-new"))
    assert page.status_code == 200
    key = page.context["form"].initial["key"]
    assert page.context["form"].initial["village"] == p.village.code  # the cadre's one village
    data = _form(p.village, station, key)
    first = client.post(reverse("waste:collection-new"), data)
    second = client.post(reverse("waste:collection-new"), data)
    assert first.status_code == second.status_code == 302
    rows = list(Collection.objects.filter(region=p.village, collected_on=DAY))
    assert len(rows) == 1
    row = rows[0]
    assert row.code == f"{p.village.code}20030301"
    assert (row.weight_kg, row.time, row.station_id, row.town_id) == (
        380,
        datetime.time(7, 45),
        station.pk,
        p.town.pk,
    )
    assert [(e.action, e.actor_id) for e in _events(row)] == [(AuditAction.CREATE, user.pk)]
    assert client.get(reverse("waste:collection-new")).context["recent"] == [row]
    # A new form (a new key) the same day gets the next sequence; volume only is estimated.
    third = client.post(
        reverse("waste:collection-new"),
        _form(p.village, station, "k-2", weight_kg="", volume_l="1000"),
    )
    assert third.status_code == 302
    second_row = Collection.objects.get(submission_key="k-2")
    assert second_row.code == f"{p.village.code}20030302"
    assert (second_row.weight_kg, second_row.estimated) == (250, True)  # 0.25 t/m³


def test_the_collection_form_refuses_what_is_missing_or_outside(client: Client):
    p = places()
    station = _station(p.town)
    client.force_login(make_user("rp-town", Role.OFFICER, p.town))
    empty = client.post(
        reverse("waste:collection-new"), _form(p.village, station, "k-e", weight_kg="")
    )
    assert empty.status_code == 400 and "weight_kg" in empty.context["form"].errors
    outside = client.post(
        reverse("waste:collection-new"), _form(_other_town_village(), station, "k-o")
    )
    assert outside.status_code == 400 and "village" in outside.context["form"].errors
    # The model's own rules: a collection done today at the latest, of a plausible weight.
    future = client.post(
        reverse("waste:collection-new"),
        {**_form(p.village, station, "k-f"), "collected_on": "2099-01-01"},
    )
    assert future.status_code == 400 and "collected_on" in future.context["form"].errors
    heavy = client.post(
        reverse("waste:collection-new"), _form(p.village, station, "k-h", weight_kg="60000")
    )
    assert heavy.status_code == 400 and "weight_kg" in heavy.context["form"].errors
    keys = ["k-e", "k-o", "k-f", "k-h"]
    assert not Collection.objects.filter(submission_key__in=keys).exists()


def test_a_weighbridge_ticket_is_recorded_once(client: Client):
    p = places()
    station, plant = _station(p.town), _plant(p.county)
    user = make_user("rp-station", Role.OFFICER, p.town)
    client.force_login(user)
    data = {
        "key": "t-1",
        "station": str(station.pk),
        "plant": str(plant.pk),
        "transferred_on": DAY.isoformat(),
        "time": "14:20",
        "net_kg": "5230",
        "code": "",
    }
    for _tap in range(2):
        assert client.post(reverse("waste:transfer-new"), data).status_code == 302
    row = Transfer.objects.get(station=station)
    assert row.code == f"B200303{station.pk:04d}-01"
    assert (row.net_kg, row.region_id, row.county_id) == (5230, p.town.pk, p.county.pk)
    assert len(_events(row)) == 1
    # A typed ticket number already in use is refused, not duplicated.
    again = client.post(reverse("waste:transfer-new"), {**data, "key": "t-2", "code": row.code})
    assert again.status_code == 400 and "code" in again.context["form"].errors
    heavy = client.post(reverse("waste:transfer-new"), {**data, "key": "t-4", "net_kg": "49001"})
    assert heavy.status_code == 400 and "net_kg" in heavy.context["form"].errors
    with pytest.raises(ValidationError):  # the function behind the API's and imports' checks
        records.submit_transfer(user, station, plant, DAY, 9223372036854775807)
    later = {**data, "key": "t-3", "transferred_on": "2099-01-01"}
    refused = client.post(reverse("waste:transfer-new"), later)
    assert refused.status_code == 400 and "transferred_on" in refused.context["form"].errors
    assert Transfer.objects.filter(station=station).count() == 1


def test_record_functions_are_idempotent_by_key():
    p = places()
    user = make_user("rp-fn", Role.OFFICER, p.village)
    first, created = records.submit_collection(
        user, p.village, DAY, weight_kg=10, idempotency_key="same"
    )
    again, created_again = records.submit_collection(
        user, p.village, DAY, weight_kg=99, idempotency_key="same"
    )
    assert created and not created_again and again.pk == first.pk and again.weight_kg == 10
    assert len(first.code) <= 32


# --- list, filters, export → import ----------------------------------------------------------


def _seed(user: User, station: TransferStation) -> list[Collection]:
    p = places()
    villages = list(
        Region.objects.current().filter(town=p.town, level=Level.VILLAGE).order_by("code")[:2]
    )
    rows = []
    for n, village in enumerate(villages):
        for day in (2, 5):
            rows.append(
                records.record_collection(
                    user,
                    village,
                    datetime.date(2020, 3, day),
                    weight_kg=100 * (n + 1) + day,
                    time=datetime.time(8, day),
                    station=station if n == 0 else None,
                )
            )
    return rows


def test_the_list_filters_by_dates_region_and_station(client: Client):
    p = places()
    station = _station(p.town)
    user = make_user("rp-list", Role.OFFICER, p.town)
    rows = _seed(user, station)
    client.force_login(user)
    url = reverse("waste:collections")
    every = client.get(url, {"since": SINCE, "until": UNTIL})
    assert every.status_code == 200
    assert {r.pk for r in every.context["page"].rows} == {r.pk for r in rows}
    assert every.context["totals"] == {"n": 4, "kg": sum(r.weight_kg for r in rows)}
    by_day = client.get(url, {"since": "2020-03-04", "until": UNTIL})
    assert {r.collected_on.day for r in by_day.context["page"].rows} == {5}
    by_station = client.get(url, {"since": SINCE, "until": UNTIL, "station": str(station.pk)})
    assert {r.station_id for r in by_station.context["page"].rows} == {station.pk}
    village = rows[-1].region
    by_region = client.get(url, {"since": SINCE, "until": UNTIL, "region": village.code})
    assert {r.region_id for r in by_region.context["page"].rows} == {village.pk}
    assert client.get(reverse("waste:transfers")).status_code == 200


def _csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _upload(client: Client, slug: str, name: str, content: bytes) -> Job:
    response = client.post(
        reverse(f"ledgers:{slug}-import"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 302
    return Job.objects.filter(kind="ledger_import").latest("pk")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_reimports_unchanged(client: Client, fmt: str):
    p = places()
    station = _station(p.town)
    user = make_user("rp-trip", Role.OFFICER, p.town)
    rows = _seed(user, station)
    client.force_login(user)
    response = client.get(
        reverse("waste:collections"), {"since": SINCE, "until": UNTIL, "format": fmt}
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    ledger = get_ledger("waste-collections")
    table = spreadsheets.read_rows(io.BytesIO(content), fmt)
    assert table[0] == [c.header for c in ledger.spreadsheet_columns]
    assert len(table) == 1 + len(rows)
    export = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=user)
    assert export.object_type == "waste.collection"
    before = AuditEvent.objects.count()
    job = _upload(client, "waste-collections", f"back.{fmt}", content)
    assert job.status == Job.Status.DONE, job.errors
    assert (job.result["created"], job.result["updated"], job.result["unchanged"]) == (0, 0, 4)
    assert Collection.objects.filter(collected_on__range=(SINCE, UNTIL)).count() == 4
    assert AuditEvent.objects.count() == before + 1  # the import's summary only


def test_an_import_creates_once_and_refuses_bad_rows_whole(client: Client):
    p = places()
    station = _station(p.town)
    far_station = _station(places().other_county, "T-RP-FAR")  # noqa: F841  (another county)
    user = make_user("rp-imp", Role.OFFICER, p.town)
    client.force_login(user)
    ledger = get_ledger("waste-collections")
    headers = [c.header for c in ledger.spreadsheet_columns]
    village = p.village.code

    def sheet(*rows: list[str]) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(rows)
        return buffer.getvalue().encode("utf-8-sig")

    good = sheet(
        ["SLIP-1", village, "2020-03-02", "07:10", "300", "", "否", "", "T-RP-ZZ", ""],
        ["SLIP-2", village, "2020-03-03", "7:20", "", "800", "", "", "", ""],
    )
    job = _upload(client, "waste-collections", "day.csv", good)
    assert job.status == Job.Status.DONE, job.errors
    created = {c.code: c for c in Collection.objects.filter(code__startswith="SLIP-")}
    assert created["SLIP-1"].station_id == station.pk
    assert created["SLIP-1"].time == datetime.time(7, 10)
    assert (created["SLIP-2"].weight_kg, created["SLIP-2"].estimated) == (200, True)
    for row in created.values():
        events = _events(row)
        assert [(e.action, e.channel, e.actor_id) for e in events] == [
            (AuditAction.CREATE, Channel.IMPORT, user.pk)
        ]
    again = _upload(client, "waste-collections", "day.csv", good)  # the same sheet again
    assert again.status == Job.Status.DONE and again.result["unchanged"] == 2
    assert Collection.objects.filter(code__startswith="SLIP-").count() == 2

    bad = sheet(
        ["SLIP-3", village, "2020-03-04", "07:10", "300", "", "", "", "", ""],
        ["SLIP-4", village, "2020-03-04", "25:99", "abc", "", "", "", "", ""],
        ["SLIP-5", village, "2020-03-04", "", "9", "", "", "", "T-RP-FAR", ""],
        ["SLIP-6", village, "2020-03-04", "", "", "", "", "", "", ""],
    )
    failed = _upload(client, "waste-collections", "bad.csv", bad)
    assert failed.status == Job.Status.FAILED
    assert not Collection.objects.filter(code__in=["SLIP-3", "SLIP-4", "SLIP-5"]).exists()
    with translation.override("en"):
        rows = spreadsheets.read_rows(io.BytesIO(bad), "csv")
        result = import_rows(ledger, rows, user)
        header = {c.name: c.header for c in ledger.spreadsheet_columns}
        assert not result.ok
        assert f"Row 3, column {header['time']}: “25:99” is not a time (HH:MM)" in result.errors
        assert f"Row 3, column {header['weight_kg']}: “abc” is not a number" in result.errors
        assert any(e.startswith(f"Row 4, column {header['station']}:") for e in result.errors)
        assert f"Row 5, column {header['weight_kg']}: give the weight or the volume" in (
            result.errors
        )


def test_a_transfer_sheet_must_name_the_stations_region():
    p = places()
    station, _plant_row = _station(p.town), _plant(p.county)
    user = make_user("rp-timp", Role.OFFICER, p.county)
    ledger = get_ledger("waste-transfers")
    headers = [c.header for c in ledger.spreadsheet_columns]
    row = ["BX-1", "T-RP-ZZ", "T-RP-P", p.village.code, "2020-03-02", "14:00", "5000", ""]
    with translation.override("en"):
        result = import_rows(ledger, [headers, row], user)
        assert not result.ok and "Row 2" in result.errors[0]
        row[3] = p.town.code
        assert import_rows(ledger, [headers, row], user).created == 1
    assert Transfer.objects.get(code="BX-1").station_id == station.pk


# --- scope -------------------------------------------------------------------------------------


def test_a_town_official_of_another_town_finds_nothing(client: Client):
    p = places()
    station = _station(p.town)
    owner = make_user("rp-owner", Role.OFFICER, p.town)
    rows = _seed(owner, station)
    point = CollectionPoint.objects.create(
        code="T-RP-CP", name="收集点", region=p.village, bins=4, capacity_m3=1
    )
    stranger = make_user("rp-stranger", Role.OFFICER, p.other_town_same_county)
    client.force_login(stranger)
    row = rows[0]
    assert client.get(reverse("ledgers:waste-collections-detail", args=[row.pk])).status_code == 404
    assert client.get(reverse("ledgers:waste-collections-edit", args=[row.pk])).status_code == 404
    assert client.get(reverse("waste:collections"), {"region": p.town.code}).status_code == 404
    listed = client.get(reverse("waste:collections"), {"since": SINCE, "until": UNTIL})
    assert listed.status_code == 200 and list(listed.context["page"].rows) == []
    export = client.get(
        reverse("waste:collections"), {"since": SINCE, "until": UNTIL, "format": "csv"}
    )
    body = b"".join(export.streaming_content)  # type: ignore[attr-defined]
    assert len(_csv_rows(body)) == 1  # the header only
    assert client.get(reverse("waste:point", args=[point.pk])).status_code == 404
    response = client.post(reverse("waste:overflow", args=[point.pk]), {"key": "x"})
    assert response.status_code == 404
    assert not Case.objects.filter(subject_type="waste.collectionpoint", subject_id=point.pk)
    with pytest.raises(PermissionDenied):  # the record function refuses too
        records.record_collection(stranger, p.village, DAY, weight_kg=5)
    # A viewer may look but not record.
    viewer = make_user("rp-viewer", Role.VIEWER, p.town)
    client.force_login(viewer)
    assert client.get(reverse("waste:collections")).status_code == 200
    assert client.get(reverse("waste:collection-new")).status_code == 404


# --- overflow and crop vines ----------------------------------------------------------------


def test_the_ledger_detail_page_leads_to_the_overflow_report(client: Client):
    p = places()
    point = CollectionPoint.objects.create(
        code="T-RP-CP3", name="收集点三", region=p.village, bins=2, capacity_m3=1
    )
    client.force_login(make_user("rp-grid3", Role.GRID_MEMBER, p.village))
    page = client.get(reverse("ledgers:waste-collection-points-detail", args=[point.pk]))
    assert page.status_code == 200
    assert reverse("waste:point", args=[point.pk]).encode() in page.content
    assert b'data-testid="detail-link"' in page.content


def test_two_taps_on_report_overflow_open_one_case(client: Client):
    p = places()
    point = CollectionPoint.objects.create(
        code="T-RP-CP2", name="收集点二", region=p.village, bins=4, capacity_m3=1
    )
    client.force_login(make_user("rp-grid", Role.GRID_MEMBER, p.village))
    page = client.get(reverse("waste:point", args=[point.pk]))
    assert page.status_code == 200
    assert b'data-testid="overflow-report"' in page.content
    key = page.context["form"].initial["key"]
    for _tap in range(2):
        response = client.post(
            reverse("waste:overflow", args=[point.pk]), {"key": key, "description": "满了"}
        )
        assert response.status_code == 302
    cases = list(Case.objects.filter(subject_type="waste.collectionpoint", subject_id=point.pk))
    assert len(cases) == 1 and cases[0].report_count == 1
    assert AuditEvent.objects.filter(object_type="cases.case", object_id=str(cases[0].pk)).exists()
    shown = client.get(reverse("waste:point", args=[point.pk]))
    assert cases[0].code in shown.content.decode()


def test_resolving_a_vine_case_through_the_cases_clears_the_point():
    p = places()
    point = CropVinePoint.objects.create(
        code="T-RP-GY", name="瓜秧点", region=p.village, capacity_t=30
    )
    officer = make_user("rp-vine", Role.OFFICER, p.county)
    point, case = vines.report_fill(officer, point, 90)
    assert case is not None and case.assigned_org is not None
    crew = User.objects.create_user(
        username="rp-crew", password="pw-Renju-2026!", organisation=case.assigned_org
    )
    RoleGrant.objects.create(user=crew, role=Role.OFFICER, region=p.town)
    case = case_actions.accept(case, crew)
    case = case_actions.resolve(case, crew, "已清运")
    point.refresh_from_db()
    assert point.fill_level == 0 and point.cleared_at is not None
    cleared = [e for e in _events(point) if "cleared" in e.note]
    assert [(e.actor_id, e.changes["fill_level"]) for e in cleared] == [(crew.pk, [90, 0])]
    # Confirming afterwards changes nothing more.
    case_actions.confirm(case, 5, user=officer)
    assert len([e for e in _events(point) if "cleared" in e.note]) == 1


def test_the_quick_forms_offer_her_own_stations_and_vehicles_first():
    """The county's stations are all offered (a village may haul to a neighbour's), but a town's
    official finds her town's at the top, before the county's and the other towns'."""
    from ..forms import CollectionForm, TransferForm

    p = places()
    county_station = _station(p.county, "T-RP-A-COUNTY")  # sorts first by code
    other = _station(p.other_town_same_county, "T-RP-B-OTHER")
    own = _station(p.town, "T-RP-C-OWN")
    user = make_user("rp-order", Role.OFFICER, p.town)
    offered = list(CollectionForm(user).fields["station"].queryset)  # type: ignore[attr-defined]
    assert offered.index(own) < offered.index(county_station)
    assert offered.index(own) < offered.index(other)
    county_user = make_user("rp-order-county", Role.OFFICER, p.county)
    by_code = list(TransferForm(county_user).fields["station"].queryset)  # type: ignore[attr-defined]
    assert by_code.index(county_station) < by_code.index(other) < by_code.index(own)
