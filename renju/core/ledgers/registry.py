"""The ledger registry: one declaration per ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import get_language

from renju.core.formats import readable_number

from .columns import Column

_registry: dict[str, Ledger] = {}
_by_model: dict[Any, Ledger] = {}


@dataclass
class Ledger:
    """What a ledger declares; everything else (views, import, export, API, admin) follows.

    ``columns`` are the spreadsheet columns, in order, and the fields of the create/edit form;
    the first is the row's code. ``list_columns`` are shown in the list (masked ones through
    ``masks``); ``filters`` become the list's and the API's filters; ``search`` fields are matched
    by prefix (codes) or substring (names).
    """

    model: type[models.Model]
    slug: str
    columns: list[str]
    list_columns: list[str]
    filters: list[str] = field(default_factory=list)
    search: list[str] = field(default_factory=lambda: ["code"])
    sort: list[str] = field(default_factory=lambda: ["code"])
    masks: dict[str, Any] = field(default_factory=dict)
    # How a column's value reads on the pages, where not as its field's type (a month kept as
    # its first day reads "2026年11月"): name -> callable(value) -> text.
    formats: dict[str, Any] = field(default_factory=dict)
    lookups: dict[str, str] = field(default_factory=dict)  # fk column -> related lookup field
    domain: str = ""
    icon: str = "table"
    simulated_note: bool = True
    actions: frozenset[str] = frozenset({"view", "add", "change", "delete", "import", "export"})
    validate_row: Any = None  # optional callable(values: dict) -> dict[field, message]
    # Optional callable(user, queryset of the rows just created or changed), run in the same
    # transaction by every write path (pages, API, import), e.g. to open cases for problems.
    after_write: Any = None
    select_related: tuple[str, ...] = ("region",)
    # Optional callable(obj) -> [(label, url, bootstrap icon)]: the domain's own pages for a row
    # (e.g. a collection point's overflow report), shown as buttons on the detail page.
    detail_links: Any = None
    # The services (ServiceArea.Service) whose companies use this ledger, in their areas of
    # those services; none: closed to companies, whose people work on their own jobs, not on
    # the towns' books (a pump-out crew saw and could edit every household of its towns).
    company_services: frozenset[str] = frozenset()
    # The column naming the organisation a row belongs to: a company sees its own rows only.
    company_own: str = ""
    # Rows kept on the row's own page (a project's funding and milestones), by their model
    # label: their events show in the row's history. Their names start with the row's code.
    history_children: tuple[str, ...] = ()

    @cached_property
    def spreadsheet_columns(self) -> list[Column]:
        return [
            Column(name, lookup=self.lookups.get(name, "code")).bind(self.model)
            for name in self.columns
        ]

    @cached_property
    def list_fields(self) -> tuple[str, ...]:
        """The fields a list page loads of each row: its columns and the related rows it joins
        (those come whole, but for units: a cell shows a unit's name, and a unit has twenty
        fields, six of them keys). Empty when a column is not a plain field (a property may
        read any field): then the rows come whole too. A test runs every ledger's list looking
        for a statement per row, which a cell reading an unloaded field would cost."""
        from renju.regions.models import Region

        names = {*self.list_columns, *self.select_related}
        if not names <= {f.name for f in self.model._meta.concrete_fields}:
            return ()
        units = [
            f"{name}__name"
            for name in self.select_related
            if self.model._meta.get_field(name).related_model is Region
        ]
        return (*sorted(names), *units)

    def ordering(self, sort: str) -> tuple[str, str] | tuple[str]:
        """The rows' order for a list's ``sort`` (a sortable field, ``-`` for descending), as
        the list shows them and its export writes them; ties in the sort's direction, so an
        index (…, field, id) serves it whole. Anything else: by id."""
        if sort.lstrip("-") in self.sort:
            return (sort, "-pk" if sort.startswith("-") else "pk")
        return ("pk",)

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def verbose_name_plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def masks_for(self, user: Any, obj: Any) -> dict[str, Any]:
        """The maskers to apply to ``obj`` for ``user``: none for who may change the row (she
        keeps the personal data in full), all of them for everyone else. The one rule of the
        detail page, the API and the exports."""
        if not self.masks:
            return {}
        from renju.core.scoping import CHANGE, region_in_scope

        region = getattr(obj, "region", None)
        if (
            CHANGE in self.actions
            and region is not None
            and region_in_scope(user, region, CHANGE, self.model)
        ):
            return {}
        return self.masks

    def mask(self, obj: Any, name: str) -> Any:
        """The value a list shows: masked personal data, choice labels, related names."""
        value = getattr(obj, name)
        masker = self.masks.get(name)
        if masker and value:
            return masker(value)
        if name in self.formats and value is not None:
            return self.formats[name](value)
        if name in self._choice_labels:  # get_<name>_display(), without its dict per cell
            return (
                None if value is None else self._labels_in(get_language())[name].get(value, value)
            )
        return readable_number(value)

    @cached_property
    def _choice_labels(self) -> dict[str, dict[Any, Any]]:
        """The choice labels of the listed columns that have choices, by value."""
        out = {}
        for name in self.list_columns:
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if getattr(field, "choices", None):
                out[name] = dict(field.flatchoices)  # type: ignore[union-attr]
        return out

    @cached_property
    def _translated_labels(self) -> dict[str | None, dict[str, dict[Any, str]]]:
        return {}

    def _labels_in(self, language: str | None) -> dict[str, dict[Any, str]]:
        """The choice labels translated into ``language``: once per language, not per cell."""
        labels = self._translated_labels.get(language)
        if labels is None:
            labels = self._translated_labels[language] = {
                name: {value: str(label) for value, label in choices.items()}
                for name, choices in self._choice_labels.items()
            }
        return labels

    def filter_controls(self, params: Any) -> list[dict[str, Any]]:
        """The list page's select boxes: one per filter, with an "all" option first."""
        from django.db import models as m
        from django.utils.translation import gettext as _

        controls = []
        for name in self.filters:
            field: Any = self.model._meta.get_field(name)
            label = str(field.verbose_name)
            if isinstance(field, m.BooleanField):
                options = [("true", _("yes")), ("false", _("no"))]
            else:
                options = [(str(v), str(lbl)) for v, lbl in field.choices or []]
            controls.append(
                {
                    "name": name,
                    "label": label,
                    "value": params.get(name, ""),
                    "options": [("", f"{label}: {_('all')}"), *options],
                }
            )
        return controls

    def field_label(self, name: str) -> str:
        """A column's heading: its field's name with a capital first letter, unless the name
        sets its own case (``pH`` stays ``pH``)."""
        field: Any = self.model._meta.get_field(name)
        return heading(str(field.verbose_name))


def heading(label: str) -> str:
    """``label`` as a heading: ``residence`` → ``Residence``, ``pH`` and ``COD`` unchanged."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].upper() + label[1:]


def register(ledger: Ledger) -> Ledger:
    if ledger.slug in _registry and _registry[ledger.slug].model is not ledger.model:
        raise ValueError(f"ledger slug {ledger.slug!r} registered twice")
    _registry[ledger.slug] = ledger
    _by_model[ledger.model] = ledger
    return ledger


def ledgers() -> list[Ledger]:
    return list(_registry.values())


def get_ledger(slug: str) -> Ledger:
    return _registry[slug]


def ledger_for_model(model: type[models.Model] | None) -> Ledger | None:
    """The ledger of ``model``'s rows (asked by every scoped query: a dictionary look-up)."""
    return _by_model.get(model)
