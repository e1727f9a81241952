"""The cleaning demo step: flagged, at plausible proportions, consistent, audited, run once."""

from __future__ import annotations

import pytest
from django.db.models import Count, F
from django.utils import timezone

from renju.cases.actions import escalate_overdue
from renju.cases.choices import OPEN_STATES, State
from renju.cases.demo import ESCALATION_DELAY
from renju.cases.models import Case
from renju.core.demo import DemoContext
from renju.core.models import AuditEvent

from .. import indicators
from ..choices import FindingStatus
from ..demo import simulate_cleaning
from ..models import Cleaner, Finding, Inspection, ScoreItem, StaffingNorm, WagePayment

pytestmark = pytest.mark.django_db


def test_demo_rows_are_flagged_and_consistent() -> None:
    assert ScoreItem.objects.filter(region__code="3715").count() == 16
    assert StaffingNorm.objects.get(region__code="3715").source.endswith("（待核实）")
    inspected = set(
        Inspection.objects.filter(is_simulated=True).values_list("village_id", flat=True)
    )
    staffed = set(Cleaner.objects.filter(is_simulated=True).values_list("village_id", flat=True))
    assert inspected and inspected == staffed
    assert not Inspection.objects.filter(is_simulated=True, score__lt=0).exists()
    per_village = (
        Inspection.objects.filter(is_simulated=True)
        .values("village_id")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    assert set(per_village) == {4}
    findings = Finding.objects.filter(is_simulated=True)
    assert findings.exists()
    assert not findings.filter(case__isnull=True).exists()
    # Rectified findings have closed cases; open ones active cases.
    assert (
        not findings.filter(status=FindingStatus.RECTIFIED)
        .exclude(case__state=State.CLOSED)
        .exists()
    )
    assert (
        not findings.filter(status=FindingStatus.OPEN).exclude(case__state__in=OPEN_STATES).exists()
    )
    assert (
        Case.objects.filter(category__startswith="cleaning.", code__startswith="QD").count()
        == findings.count()
    )
    assert AuditEvent.objects.filter(object_type="cleaning.inspection").exists()
    assert AuditEvent.objects.filter(object_type="cleaning.cleaner").exists()


def test_demo_cases_past_their_deadline_were_escalated_then() -> None:
    """The city starts in a steady state: no backlog of overdue cases for the periodic
    escalation to write all at once (it stalled the villagers' reports for a minute)."""
    now = timezone.now()
    cases = Case.objects.filter(category__startswith="cleaning.", code__startswith="QD")
    overdue = cases.filter(state__in=OPEN_STATES, deadline__lt=now - ESCALATION_DELAY)
    assert overdue.exists()
    assert not overdue.filter(escalated_at__isnull=True).exists()
    assert escalate_overdue(now) == 0
    for case in cases.exclude(escalated_at=None)[:200]:
        assert case.escalated_at == case.deadline + ESCALATION_DELAY
        assert case.closed_at is None or case.closed_at > case.escalated_at
    assert not cases.filter(
        escalated_at=None, closed_at__gt=F("deadline") + ESCALATION_DELAY
    ).exists()


def test_demo_proportions() -> None:
    villages = list(
        Inspection.objects.filter(is_simulated=True).values_list("village_id", flat=True).distinct()
    )
    wages = indicators.wage_on_time(villages)
    n = sum(p[0] for p in wages.values())
    d = sum(p[1] for p in wages.values())
    assert 0.8 < n / d < 0.95  # 88% paid on time, simulated
    score = indicators.cleanliness_score(villages)
    average = sum(p[0] for p in score.values()) / sum(p[1] for p in score.values())
    assert 80 < average < 98
    rect = indicators.rectification_rate(villages)
    rate = sum(p[0] for p in rect.values()) / sum(p[1] for p in rect.values())
    assert 0.4 < rate < 0.9  # the last visit's findings are still open
    staffing = indicators.staffing_ratio(villages)
    ratio = sum(p[0] for p in staffing.values()) / sum(p[1] for p in staffing.values())
    assert 0.7 < ratio < 1.2
    assert WagePayment.objects.filter(is_simulated=True, paid_on__isnull=True).exists()


def test_second_run_adds_nothing() -> None:
    before = Inspection.objects.count(), Cleaner.objects.count(), Case.objects.count()
    logs: list[str] = []
    simulate_cleaning(
        DemoContext(scale=0.004, seed=2026, city_code="3715", log=logs.append, data={})
    )
    assert (Inspection.objects.count(), Cleaner.objects.count(), Case.objects.count()) == before
    assert logs == ["cleaning: already simulated"]


def test_step_rebuilds_an_emptied_demo() -> None:
    """Re-run on an emptied cleaning demo (rolled back with the test): it fills it again."""
    from ..models import Campaign, CampaignVillage, CleaningContract, CleaningDocument

    Finding.objects.all().delete()
    Case.objects.filter(category__startswith="cleaning.").delete()
    Inspection.objects.all().delete()
    CampaignVillage.objects.all().delete()
    Campaign.objects.all().delete()
    WagePayment.objects.all().delete()
    Cleaner.objects.all().delete()
    CleaningContract.objects.all().delete()
    ScoreItem.objects.filter(is_simulated=True).delete()
    CleaningDocument.objects.all().delete()
    simulate_cleaning(DemoContext(scale=0.004, seed=2026, city_code="3715", log=print, data={}))
    assert Inspection.objects.filter(is_simulated=True).exists()
    assert Cleaner.objects.exists() and WagePayment.objects.exists()
