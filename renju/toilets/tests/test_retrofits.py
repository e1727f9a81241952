"""Retrofit applications: steps in order, scope, audit, the list and its export."""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import itertools
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from renju.accounts.choices import Role
from renju.accounts.models import User
from renju.core.models import AuditEvent
from renju.core.testing import Places, make_company_user, make_user, places
from renju.households.models import Household
from renju.regions.models import Region
from renju.toilets import retrofits
from renju.toilets.models import RetrofitApplication

pytestmark = pytest.mark.django_db

Status = RetrofitApplication.Status
URL = "/toilets/retrofits/"
_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def where(django_db_setup: None, django_db_blocker: Any) -> Places:
    with django_db_blocker.unblock():
        return places()


def household(region: Region) -> Household:
    row = Household(
        code=f"{region.code[:12]}{9300 + next(_numbers):04d}",
        region=region,
        head_name="李四",
        members=2,
    )
    row.save()
    return row


@pytest.fixture
def officer(where: Places) -> User:
    return make_user("retrofit-town", Role.OFFICER, where.town)


def events(app: RetrofitApplication) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_type="toilets.retrofitapplication", object_id=str(app.pk)
        ).order_by("pk")
    )


def test_steps_in_order_each_audited(where: Places, officer: User):
    home = household(where.village)
    day = datetime.date(2026, 3, 1)
    app = retrofits.apply(officer, home, "three_compartment", day, "愿改")
    assert (app.status, app.applied_on) == (Status.APPLIED, day)

    # Wrong order: nothing but approval (or refusal) may follow an application.
    for step in (retrofits.mark_built, retrofits.accept):
        with pytest.raises(retrofits.RetrofitError):
            step(officer, app)
    with pytest.raises(retrofits.RetrofitError):
        retrofits.pay(officer, app, 500)

    app = retrofits.approve(officer, app, day + datetime.timedelta(days=2))
    with pytest.raises(retrofits.RetrofitError):
        retrofits.approve(officer, app)  # not twice
    with pytest.raises(retrofits.RetrofitError):  # a date before the previous step's
        retrofits.mark_built(officer, app, day - datetime.timedelta(days=1))
    app = retrofits.mark_built(officer, app, day + datetime.timedelta(days=20))
    app = retrofits.accept(officer, app, day + datetime.timedelta(days=25), "验收合格")
    with pytest.raises(retrofits.RetrofitError):
        retrofits.refuse(officer, app, "too late")  # refused only before acceptance
    with pytest.raises(retrofits.RetrofitError):
        retrofits.pay(officer, app, "-3")
    app = retrofits.pay(officer, app, "1200.5", day + datetime.timedelta(days=30))

    app.refresh_from_db()
    assert app.status == Status.PAID
    assert app.subsidy == decimal.Decimal("1200.50")
    assert app.approved_on == datetime.date(2026, 3, 3)
    assert app.paid_on == datetime.date(2026, 3, 31)
    assert retrofits.next_steps(app) == []
    trail = events(app)
    assert [e.action for e in trail] == ["create", "update", "update", "update", "update"]
    assert trail[-1].changes["status"] == ["accepted", "paid"]
    assert trail[-1].changes["subsidy"] == [None, "1200.50"]
    assert all(e.village_id == where.village.pk for e in trail)  # the household's region


def test_refuse_needs_a_reason_and_frees_the_household(where: Places, officer: User):
    home = household(where.village)
    app = retrofits.apply(officer, home, "double_urn")
    with pytest.raises(retrofits.RetrofitError):
        retrofits.apply(officer, home, "double_urn")  # one application under way
    with pytest.raises(retrofits.RetrofitError):
        retrofits.refuse(officer, app, "  ")
    app = retrofits.refuse(officer, app, "不符合条件")
    assert (app.status, app.note) == (Status.REFUSED, "不符合条件")
    with pytest.raises(retrofits.RetrofitError):
        retrofits.approve(officer, app)
    assert retrofits.apply(officer, home, "double_urn").status == Status.APPLIED
    with pytest.raises(retrofits.RetrofitError):
        retrofits.apply(officer, household(where.village), "non_sanitary")


