"""The cases demo step on the test city: proportions, consistency, idempotency, indicators."""

from __future__ import annotations

import collections
from typing import Any

import pytest
from django.db.models import Count, F, Max
from django.utils import timezone

from conftest import TEST_SCALE
from renju.accounts.choices import SERVICE_AREA_KINDS
from renju.accounts.models import Organisation
from renju.cases import routing
from renju.cases.actions import next_number
from renju.cases.choices import OPEN_STATES, State
from renju.cases.demo import simulate_cases
from renju.cases.models import Case, CaseCounter, CaseEvent
from renju.core.demo import DemoContext
from renju.core.models import AuditEvent
from renju.indicators import engine
from renju.indicators.models import IndicatorValue, PeriodKind
from renju.regions.models import Region
from renju.toilets.choices import PROBLEM_CONDITIONS, Condition
from renju.toilets.models import HouseholdToilet, PumpOut

pytestmark = pytest.mark.django_db
TOILET = "toilets.householdtoilet"
DONE = [State.RESOLVED, State.CONFIRMED, State.CLOSED]


def context(scale: float = TEST_SCALE) -> DemoContext:
    # The seed and city of `renju seed_demo`'s defaults, which the root conftest ran.
    return DemoContext(scale=scale, seed=2026, city_code="3715", log=lambda m: None, data={})


def full_cases() -> Any:
    return Case.objects.filter(category="toilet.full", data__simulated=True)


def test_a_year_of_pumpouts_at_realistic_proportions():
    tanks = HouseholdToilet.objects.filter(is_simulated=True, tank_volume__isnull=False)
    served = full_cases().values("subject_id").distinct().count()
    assert 0.33 < served / tanks.count() < 0.50  # ~40% of the toilets with a tank
    cases = full_cases()
    assert 1.1 < cases.count() / served < 1.5  # one or two each, a few rejected or active
    done = cases.filter(state__in=DONE)
    assert done.count() / cases.count() > 0.9
    on_time = done.filter(resolved_at__lte=F("deadline")).count() / done.count()
    assert 0.82 < on_time < 0.95
    rated = done.filter(rating__isnull=False)
    assert 0.5 < rated.count() / done.count() < 0.72
    assert rated.filter(rating__gte=4).count() / rated.count() > 0.8
    active = cases.filter(state__in=OPEN_STATES)
    assert 0.005 < active.count() / cases.count() < 0.04
    assert active.filter(deadline__lt=timezone.now()).exists()  # some overdue
    assert cases.filter(state=State.REJECTED).exists()
    assert cases.filter(reopen_count__gt=0).exists()
    all_cases = Case.objects.filter(data__simulated=True)
    assert all_cases.filter(category="toilet.broken").exists()
    assert all(c.data["simulated"] is True for c in all_cases[:200])


