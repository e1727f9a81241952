"""Spreadsheet columns of a ledger: how a cell becomes a value and a value becomes a cell.

A column is derived from the model field it names, so the template, the import, the export and
the list agree by construction. Parsers are plain functions (no form per row) so that a 100,000
row sheet validates in seconds.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import (
    DecimalValidator,
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

TRUE_WORDS = {"是", "true", "1", "yes", "y", "t", "√", "✓"}  # what Excel users type
FALSE_WORDS = {"否", "false", "0", "no", "n", "f", ""}


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the user as the reason."""


@dataclass
class Column:
    """One column: the model field it fills and, optionally, how to look a related row up."""

    name: str
    lookup: str = "code"  # for foreign keys: the related field the cell holds
    header_override: str = ""
    model_field: Any = field(default=None, repr=False)
    required: bool = False
    # Filled by bind(): the parser and the formatter for this column.
    parse: Callable[[Any], Any] = field(default=lambda v: v, repr=False)
    format: Callable[[Any], Any] = field(default=lambda v: v, repr=False)

    @cached_property
    def header(self) -> str:
        """The header in Chinese, as the city's templates have it (whatever the UI language)."""
        with translation.override("zh-hans"):
            return self.header_override or str(self.model_field.verbose_name)

    @cached_property
    def header_en(self) -> str:
        with translation.override("en"):
            return str(self.model_field.verbose_name)

    def bind(self, model: type[models.Model]) -> Column:
        f: Any = model._meta.get_field(self.name)
        self.model_field = f
        # An empty cell is an error only where the field has neither a blank value nor a default.
        self.required = (
            not f.blank and not f.has_default() and not isinstance(f, models.BooleanField)
        )
        parse, self.format = _codec_for(f, self)
        self.parse = _checked(parse, f)
        return self

    @property
    def is_relation(self) -> bool:
        return bool(self.model_field.is_relation)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _text_cell(value: Any) -> str:
    return value.strip() if type(value) is str else _text(value)


# Rules the parsers below apply themselves; any other validator of the field (a phone number's
# shape, a date not in the future) runs on each value read, as the form and the API run it.
_PARSERS_CHECK = (MinValueValidator, MaxValueValidator, MaxLengthValidator, DecimalValidator)


def _checked(parse: Callable[[Any], Any], f: Any) -> Callable[[Any], Any]:
    if f.is_relation or f.choices:
        return parse
    rules = [v for v in f.validators if not isinstance(v, _PARSERS_CHECK)]
    if not rules:
        return parse

    def parse_and_check(cell: Any) -> Any:
        value = parse(cell)
        if value is None or value == "":
            return value
        try:
            for rule in rules:
                rule(value)
        except ValidationError as exc:
            raise CellError("; ".join(exc.messages)) from None
        return value

    return parse_and_check


def _codec_for(f: Any, column: Column) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    if f.choices:
        return _choice_codec(f)
    if isinstance(f, models.BooleanField):
        return _parse_bool, lambda v: _("yes") if v else _("no")
    if isinstance(f, models.IntegerField | models.PositiveIntegerField):
        return _int_parser(f), lambda v: "" if v is None else v
    if isinstance(f, models.DecimalField):
        return _decimal_parser(f), lambda v: "" if v is None else float(v)
    if isinstance(f, models.FloatField):
        return _float_parser(f), lambda v: "" if v is None else float(v)
    if isinstance(f, models.DateField):
        return _parse_date, lambda v: v.isoformat() if v else ""
    if f.is_relation:
        return _text_cell, lambda v: ""  # resolved by the importer through a lookup table
    return _text_parser(f), lambda v: v or ""


def _choice_codec(f: Any) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    cache: dict[str, Any] = {}

    def labels() -> dict[str, Any]:
        """Values by value, Chinese label and English label (built once, on first use)."""
        if not cache:
            for value, label in f.choices:
                cache[str(value).lower()] = value
                for lang in ("zh-hans", "en"):
                    with translation.override(lang):
                        cache[str(label).strip().lower()] = value
        return cache

    def parse(cell: Any) -> Any:
        text = cell.strip() if type(cell) is str else _text(cell)
        if text == "":
            return None
        value = (cache or labels()).get(text.lower())
        if value is None:
            allowed = "、".join(str(label) for _v, label in f.choices)
            raise CellError(
                _("“%(value)s” is not one of: %(allowed)s") % {"value": text, "allowed": allowed}
            )
        return value

    def fmt(value: Any) -> str:
        return str(dict(f.choices).get(value, value)) if value not in (None, "") else ""

    return parse, fmt


