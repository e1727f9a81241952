"""``{% ledger_rows rows list_url %}``: the rows of a ledger list's table, built in Python.

The list renders 50 rows × its columns on every page; through template tags that was some 400
variable nodes, an ``{% if %}`` chain and a ``reverse()`` per row, about a third of the page's
time. The HTML is the same as the template loop made: each value reads as ``{{ value }}``
reads it (time zone, localisation, escaping), by ``render_value_in_context`` where any of that
could apply (``_cell``).
"""

from __future__ import annotations

import html as html_module
from collections.abc import Iterable, Sequence
from typing import Any

from django import template
from django.db import models
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _cell(value: Any, shown: dict[Any, str], context: template.Context) -> str:
    """A list cell's HTML: yes/no for booleans, "—" for nothing (``shown``, translated once
    per table), the value as ``{{ value }}`` renders it otherwise. Most cells need nothing of
    what ``render_value_in_context`` looks for (time zones, localised formats): plain text
    (codes, masked names, choice labels), related rows (their names) and small counts (no
    digit grouping below 1,000) are escaped directly; a third of the table's time went to
    finding that out."""
    if value is None or value is True or value is False:
        value = shown[value]
    if context.autoescape:
        kind = type(value)
        if kind is str:
            return html_module.escape(value)  # what django.utils.html.escape does to a str
        if kind is int and -1000 < value < 1000:
            return str(value)
        if isinstance(value, models.Model) and not hasattr(value, "__html__"):
            return html_module.escape(str(value))
    return render_value_in_context(value, context)


@register.simple_tag(takes_context=True)
def ledger_rows(
    context: template.Context, rows: Iterable[tuple[Any, Sequence[Any]]], list_url: str
) -> SafeString:
    """``<tr>`` per ``(obj, cells)``: the first cell links to the row's page (the list URL +
    pk + "/", as ledgers/urls.py routes it), the others as :func:`_shown` shows them."""
    html: list[str] = []
    shown = {True: _("yes"), False: _("no"), None: "—"}  # translated once, not once per cell
    for obj, cells in rows:
        link = conditional_escape(f"{list_url}{obj.pk}/")
        first = _cell(cells[0], shown, context)
        rest = "".join(f"<td>{_cell(cell, shown, context)}</td>" for cell in cells[1:])
        html.append(f'<tr>\n    <td><a href="{link}">{first}</a></td>{rest}\n  </tr>')
    return mark_safe("".join(html))  # every value above is escaped
