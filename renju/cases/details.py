"""A case's ``data`` for people: translated labels and display values, internal flags hidden.

Domain apps put their figures in ``Case.data`` (a pump-out's volume and where the sludge went, a
problem toilet's condition, an Open311 client...). The detail page shows them through
:func:`display_details`: each known key (dotted, e.g. ``pumpout.volume``) has a label and a way
to show its value (a choice's label, an organisation's name instead of its id, yes/no); the
internal ones (``simulated``, an API key's prefix) are not shown; an unknown key is shown by its
name, with its translation when the catalogue has one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from renju.accounts.models import Organisation
from renju.core import sludge

from .models import Case

Show = Callable[[Any, Case], str | None]


def _text(value: Any, case: Case) -> str | None:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _org_by_pk(value: Any, case: Case) -> str | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    name = Organisation.objects.filter(pk=pk).values_list("name", flat=True).first()
    return str(name) if name is not None else None


def _org_by_code(value: Any, case: Case) -> str | None:
    name = Organisation.objects.filter(code=str(value)).values_list("name", flat=True).first()
    return str(name) if name is not None else str(value)


def _plant(value: Any, case: Case) -> str | None:
    """The plant's name from the sludge receiver's choices (the site names it otherwise)."""
    return dict(sludge.choices(case.county_id)).get(str(value))


def _sludge_destination(value: Any, case: Case) -> str | None:
    from renju.toilets.choices import SludgeDestination  # the toilet app's choices, by value

    return _choice(SludgeDestination.choices, value)


def _condition(value: Any, case: Case) -> str | None:
    from renju.toilets.choices import Condition

    return _choice(Condition.choices, value)


def _choice(choices: list[tuple[str, Any]], value: Any) -> str:
    return str(dict(choices).get(str(value), value))


def _percent(value: Any, case: Case) -> str | None:
    return f"{value}%"


@dataclass(frozen=True)
class Detail:
    """How one key of ``Case.data`` is shown: its label, and its value (None: not shown)."""

    label: Any
    show: Show = _text


HIDDEN = frozenset({"simulated", "open311.api_key"})

DETAILS: dict[str, Detail] = {
    # A pump-out (toilets.pumpouts.record_pumpout).
    "pumpout.volume": Detail(gettext_lazy("volume (m³)")),
    "pumpout.destination": Detail(gettext_lazy("sludge went to"), _sludge_destination),
    "pumpout.destination_org": Detail(gettext_lazy("received by"), _org_by_pk),
    "pumpout.destination_site": Detail(gettext_lazy("treatment site")),
    "pumpout.plant": Detail(gettext_lazy("receiving plant"), _plant),
    "pumpout.household_fee": Detail(gettext_lazy("household fee (yuan)")),
    "pumpout.subsidy": Detail(gettext_lazy("subsidy (yuan)")),
    # A problem toilet (toilets.problems).
    "condition": Detail(gettext_lazy("condition"), _condition),
    "cause": Detail(gettext_lazy("problem cause")),
    "measure": Detail(gettext_lazy("rectification measure")),
    "verified_by": Detail(pgettext_lazy("case detail", "verified by")),
    "verified_on": Detail(pgettext_lazy("case detail", "verified on")),
    # A cleaning finding (cleaning.inspections).
    "finding": Detail(pgettext_lazy("case detail", "finding")),
    "item": Detail(gettext_lazy("item")),
    "points": Detail(pgettext_lazy("case detail", "points deducted")),
    "rechecked_in": Detail(pgettext_lazy("case detail", "re-checked in inspection")),
    # A sewage facility fault, a crop-vine point.
    "facility": Detail(gettext_lazy("facility")),
    "fill_level": Detail(gettext_lazy("fill level (%)"), _percent),
    "cleared": Detail(gettext_lazy("cleared")),
    # A request through Open311.
    "open311.organisation": Detail(pgettext_lazy("case detail", "Open311 client"), _org_by_code),
    "open311.device_id": Detail(pgettext_lazy("case detail", "device")),
    "open311.account_id": Detail(pgettext_lazy("case detail", "account")),
    "open311.email": Detail(pgettext_lazy("case detail", "email")),
    "open311.media_url": Detail(pgettext_lazy("case detail", "media URL")),
}


def flat_details(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """A case's ``data`` as (dotted key, value) pairs (e.g. ``pumpout.volume``), empty values
    left out."""
    if not isinstance(data, dict):
        return [(prefix, data)] if prefix else []
    pairs: list[tuple[str, Any]] = []
    for key, value in data.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            pairs.extend(flat_details(value, name))
        elif value not in (None, ""):
            pairs.append((name, value))
    return pairs


def _label(key: str) -> str:
    """An unknown key's label: its last part in words, translated when the catalogue has it."""
    words = key.rsplit(".", 1)[-1].replace("_", " ")
    return _(words)  # a name the catalogue may hold; shown as it is otherwise


def display_details(case: Case) -> list[tuple[str, str]]:
    """(label, value) pairs of the case's ``data`` for its detail page, in the data's order."""
    shown: list[tuple[str, str]] = []
    for key, value in flat_details(case.data):
        if key in HIDDEN:
            continue
        detail = DETAILS.get(key)
        if detail is None:
            text = _text(value, case)
            label = _label(key)
        else:
            text = detail.show(value, case)
            label = str(detail.label)
        if text not in (None, ""):
            shown.append((label, str(text)))
    return shown
