"""A signed-in page reads the user's grants once, however many of its parts ask for her roles
(the scope, the case badge, the case list's own check): ``accounts.scope.grants_of``."""

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
