"""Supervision of service companies: every figure against a hand-computed fixture, and scope.

The fixture, January 2020 (local time), company A in the home county:

    case  created      deadline   resolved   rating  reopened
    1     10 Jan 08:00 +48 h      +10 h      5       no
    2     11 Jan 08:00 +48 h      +20 h      3       yes
    3     12 Jan 08:00 +12 h      +40 h      —       no      (late)
    4     13 Jan 08:00 +48 h      —          —       no
    5     31 Jan 23:30 +48 h      —          —       no      (last half hour: inside)
    6      1 Feb 00:10 +48 h      +1 h       1       no      (outside the period)

→ cases 5, resolved 3, on time 2 (66.7 %), median 20 h (10, 20, 40), mean rating 4.0 (5, 3),
rated 4–5: 1 of 2 (50 %), reopen rate 1/3 (33.3 %).
Pump-outs: 3.50 m³ to treatment (fee 50, subsidy 100) and 2.25 m³ reused (fee 0, subsidy 80) in
January, 9 m³ in February (outside) → 3.50 / 2.25 m³, fees 50, subsidies 180. A retrofit subsidy
of 1000 paid on 25 Jan → the county's subsidies 1180 against 50 paid by households.
Company B has one case (resolved on time, +4 h) in the same county.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import itertools
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from renju.accounts.choices import Role
from renju.accounts.models import Organisation, User
from renju.cases.models import Case
from renju.core.testing import Places, make_company_user, make_user, places
from renju.households.models import Household
from renju.toilets import supervision
from renju.toilets.choices import SludgeDestination, ToiletType
from renju.toilets.models import HouseholdToilet, PumpOut, RetrofitApplication
from renju.toilets.supervision_views import headers

pytestmark = pytest.mark.django_db

JANUARY = supervision.Period(datetime.date(2020, 1, 1), datetime.date(2020, 1, 31))
_numbers = itertools.count(1)
D = decimal.Decimal


@pytest.fixture(scope="module")
def where(django_db_setup: None, django_db_blocker: Any) -> Places:
    with django_db_blocker.unblock():
        return places()


def at(day: int, hour: int = 8, minute: int = 0, month: int = 1) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2020, month, day, hour, minute))


def make_case(
    where: Places,
    org: Organisation,
    created: datetime.datetime,
    deadline_h: int,
    resolved_h: int | None,
    rating: int | None = None,
    reopen_count: int = 0,
) -> Case:
    n = next(_numbers)
    case = Case.objects.create(
        code=f"TSUP{n:05d}",
        category="toilet.full",
        source="qr",
        state="resolved" if resolved_h is not None else "assigned",
        region=where.village,
        assigned_org=org,
        deadline=created + datetime.timedelta(hours=deadline_h),
        resolved_at=created + datetime.timedelta(hours=resolved_h) if resolved_h else None,
        rating=rating,
        reopen_count=reopen_count,
    )
    Case.objects.filter(pk=case.pk).update(created_at=created)
    return case


@pytest.fixture
def company_a(where: Places) -> User:
    return make_company_user("sup-a", Role.DISPATCHER, where.county, [where.village])


@pytest.fixture
def company_b(where: Places) -> User:
    return make_company_user("sup-b", Role.DISPATCHER, where.county, [where.village])


@pytest.fixture
def county_official(where: Places) -> User:
    return make_user("sup-county", Role.OFFICER, where.county)


@pytest.fixture
def fixture_data(where: Places, company_a: User, company_b: User) -> None:
    a, b = company_a.organisation, company_b.organisation
    assert a is not None and b is not None
    make_case(where, a, at(10), 48, 10, rating=5)
    make_case(where, a, at(11), 48, 20, rating=3, reopen_count=1)
    make_case(where, a, at(12), 12, 40)
    make_case(where, a, at(13), 48, None)
    make_case(where, a, at(31, 23, 30), 48, None)
    make_case(where, a, at(1, 0, 10, month=2), 48, 1, rating=1)
    make_case(where, b, at(15), 48, 4, rating=4)

    household = Household(
        code=f"{where.village.code[:12]}9100", region=where.village, head_name="赵六", members=4
    )
    household.save()
    toilet = HouseholdToilet(
        code=f"{household.code}01",
        household=household,
        region=where.village,
        toilet_type=ToiletType.THREE_COMPARTMENT,
    )
    toilet.save()
    for day, volume, destination, fee, subsidy in (
        (datetime.date(2020, 1, 15), "3.50", SludgeDestination.TREATMENT, "50", "100"),
        (datetime.date(2020, 1, 20), "2.25", SludgeDestination.REUSE, "0", "80"),
        (datetime.date(2020, 2, 10), "9", SludgeDestination.TREATMENT, "90", "90"),
    ):
        PumpOut.objects.create(
            toilet=toilet,
            company=a,
            pumped_on=day,
            volume=D(volume),
            destination=destination,
            household_fee=D(fee),
            subsidy=D(subsidy),
        )
    RetrofitApplication.objects.create(
        household=household,
        toilet_type=ToiletType.DOUBLE_URN,
        status=RetrofitApplication.Status.PAID,
        applied_on=datetime.date(2019, 12, 1),
        paid_on=datetime.date(2020, 1, 25),
        subsidy=D("1000"),
    )


def figures_of(user: User, org: Organisation | None) -> supervision.CompanyFigures:
    assert org is not None
    rows = [r for r in supervision.company_figures(user, JANUARY) if r.company_id == org.pk]
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.usefixtures("fixture_data")
def test_every_figure(where: Places, county_official: User, company_a: User):
    row = figures_of(county_official, company_a.organisation)
    assert row.county_id == where.county.pk and row.county == where.county.name
    assert (row.cases, row.resolved, row.on_time) == (5, 3, 2)
    assert row.on_time_rate == pytest.approx(2 / 3)
    assert row.median_hours == pytest.approx(20.0)
    assert row.rating_mean == pytest.approx(4.0)
    assert (row.rated, row.rated_good, row.good_share) == (2, 1, 0.5)
    assert row.reopened == 1 and row.reopen_rate == pytest.approx(1 / 3)
    assert (row.volume_treatment, row.volume_reuse) == (D("3.50"), D("2.25"))
    assert (row.household_fees, row.subsidies) == (D("50"), D("180"))

    payments = {p.county_id: p for p in supervision.county_payments(county_official, JANUARY)}
    mine = payments[where.county.pk]
    assert mine.household_fees == D("50")
    assert mine.pumpout_subsidies == D("180")
    assert mine.retrofit_subsidies == D("1000")
    assert mine.subsidies == D("1180")


def test_median_of_an_even_count():
    hours = [datetime.timedelta(hours=h) for h in (10, 20, 40, 50)]
    assert supervision.median_hours(hours) == 30.0
    assert supervision.median_hours([]) is None


@pytest.mark.usefixtures("fixture_data")
def test_scope(where: Places, county_official: User, company_a: User, company_b: User):
    a, b = company_a.organisation, company_b.organisation
    assert a is not None and b is not None
    seen = {r.company_id for r in supervision.company_figures(county_official, JANUARY)}
    assert {a.pk, b.pk} <= seen
    # A company sees itself only (and no retrofit subsidies of the county).
    own = supervision.company_figures(company_a, JANUARY)
    assert {r.company_id for r in own} == {a.pk}
    assert own[0].cases == 5 and own[0].volume_treatment == D("3.50")
    assert figures_of(company_b, b).cases == 1
    assert all(p.retrofit_subsidies == 0 for p in supervision.county_payments(company_a, JANUARY))
    # Another county's official sees none of it.
    other = make_user("sup-other", Role.OFFICER, where.other_county)
    assert not {a.pk, b.pk} & {r.company_id for r in supervision.company_figures(other, JANUARY)}
    assert where.county.pk not in {p.county_id for p in supervision.county_payments(other, JANUARY)}
    # Narrowed to a county.
    rows = supervision.company_figures(county_official, JANUARY, where.other_county)
    assert not {a.pk, b.pk} & {r.company_id for r in rows}


@pytest.mark.usefixtures("fixture_data")
def test_page_and_export(client: Client, county_official: User, company_a: User):
    client.force_login(county_official)
    params = {"since": "2020-01-01", "until": "2020-01-31"}
    page = client.get("/toilets/supervision/", params)
    assert page.status_code == 200
    html = page.content.decode()
    assert "66.7%" in html and "33.3%" in html and "supervision-chart" in html
    assert "echarts.min.js" in html

    response = client.get("/toilets/supervision/", {**params, "format": "csv"})
    assert response.status_code == 200
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == headers()
    assert company_a.organisation is not None
    [row] = [r for r in table[1:] if r[0] == company_a.organisation.name]
    assert row[2:] == [
        "5",
        "3",
        "66.7%",
        "20.0",
        "4.0",
        "50.0%",
        "33.3%",
        "3.50",
        "2.25",
        "50.00",
        "180.00",
    ]
    assert client.get("/toilets/supervision/", {**params, "format": "xlsx"}).status_code == 200
