"""Generation tokens: a write to a watched model, through any path, gives a new token."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from renju.accounts.backends import ACCOUNTS
from renju.accounts.models import RoleGrant
from renju.core import audit, generations
from renju.core.models.audit import AuditAction
from renju.core.testing import make_user, places
from renju.regions.models import REGIONS, Region

pytestmark = pytest.mark.django_db


def test_a_token_stays_until_a_watched_model_is_written() -> None:
    before = generations.token(ACCOUNTS)
    assert generations.token(ACCOUNTS) == before
    region_token = generations.token(REGIONS)
    make_user("gen_user", "viewer", places().county)  # a user, an organisation, a grant
    assert generations.token(ACCOUNTS) != before
    assert generations.token(REGIONS) == region_token  # no region was written


def test_a_delete_gives_a_new_token() -> None:
    user = make_user("gen_delete", "viewer", places().county)
    before = generations.token(ACCOUNTS)
    RoleGrant.objects.filter(user=user).delete()
    assert generations.token(ACCOUNTS) != before


def test_the_audit_event_of_a_bulk_write_gives_a_new_token() -> None:
    """Imports and bulk edits write rows without Django's signals; their audit events name
    the rows' model."""
    before = generations.token(REGIONS)
    audit.record_rows(AuditAction.UPDATE, "regions.region", [1], ["x"], [None], [{}])
    assert generations.token(REGIONS) != before
    before = generations.token(REGIONS)
    region = Region.objects.get(code="3715")
    audit.record_many([audit.build(AuditAction.MOVE, region)])
    assert generations.token(REGIONS) != before
    before = generations.token(REGIONS)
    audit.record(AuditAction.DELETE, object_type="regions.region", object_id="1")
    assert generations.token(REGIONS) != before


def test_sign_ins_and_exports_give_no_new_token() -> None:
    user = make_user("gen_signin", "viewer", places().county)
    before = generations.token(ACCOUNTS)
    audit.record(AuditAction.LOGIN, user)
    audit.record(AuditAction.LOGIN_FAILED, user)
    audit.record_export("accounts.user", "users", 3)
    assert generations.token(ACCOUNTS) == before


def test_the_commit_gives_another_new_token(django_capture_on_commit_callbacks) -> None:
    """What another process read before the commit (the old rows) is not read again."""
    user = make_user("gen_commit", "viewer", places().county)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        before = generations.token(ACCOUNTS)
        user.first_name = "新"
        user.save()
        during = generations.token(ACCOUNTS)
    assert during != before
    for callback in callbacks:
        callback()
    assert generations.token(ACCOUNTS) not in {before, during}


def test_a_token_gone_from_the_cache_comes_back_as_a_new_one() -> None:
    before = generations.token(ACCOUNTS)
    cache.clear()
    assert generations.token(ACCOUNTS) != before
