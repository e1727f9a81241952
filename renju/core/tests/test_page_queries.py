"""A signed-in page reads the user (with her organisation) and her grants once each, however
many of its parts ask for them (the scope, the case badge, the case list's own check):
``accounts.backends`` and ``accounts.scope.grants_of``."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from renju.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["county2_admin", "town_officer", "company_dispatcher"])
@pytest.mark.parametrize("url", ["/", "/cases/"])
def test_a_page_reads_the_grants_once(username: str, url: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username=username))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    grant_reads = [
        q["sql"] for q in captured.captured_queries if '"accounts_rolegrant"' in q["sql"]
    ]
    assert len(grant_reads) == 1, grant_reads


@pytest.mark.parametrize("username", ["county2_admin", "town_officer", "company_dispatcher"])
def test_the_session_user_comes_with_her_organisation(username: str) -> None:
    user = User.objects.get(username=username)
    assert user.organisation_id is not None
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    user_reads = [s for s in sql if 'FROM "accounts_user"' in s]
    assert len(user_reads) == 1 and '"accounts_organisation"' in user_reads[0], user_reads
    assert not [s for s in sql if s.startswith('SELECT "accounts_organisation"')]
