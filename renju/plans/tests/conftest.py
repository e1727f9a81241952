"""Fixtures of the plan tests: officials of the home county, another county and the city."""

from __future__ import annotations

from typing import Any

import pytest

from renju.core.testing import Places, make_user, places


@pytest.fixture
def where(db: Any) -> Places:
    return places()


@pytest.fixture
def county_officer(where: Places) -> Any:
    return make_user("pl_county", "officer", where.county)


@pytest.fixture
def other_county_officer(where: Places) -> Any:
    return make_user("pl_other", "admin", where.other_county)


@pytest.fixture
def city_officer(where: Places) -> Any:
    return make_user("pl_city", "officer", where.city)


@pytest.fixture
def city_viewer(where: Places) -> Any:
    return make_user("pl_cityview", "viewer", where.city)


@pytest.fixture
def town_officer(where: Places) -> Any:
    return make_user("pl_town", "officer", where.town)
