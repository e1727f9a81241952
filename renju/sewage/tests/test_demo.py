"""The demo step: proportions, links and audit, at the test scale."""

from __future__ import annotations

import pytest

from renju.core.models import AuditEvent
from renju.regions.models import Region
from renju.sewage.choices import Mode
from renju.sewage.indicators import village_rate
from renju.sewage.models import SewageFacility, SludgeDelivery, TreatmentStatus, WaterTest

pytestmark = pytest.mark.django_db


def test_demo_has_a_status_per_village_and_plausible_rates():
    villages = list(
        Region.objects.current().filter(level=5, city__code="3715").values_list("pk", flat=True)
    )
    assert TreatmentStatus.objects.filter(is_simulated=True).count() == len(villages)
    parts = village_rate(villages)
    rate = sum(n for n, _d in parts.values()) / sum(d for _n, d in parts.values())
    assert 0.45 < rate < 0.7
    assert SewageFacility.objects.filter(is_simulated=True).exists()
    assert WaterTest.objects.exists()
    assert SludgeDelivery.objects.exists()
    assert not TreatmentStatus.objects.filter(mode=Mode.UNTREATED, facility__isnull=False).exists()
    assert AuditEvent.objects.filter(object_type="sewage.treatmentstatus").exists()