def test_out_of_scope_is_refused_and_not_found(where: Places, officer: User, client: Client):
    other_official = make_user("retrofit-other", Role.OFFICER, where.other_county)
    far = household(where.other_village)
    with pytest.raises(PermissionDenied):
        retrofits.apply(officer, far, "three_compartment")
    app = retrofits.apply(other_official, far, "three_compartment")
    with pytest.raises(PermissionDenied):
        retrofits.approve(officer, app)
    client.force_login(officer)
    assert client.get(f"{URL}{app.pk}/approve/").status_code == 404
    assert client.post(f"{URL}{app.pk}/approve/", {}).status_code == 404
    app.refresh_from_db()
    assert app.status == Status.APPLIED
    assert far.code not in client.get(URL).content.decode()
    # A company in the village cannot take government steps.
    company = make_company_user("retrofit-co", Role.DISPATCHER, where.county, [where.village])
    mine = retrofits.apply(officer, household(where.village), "three_compartment")
    with pytest.raises(PermissionDenied):
        retrofits.approve(company, mine)
    # A viewer sees but cannot act.
    viewer = make_user("retrofit-viewer", Role.VIEWER, where.town)
    with pytest.raises(PermissionDenied):
        retrofits.approve(viewer, mine)


def test_pages_and_export(where: Places, officer: User, client: Client):
    client.force_login(officer)
    home = household(where.village)
    today = timezone.localdate()
    day = {n: (today - datetime.timedelta(days=n)).isoformat() for n in range(11)}
    response = client.post(
        f"{URL}apply/",
        {"household": home.code, "toilet_type": "three_compartment", "applied_on": day[10]},
    )
    assert response.status_code == 302, response.content
    app = RetrofitApplication.objects.get(household=home)
    assert client.get(f"{URL}{app.pk}/build/").status_code == 200
    response = client.post(f"{URL}{app.pk}/build/", {})
    assert response.status_code == 400  # out of order: the form says why
    assert client.post(f"{URL}{app.pk}/approve/", {"on": day[9]}).status_code == 302
    assert client.post(f"{URL}{app.pk}/nonsense/", {}).status_code == 404
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    assert client.post(f"{URL}{app.pk}/build/", {"on": tomorrow}).status_code == 400  # future
    assert client.post(f"{URL}{app.pk}/build/", {"on": day[8]}).status_code == 302
    assert client.post(f"{URL}{app.pk}/accept/", {"on": day[2]}).status_code == 302
    assert client.post(f"{URL}{app.pk}/pay/", {}).status_code == 400  # amount required
    too_early = {"amount": "800", "on": day[3]}
    assert client.post(f"{URL}{app.pk}/pay/", too_early).status_code == 400
    response = client.post(f"{URL}{app.pk}/pay/", {"amount": "800", "on": day[1]})
    assert response.status_code == 302
    app.refresh_from_db()
    assert (app.status, app.subsidy) == (Status.PAID, decimal.Decimal("800.00"))

    page = client.get(URL, {"region": where.village.code, "status": "paid"})
    assert page.status_code == 200 and home.code in page.content.decode()
    assert home.code not in client.get(URL, {"status": "refused"}).content.decode()

    response = client.get(URL, {"q": home.code, "format": "csv"})
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == retrofits.headers()
    assert len(table) == 2
    assert table[1][0] == home.code
    assert table[1][4:10] == [
        app.applied_on.isoformat(),
        app.approved_on.isoformat() if app.approved_on else "",
        day[8],
        day[2],
        day[1],
        "800.00",
    ]
    xlsx = client.get(URL, {"q": home.code, "format": "xlsx"})
    assert xlsx.status_code == 200
    assert AuditEvent.objects.filter(
        action="export", object_type="toilets.retrofitapplication"
    ).exists()


@pytest.mark.parametrize(("amount", "valid"), [("0.01", True), ("0", False), ("0.001", False)])
def test_the_smallest_subsidy_payment_is_accepted(amount: str, valid: bool) -> None:
    """One fen is the least a payment may be; a float bound (0.01000…0208) refused it."""
    from renju.toilets.retrofit_views import StepForm

    form = StepForm({"amount": amount, "on": "2026-05-01"}, step="pay")
    assert form.is_valid() is valid, form.errors
