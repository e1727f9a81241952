"""PostgreSQL connections tell the planner that a random page read is cheap (solid-state
storage), so a county's paged list reads its ``(county, id)`` index instead of the primary key."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from renju.settings import planner_options


def test_the_cost_joins_the_connection_options() -> None:
    assert planner_options("", "1.1") == "-c random_page_cost=1.1"
    assert (
        planner_options("-c search_path=renju", "2")
        == "-c search_path=renju -c random_page_cost=2.0"
    )


def test_empty_leaves_the_server_setting() -> None:
    """For a pooler that refuses startup options (PgBouncer)."""
    assert planner_options("", "") == ""
    assert planner_options("-c search_path=renju", " ") == "-c search_path=renju"


@pytest.mark.parametrize("value", ["fast", "0", "-1", "nan", "inf"])
def test_a_bad_cost_is_refused_by_name(value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="RENJU_PG_RANDOM_PAGE_COST"):
        planner_options("", value)


@pytest.mark.django_db
def test_a_postgresql_connection_plans_with_the_cost() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)
