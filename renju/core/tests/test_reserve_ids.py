"""Ids taken up front for rows written in bulk (``bulk.reserve_ids``): new, distinct, and never
handed out again, by a second reservation or by an ordinary save."""

from __future__ import annotations

import pytest
from django.db import transaction

from renju.core import bulk
from renju.core.testing import places
from renju.households.models import Household

pytestmark = pytest.mark.django_db


def test_reserved_ids_are_new_and_stay_taken() -> None:
    village = places().village
    top = max(Household.objects.values_list("pk", flat=True), default=0)
    with transaction.atomic():
        first = bulk.reserve_ids(Household, 500)
        second = bulk.reserve_ids(Household, 3)
        later = Household(
            code=f"{village.code[:12]}9901", region=village, head_name="测试户主", members=3
        )
        later.save()
    assert len(set(first)) == 500 and first == sorted(first) and first[0] > top
    assert min(second) > max(first)
    assert later.pk > max(second)
    assert bulk.reserve_ids(Household, 0) == []
