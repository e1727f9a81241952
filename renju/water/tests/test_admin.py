"""The city edits a threshold in the admin: the change is audited and reclassifies new samples."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory

from renju.core.models import AuditEvent
from renju.water import thresholds
from renju.water.models import ThresholdRule

pytestmark = pytest.mark.django_db


def test_admin_edit_of_a_limit_is_audited() -> None:
    thresholds.ensure_default_sets()
    rule = ThresholdRule.objects.get(threshold_set__key="rural-2019", parameter="do_mg_l")
    model_admin = admin.site._registry[ThresholdRule]
    request = RequestFactory().post("/admin/")
    rule.limit = Decimal("3")
    model_admin.save_model(request, rule, None, change=True)
    event = AuditEvent.objects.filter(
        object_type="water.thresholdrule", object_id=str(rule.pk), action="update"
    ).get()
    assert list(event.changes) == ["limit"]
    assert Decimal(event.changes["limit"][0]) == 2 and Decimal(event.changes["limit"][1]) == 3
    grade, _findings = thresholds.classify({"do_mg_l": Decimal("2.5")}, thresholds.rules_for(None))
    assert grade == "black_odorous"  # 2.5 < 3 under the edited rule
