"""The demo step: proportions, labels, audit, and a second run that adds nothing."""

from __future__ import annotations

import pytest
from django.db.models import Count

from renju.core.demo import DemoContext
from renju.core.models import AuditEvent

from ..demo import history_days, simulate_waste
from ..models import (
    TRANSFER_MAX_KG,
    Collection,
    ConstructionSite,
    CropVinePoint,
    Transfer,
    TreatmentPlant,
)

pytestmark = pytest.mark.django_db


def test_the_demo_city_has_a_chain():
    assert TreatmentPlant.objects.filter(is_simulated=True, harmless=False).count() == 1
    villages = Collection.objects.values("village_id").distinct().count()
    assert villages > 2000
    days = Collection.objects.values("collected_on").distinct().count()
    assert days == history_days(0.004) == 14
    assert history_days(0.01) >= 30 and history_days(0.1) == 365
    assert not Collection.objects.filter(is_simulated=False).exists()
    assert Transfer.objects.filter(is_simulated=True).count() > 100
    heaviest = Transfer.objects.order_by("-net_kg").values_list("net_kg", flat=True).first()
    assert heaviest is not None and heaviest <= TRANSFER_MAX_KG  # each ticket one lorry load
    assert ConstructionSite.objects.count() > 1500
    assert CropVinePoint.objects.filter(county__code="371522").count() > 20
    summaries = AuditEvent.objects.filter(
        object_type="waste.collection", object_repr__startswith="seed-demo"
    )
    assert summaries.count() == 8  # one per county


def test_missed_days_are_about_three_percent():
    per_village = list(
        Collection.objects.values("village_id").annotate(n=Count("pk")).values_list("n", flat=True)
    )
    share = 1 - sum(per_village) / (len(per_village) * history_days(0.004))
    assert 0.02 < share < 0.15  # 3% missed plus the every-other-day towns


def test_a_second_run_adds_nothing():
    before = Collection.objects.count()
    simulate_waste(DemoContext(scale=0.004, seed=1, city_code="3715", log=lambda s: None, data={}))
    assert Collection.objects.count() == before
