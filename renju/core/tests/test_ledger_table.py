"""The list table's cells read exactly as ``{{ value }}`` would read them."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

import pytest
from django.template import Context
from django.template.base import render_value_in_context
from django.utils import translation
from django.utils.safestring import mark_safe

from renju.core.templatetags.ledger_table import _cell
from renju.regions.models import Region

SHOWN = {True: "yes", False: "no", None: "—"}

VALUES: list[Any] = [
    "3715020010010001",
    "<b>\"王\" & '李'</b>",
    "",
    mark_safe("<i>kept</i>"),
    0,
    3,
    -999,
    999,
    1000,
    -1000,
    1234567,
    decimal.Decimal("1234.50"),
    12.5,
    datetime.date(2026, 11, 30),
    datetime.datetime(2026, 11, 30, 8, 5, tzinfo=datetime.UTC),
    Region(code="371502", name="东昌府区 <&>"),
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_cell_reads_as_the_template_variable_would(language: str, value: Any) -> None:
    with translation.override(language):
        context = Context()
        assert _cell(value, SHOWN, context) == render_value_in_context(value, context)


@pytest.mark.parametrize("value", [True, False, None])
def test_yes_no_and_nothing_read_as_words(value: Any) -> None:
    assert _cell(value, SHOWN, Context()) == SHOWN[value]


def test_without_autoescape_nothing_is_escaped() -> None:
    context = Context(autoescape=False)
    assert _cell("<b>", SHOWN, context) == "<b>"
    assert _cell(Region(name="a&b"), SHOWN, context) == "a&b"