def _parse_bool(cell: Any) -> bool:
    if isinstance(cell, bool):
        return cell
    text = (cell.strip() if type(cell) is str else _text(cell)).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(_("“%(value)s” is not yes/no (是/否)") % {"value": text})


def _bounds(f: Any) -> tuple[float | None, float | None]:
    low = high = None
    for v in f.validators:
        if isinstance(v, MinValueValidator):
            low = v.limit_value
        if isinstance(v, MaxValueValidator):
            high = v.limit_value
    if isinstance(f, models.PositiveIntegerField | models.PositiveSmallIntegerField):
        low = 0 if low is None else max(low, 0)
    return low, high


def _check_bounds(value: float, low: float | None, high: float | None) -> None:
    if low is not None and value < low:
        raise CellError(_("must be at least %(low)s") % {"low": low})
    if high is not None and value > high:
        raise CellError(_("must be at most %(high)s") % {"high": high})


def _int_parser(f: Any) -> Callable[[Any], int | None]:
    low, high = _bounds(f)

    def parse(cell: Any) -> int | None:
        if type(cell) is float and cell.is_integer():  # what a workbook's number cell gives
            value = int(cell)
            if (low is None or value >= low) and (high is None or value <= high):
                return value
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            return None
        if isinstance(cell, bool):
            raise CellError(_("must be a whole number"))
        if isinstance(cell, float):
            if not cell.is_integer():
                raise CellError(_("must be a whole number"))
            value = int(cell)
        elif isinstance(cell, int):
            value = cell
        else:
            text = str(cell).strip().replace(",", "")
            try:
                value = int(text)
            except ValueError:
                try:
                    as_float = float(text)
                except ValueError:
                    raise CellError(_("“%(value)s” is not a number") % {"value": text}) from None
                if not as_float.is_integer():
                    raise CellError(_("must be a whole number")) from None
                value = int(as_float)
        _check_bounds(value, low, high)
        return value

    return parse


def _float_parser(f: Any) -> Callable[[Any], float | None]:
    low, high = _bounds(f)

    def parse(cell: Any) -> float | None:
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            return None
        try:
            value = float(str(cell).strip().replace(",", ""))
        except ValueError:
            raise CellError(_("“%(value)s” is not a number") % {"value": cell}) from None
        if not math.isfinite(value):
            raise CellError(_("“%(value)s” is not a number") % {"value": cell})
        _check_bounds(value, low, high)
        return value

    return parse


def _decimal_parser(f: Any) -> Callable[[Any], Decimal | None]:
    """An amount as the column keeps it: its decimal places, no more digits than it holds
    (a 1e30 subsidy was stored on SQLite and every page reading the row answered 500), and as
    a Decimal, so an unchanged re-import compares equal (1200.0 read 1200.00 → 1200.0)."""
    low, high = _bounds(f)
    places = Decimal(1).scaleb(-f.decimal_places)
    largest = Decimal(10) ** (f.max_digits - f.decimal_places) - places

    def parse(cell: Any) -> Decimal | None:
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            return None
        # A workbook's number cell is a float: rounded past any binary noise of a formula
        # (1234.5600000000001), its shortest form is what the user typed.
        text = repr(round(cell, 9)) if type(cell) is float else str(cell).strip().replace(",", "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise CellError(_("“%(value)s” is not a number") % {"value": cell}) from None
        if not value.is_finite():
            raise CellError(_("“%(value)s” is not a number") % {"value": cell})
        if abs(value) > largest:
            raise CellError(_("must be at most %(high)s") % {"high": largest})
        rounded = value.quantize(places)
        if rounded != value:
            raise CellError(_("at most %(n)s decimal places") % {"n": f.decimal_places})
        value = rounded
        _check_bounds(float(value), low, high)
        return value

    return parse


def _parse_date(cell: Any) -> datetime.date | None:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = str(cell).strip().replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CellError(_("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": cell}) from None


def _text_parser(f: Any) -> Callable[[Any], str]:
    max_length = getattr(f, "max_length", None)

    def parse(cell: Any) -> str:
        text = cell.strip() if type(cell) is str else _text(cell)
        if max_length and len(text) > max_length:
            raise CellError(_("longer than %(n)s characters") % {"n": max_length})
        return text

    return parse
