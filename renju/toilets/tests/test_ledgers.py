"""The toilet ledgers' own rules: where a toilet sits, its code, its QR code, the import."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from renju.core.audit import audit_context
from renju.core.ledgers import get_ledger
from renju.core.ledgers.importer import import_rows
from renju.core.testing import make_user, places
from renju.households.models import Household
from renju.toilets.choices import ToiletType
from renju.toilets.ledgers import validate_household_toilet
from renju.toilets.models import (
    CODE_ALPHABET,
    TOILET_CODE_LENGTH,
    HouseholdToilet,
    new_toilet_code,
)

pytestmark = pytest.mark.django_db


def household_in(region: Any) -> Household:
    household = Household.objects.filter(village=region).order_by("code").first()
    assert household is not None
    return household


def tank() -> str:
    """The three-compartment type as a sheet writes it (its Chinese label)."""
    with translation.override("zh-hans"):
        return str(ToiletType.THREE_COMPARTMENT.label)


def header() -> list[str]:
    return [c.header for c in get_ledger("household-toilets").spreadsheet_columns]


# --- validate_household_toilet ------------------------------------------------------------


def test_a_toilet_sits_in_its_households_village_with_a_code_extending_the_households() -> None:
    p = places()
    household = household_in(p.village)
    good = {"household": household, "region": household.region, "code": f"{household.code}02"}
    assert validate_household_toilet(good) == {}
    elsewhere = {**good, "region": p.other_village}
    assert set(validate_household_toilet(elsewhere)) == {"region"}
    for code in (f"{household.code}2", f"{household.code}002", f"{p.other_village.code}000101"):
        assert set(validate_household_toilet({**good, "code": code})) == {"code"}, code
    assert validate_household_toilet({"code": "x"}) == {}  # nothing to check against yet


# --- QR codes ------------------------------------------------------------------------------


def test_new_codes_use_the_readable_alphabet_and_do_not_repeat() -> None:
    codes = [new_toilet_code() for _ in range(20_000)]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == TOILET_CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert not set("ILOU") & set(CODE_ALPHABET)
    # About uniform: every character at every position, none far from 1/32.
    for position in range(TOILET_CODE_LENGTH):
        counts = [sum(1 for c in codes if c[position] == ch) for ch in CODE_ALPHABET]
        assert min(counts) > 450 and max(counts) < 800


def test_codes_are_unique_in_the_database() -> None:
    toilet = HouseholdToilet.objects.first()
    assert toilet is not None
    twin = HouseholdToilet.objects.exclude(pk=toilet.pk).first()
    assert twin is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdToilet.objects.filter(pk=twin.pk).update(qr_code=toilet.qr_code)
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdToilet.objects.filter(pk=twin.pk).update(code=toilet.code)


def test_a_saved_toilet_gets_a_fresh_qr_code() -> None:
    p = places()
    household = household_in(p.village)
    toilet = HouseholdToilet(
        code=f"{household.code}09",
        household=household,
        region=household.region,
        toilet_type="three_compartment",
    )
    toilet.save()
    assert len(toilet.qr_code) == TOILET_CODE_LENGTH
    assert not HouseholdToilet.objects.exclude(pk=toilet.pk).filter(qr_code=toilet.qr_code)
    assert toilet.county_id == p.county.pk


# --- import --------------------------------------------------------------------------------


def test_import_rejects_the_whole_file_for_a_toilet_outside_its_households_village() -> None:
    p = places()
    officer = make_user("toilet_imp_bad", "officer", p.county)
    household = household_in(p.village)
    other = Household.objects.filter(county=p.county).exclude(village=p.village).first()
    assert other is not None
    rows = [
        header(),
        [f"{household.code}05", household.code, household.region.code, tank()],
        [f"{other.code}05", other.code, p.village.code, tank()],
        [f"{household.code}6", household.code, household.region.code, tank()],
    ]
    rows = [r + [""] * (len(header()) - len(r)) for r in rows]
    before = HouseholdToilet.objects.count()
    with audit_context(actor=officer, channel="import"):
        result = import_rows(get_ledger("household-toilets"), rows, officer)
    assert not result.ok
    assert any(e.startswith("第3行") for e in result.errors), result.errors
    assert any(e.startswith("第4行") for e in result.errors), result.errors
    assert HouseholdToilet.objects.count() == before


def test_import_of_several_toilets_gives_each_its_own_qr_code() -> None:
    p = places()
    officer = make_user("toilet_imp_good", "officer", p.county)
    households = list(Household.objects.filter(town=p.town).order_by("code")[:3])
    rows = [header()] + [
        [f"{h.code}07", h.code, h.region.code, tank()] + [""] * (len(header()) - 4)
        for h in households
    ]
    with audit_context(actor=officer, channel="import"):
        result = import_rows(get_ledger("household-toilets"), rows, officer)
    assert result.ok, result.errors
    codes = set(
        HouseholdToilet.objects.filter(code__in=[f"{h.code}07" for h in households]).values_list(
            "qr_code", flat=True
        )
    )
    assert len(codes) == len(households)


def _toilet_rows(extra: dict[str, Any]) -> tuple[Any, list[list[Any]]]:
    p = places()
    officer = make_user("toilet_imp_num", "officer", p.county)
    h = household_in(p.village)
    names = [c.name for c in get_ledger("household-toilets").spreadsheet_columns]
    values = {"code": f"{h.code}08", "household": h.code, "region": h.region.code}
    values.update({"toilet_type": tank(), **extra})
    return officer, [header(), [values.get(n, "") for n in names]]


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("1e30", "不能大于"),
        (1e30, "不能大于"),
        ("123456789", "不能大于"),
        ("12.345", "小数"),
        ("nan", "不是数字"),
        ("inf", "不是数字"),
        (float("nan"), "不是数字"),
    ],
)
def test_an_amount_the_column_cannot_hold_is_refused_with_its_cell(cell: Any, why: str) -> None:
    """A 1e30 subsidy was stored (SQLite keeps what it is given) and every page, export and
    API call reading the row answered 500; nan and inf gave a Python error without a cell."""
    officer, rows = _toilet_rows({"subsidy": cell})
    with translation.override("zh-hans"), audit_context(actor=officer, channel="import"):
        result = import_rows(get_ledger("household-toilets"), rows, officer)
    assert not result.ok
    assert len(result.errors) == 1 and result.errors[0].startswith("第2行"), result.errors
    assert "补助" in result.errors[0] and why in result.errors[0], result.errors
    assert not HouseholdToilet.objects.filter(code=rows[1][0]).exists()


def test_an_unchanged_export_of_amounts_reimports_as_unchanged() -> None:
    """Amounts come back as the column keeps them: no '1200.00 → 1200.0' update per row."""
    from renju.core.ledgers.transfer import export_rows

    officer, rows = _toilet_rows({"subsidy": "1200", "tank_volume": 2.5})
    ledger = get_ledger("household-toilets")
    with audit_context(actor=officer, channel="import"):
        assert import_rows(ledger, rows, officer).created == 1
    exported = [
        header(),
        *export_rows(ledger, HouseholdToilet.objects.filter(code=rows[1][0]), officer),
    ]
    assert (
        exported[1][
            ledger.spreadsheet_columns.index(
                next(c for c in ledger.spreadsheet_columns if c.name == "subsidy")
            )
        ]
        == 1200.0
    )
    with audit_context(actor=officer, channel="import"):
        again = import_rows(ledger, exported, officer)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 1)
    # A formula's binary noise reads as what it shows.
    exported[1][
        ledger.spreadsheet_columns.index(
            next(c for c in ledger.spreadsheet_columns if c.name == "subsidy")
        )
    ] = 1200.0000000000002
    with audit_context(actor=officer, channel="import"):
        assert import_rows(ledger, exported, officer).unchanged == 1


def test_a_toilets_page_shows_its_code_and_leads_to_the_villagers_page() -> None:
    """The code on the label was nowhere on the toilet's own page (searching found it)."""
    from django.test import Client

    from renju.toilets.tests.test_public import make_household_toilet

    p = places()
    toilet = make_household_toilet(p.village)
    client = Client()
    client.force_login(make_user("tl_officer", "officer", p.county))
    page = client.get(f"/ledgers/household-toilets/{toilet.pk}/").content.decode()
    assert toilet.qr_code in page and f'href="/t/{toilet.qr_code}"' in page
    label = client.get(f"/toilets/labels/qr/{toilet.qr_code}.svg")
    assert label.status_code == 200 and label["Content-Type"].startswith("image/svg")