def test_cases_are_consistent():
    cases = Case.objects.filter(data__simulated=True)
    assert not cases.filter(resolved_at__lt=F("created_at")).exists()
    assert not cases.filter(deadline__lte=F("created_at")).exists()
    assert not cases.filter(confirmed_at__lt=F("resolved_at")).exists()
    assert not cases.filter(state__in=DONE, resolved_at__isnull=True).exists()
    assert not cases.filter(state__in=OPEN_STATES, resolved_at__isnull=False).exists()
    assert not cases.filter(created_at__gt=timezone.now()).exists()
    assert not cases.filter(rating__isnull=False).exclude(state=State.CONFIRMED).exists()
    # A case's place is its toilet's.
    toilets = HouseholdToilet.objects.in_bulk(
        list(cases.values_list("subject_id", flat=True)[:300])
    )
    for case in cases.filter(subject_id__in=list(toilets)):
        toilet = toilets[case.subject_id]
        assert (case.region_id, case.village_id, case.county_id) == (
            toilet.region_id,
            toilet.village_id,
            toilet.county_id,
        )
        assert case.subject_label == toilet.code and case.subject_type == TOILET
    # One active case per toilet and category at most (the partial unique constraint holds).
    assert not (
        cases.filter(state__in=OPEN_STATES)
        .values("category", "subject_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .exists()
    )


def test_every_resolved_pumpout_case_has_its_pumpout_and_the_toilet_its_date():
    resolved = full_cases().filter(resolved_at__isnull=False)
    pumpouts = {p.case_id: p for p in PumpOut.objects.filter(case__in=resolved)}
    assert len(pumpouts) == resolved.count() > 0
    for case in resolved.select_related("assigned_org")[:500]:
        pumpout = pumpouts[case.pk]
        assert pumpout.toilet_id == case.subject_id
        assert pumpout.company_id == case.assigned_org_id
        assert pumpout.pumped_on == timezone.localtime(case.resolved_at).date()
        assert 1.5 <= pumpout.volume <= 3
        assert case.data["pumpout"]["volume"] == str(pumpout.volume)
    reused = PumpOut.objects.filter(case__in=resolved, destination="reuse")
    assert reused.exists() and not reused.filter(destination_org__isnull=True).exists()
    assert PumpOut.objects.filter(case__in=resolved, destination="treatment").exists()
    latest = dict(
        PumpOut.objects.values_list("toilet_id")
        .annotate(m=Max("pumped_on"))
        .values_list("toilet_id", "m")
    )
    toilets = dict(
        HouseholdToilet.objects.filter(pk__in=list(latest)).values_list("pk", "last_pumpout")
    )
    assert toilets == latest


def test_routing_and_numbers():
    full = full_cases().select_related("assigned_org", "county", "region")
    for case in full[:300]:
        assert case.assigned_org is not None
        if case.assigned_org.kind in SERVICE_AREA_KINDS:
            assert case.assigned_org.county_id == case.county_id
        else:
            assert case.assigned_org.kind == "government"
            assert case.assigned_org.region_id == case.town_id
    pump = Organisation.objects.get(code="DEMO-371502-PUMP")
    assert full.filter(assigned_org=pump).exists()
    assert full.filter(assigned_org__kind="government").exists()  # towns no company serves
    problems = Case.objects.filter(category="toilet.problem", data__simulated=True)
    assert not problems.exclude(assigned_org__kind="government").exists()
    # Numbers: prefix, day reported, sequence; the day counters are past the numbers used.
    for case in Case.objects.filter(data__simulated=True)[:300]:
        day = timezone.localtime(case.created_at).date()
        assert case.code[1:9] == f"{day:%Y%m%d}"
        counter = CaseCounter.objects.get(prefix=case.code[0], day=day)
        assert counter.last >= int(case.code[9:])
    codes = set(Case.objects.values_list("code", flat=True))
    assert next_number("T") not in codes and next_number("W") not in codes
    tokens = Case.objects.values_list("reporter_token", flat=True)
    assert len(set(tokens)) == len(tokens)


def test_problem_toilets_have_their_rectification_cases():
    problem_toilets = HouseholdToilet.objects.filter(
        is_simulated=True, condition__in=sorted(PROBLEM_CONDITIONS)
    )
    cases = Case.objects.filter(category="toilet.problem", data__simulated=True)
    open_ = cases.filter(state__in=OPEN_STATES)
    with_case = problem_toilets.filter(pk__in=open_.values("subject_id")).count()
    assert 0.8 < with_case / problem_toilets.count() <= 1
    fixed = cases.filter(state__in=DONE)
    assert 0 < fixed.count() < open_.count()
    # A rectified toilet is usable now.
    assert not HouseholdToilet.objects.filter(
        pk__in=fixed.values("subject_id"), condition__in=sorted(PROBLEM_CONDITIONS)
    ).exists()
    assert HouseholdToilet.objects.filter(
        pk__in=fixed.values("subject_id"), condition=Condition.USABLE
    ).exists()


def test_timelines_and_one_summary_audit_event_per_village():
    cases = Case.objects.filter(data__simulated=True)
    created = CaseEvent.objects.filter(case__in=cases, kind="created").count()
    assert created == cases.count()
    resolved = CaseEvent.objects.filter(case__in=cases, kind="resolved").count()
    fixed_twice = cases.filter(reopen_count__gt=0).count()
    assert resolved == cases.filter(resolved_at__isnull=False).count() + fixed_twice
    events = AuditEvent.objects.filter(object_type="cases.case", note="simulated case history")
    per_village = collections.Counter(events.values_list("village_id", flat=True))
    assert len(per_village) == cases.values("village_id").distinct().count()
    assert max(per_village.values()) == 1


def test_each_step_a_demo_case_records_has_its_event_in_time_order():
    """A case page's timeline tells what its fields say: accepted, escalated, confirmed, closed,
    reopened, started; not only reported and resolved."""
    cases = Case.objects.filter(data__simulated=True)
    events = CaseEvent.objects.filter(case__in=cases)

    def with_event(kind: str) -> set[int]:
        return set(events.filter(kind=kind).values_list("case_id", flat=True))

    def ids(**lookup: Any) -> set[int]:
        return set(cases.filter(**lookup).values_list("pk", flat=True))

    assert with_event("accepted") == ids(accepted_at__isnull=False)
    assert with_event("escalated") == ids(escalated_at__isnull=False)
    assert with_event("confirmed") == ids(confirmed_at__isnull=False)
    assert with_event("closed") == ids(state=State.CLOSED)
    assert with_event("assigned") == ids(assigned_org__isnull=False)
    assert ids(state=State.IN_PROGRESS) <= with_event("started")
    reopened = ids(reopen_count__gt=0)
    assert reopened and with_event("reopened") == reopened
    assert events.filter(kind="resolved", case__in=reopened).count() == 2 * len(reopened)
    rated = events.filter(kind="confirmed").first()
    assert rated is not None and rated.data["rating"] == rated.case.rating
    # In time order, none before the report or in the future.
    assert not events.filter(time__lt=F("case__created_at")).exists()
    assert not events.filter(time__gt=timezone.now()).exists()
    for case_id in list(reopened)[:50]:
        kinds = list(
            events.filter(case_id=case_id).order_by("time", "pk").values_list("kind", flat=True)
        )
        assert (
            kinds.index("resolved")
            < kinds.index("reopened")
            < len(kinds) - 1 - kinds[::-1].index("resolved")
        )
        assert kinds.index("accepted") < kinds.index("resolved")


def test_a_second_run_adds_nothing():
    counts = (
        Case.objects.count(),
        PumpOut.objects.count(),
        CaseEvent.objects.count(),
        AuditEvent.objects.count(),
    )
    simulate_cases(context())
    assert (
        Case.objects.count(),
        PumpOut.objects.count(),
        CaseEvent.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


def test_deterministic_history_and_orphans_removed():
    toilet = (
        HouseholdToilet.objects.filter(
            pk__in=full_cases().filter(state=State.CONFIRMED).values("subject_id")
        )
        .order_by("code")
        .first()
    )
    assert toilet is not None

    def history() -> list[tuple[object, ...]]:
        return list(
            # Pump-outs are anchored to days; active cases to the clock: compare the former.
            Case.objects.filter(subject_type=TOILET, subject_id=toilet.pk, category="toilet.full")
            .exclude(resolved_at=None)
            .order_by("created_at")
            .values_list("category", "state", "created_at", "resolved_at", "rating")
        )

    before = history()
    cases = Case.objects.filter(subject_type=TOILET, subject_id=toilet.pk)
    PumpOut.objects.filter(toilet=toilet).delete()
    cases.delete()
    simulate_cases(context())  # the toilet has no case now: its history again, the same
    assert history() == before
    # A toilet removed (a smaller scale): its simulated cases go on the next run.
    PumpOut.objects.filter(toilet=toilet).delete()
    HouseholdToilet.objects.filter(pk=toilet.pk).delete()
    simulate_cases(context())
    assert not Case.objects.filter(subject_type=TOILET, subject_id=toilet.pk).exists()


def ratio(value: IndicatorValue) -> float:
    assert value.numerator is not None and value.denominator, value.indicator
    return value.numerator / value.denominator


def test_a_company_is_given_only_cases_of_the_places_it_serves():
    """Routing as the engine does it: the county's pump-out company gets the cases of the
    towns it serves, never those of the others (its crew could not be given them either)."""
    companies = (
        Case.objects.filter(data__simulated=True, assigned_org__kind__in=SERVICE_AREA_KINDS)
        .select_related("assigned_org", "region")
        .order_by("pk")
    )
    assert companies.exists()
    served: dict[tuple[int, str, int], bool] = {}
    for case in companies.iterator():
        key = (case.assigned_org_id, case.category, case.town_id or 0)
        if key not in served:
            served[key] = routing.serves(case.assigned_org, case.category, case.region)
        assert served[key], case.code


def test_indicators_have_values_after_recompute():
    engine.recompute("3715")
    city = Region.objects.current().get(code="3715")
    start = engine.period_starts(timezone.localdate())[PeriodKind.MONTH]
    values = {
        v.indicator: v
        for v in IndicatorValue.objects.filter(
            region=city, period_kind=PeriodKind.MONTH, period_start=start
        )
    }
    assert 0.78 < ratio(values["toilets.pumpout_on_time"]) < 0.95
    assert ratio(values["toilets.satisfaction"]) > 0.8
    assert 0.1 < ratio(values["toilets.rectification_rate"]) < 0.5


def test_the_demo_crew_has_jobs_and_each_dispatch_its_event():
    """The pump-out company's field worker opens "my jobs" to real work: the cases her company
    took on went to her, each with the dispatcher's event before it was resolved."""
    from renju.accounts.models import User

    worker = User.objects.get(username="company_worker")
    mine = full_cases().filter(assignee=worker)
    assert mine.filter(state__in=[State.ACCEPTED, State.IN_PROGRESS]).exists()
    assert not mine.exclude(assigned_org=worker.organisation).exists()
    assert not mine.filter(state__in=[State.ASSIGNED, State.REJECTED]).exists()
    worked = full_cases().filter(
        assigned_org=worker.organisation, state__in=[State.IN_PROGRESS, *DONE]
    )
    assert worked.exists() and not worked.filter(assignee=None).exists()
    # Nobody else's cases: the other counties' companies have no field worker in the demo.
    assert not Case.objects.exclude(assignee=None).exclude(assignee=worker).exists()
    events = CaseEvent.objects.filter(case__in=mine, kind="dispatched")
    assert events.count() == mine.count()
    assert not events.filter(time__lt=F("case__created_at")).exists()
    assert not events.filter(time__gt=F("case__resolved_at")).exists()
    assert {tuple(e.data.items()) for e in events} == {(("assignee", worker.pk),)}
