"""The phone forms of the daily records: a collection (村收) and a weighbridge ticket (镇运).

Each form carries a one-time ``key`` (made when the page is drawn): the record functions return
the first row for a key they have seen, so a double tap or a retried submission adds nothing.
Choices are the reference rows (stations, plants, vehicles) of the counties the user works in.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renju.core.scoping import ADD, scope_regions
from renju.core.widgets import DatePicker
from renju.regions.choices import Level
from renju.regions.models import Region

from .choices import FacilityStatus
from .models import (
    TRANSFER_MAX_KG,
    Collection,
    Transfer,
    TransferStation,
    TreatmentPlant,
    WasteVehicle,
)

VILLAGE_SELECT_LIMIT = 300  # more villages in scope than this: the village is typed as its code


def reference_q(user: Any, action: str = ADD) -> Q:
    """The counties (or the city) the user's grants for ``action`` lie in, as a row filter."""
    regions = scope_regions(user, action)
    if regions is None:
        return Q()
    q = Q(pk__in=[])
    for region in regions:
        if region.level <= Level.PROVINCE:
            q |= Q(region__code__startswith=region.code)
        elif region.level == Level.CITY:
            q |= Q(city_id=region.pk)
        else:
            q |= Q(county_id=region.county_id)
    return q


def reference_rows(model: Any, user: Any, action: str = ADD) -> Any:
    """The vehicles, stations or plants of the user's counties, not closed: her own first (a
    town's official finds her town's station and vehicles at the top), then the county's."""
    rows = model.objects.filter(reference_q(user, action)).exclude(status=FacilityStatus.CLOSED)
    own = model.objects.restrict(user, action).filter(pk=OuterRef("pk"))
    return rows.select_related("region").annotate(own=Exists(own)).order_by("-own", "code")


def _rules(model: Any, name: str) -> list[Any]:
    """A model field's validators, for a plain form's field that fills it."""
    return list(model._meta.get_field(name).validators)


class _Choice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = getattr(obj, "name", "")
        return f"{name} ({obj.code})" if name else obj.code


def new_key() -> str:
    return uuid.uuid4().hex


class _RecordForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=40)
    time = forms.TimeField(
        label=_("time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", f"{css} form-control-lg")


class CollectionForm(_RecordForm):
    village: forms.ModelChoiceField[Region] = forms.ModelChoiceField(
        label=_("village"), queryset=None
    )
    # The model fields' own rules (a day done: today at the latest; a plausible weight).
    collected_on = forms.DateField(
        label=_("date"), widget=DatePicker(), validators=_rules(Collection, "collected_on")
    )
    weight_kg = forms.IntegerField(
        label=_("weight (kg)"),
        required=False,
        min_value=1,
        validators=_rules(Collection, "weight_kg"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    volume_l = forms.IntegerField(
        label=_("volume (l)"),
        required=False,
        min_value=1,
        validators=_rules(Collection, "volume_l"),
        help_text=_("Only the volume? The weight is estimated from it."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    vehicle = _Choice(label=_("vehicle"), required=False, queryset=None)
    station = _Choice(
        label=_("taken to transfer station"),
        required=False,
        queryset=None,
    )
    plant = _Choice(label=_("or straight to plant"), required=False, queryset=None)
    code = forms.CharField(
        label=_("collection slip"),
        required=False,
        max_length=32,
        help_text=_("Left blank, it is made from the village code, the date and a sequence."),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = Region.objects.current().filter(level=Level.VILLAGE).within(user, ADD)
        field: Any = self.fields["village"]
        field.queryset = villages.order_by("code")
        field.to_field_name = "code"
        if villages.count() > VILLAGE_SELECT_LIMIT:
            field.widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
            field.help_text = _("The village code (12 digits).")
        else:
            field.label_from_instance = lambda r: f"{r.name} ({r.code})"
            only = list(villages[:2])
            if len(only) == 1:
                self.initial.setdefault("village", only[0].code)
        for name, model in (
            ("vehicle", WasteVehicle),
            ("station", TransferStation),
            ("plant", TreatmentPlant),
        ):
            choice: Any = self.fields[name]
            choice.queryset = reference_rows(model, user)
        self.initial.setdefault("collected_on", timezone.localdate())
        self.initial.setdefault("time", timezone.localtime().strftime("%H:%M"))
        self.initial.setdefault("key", new_key())
        self.style()

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        missing = cleaned.get("weight_kg") is None and cleaned.get("volume_l") is None
        if missing and "weight_kg" not in self.errors and "volume_l" not in self.errors:
            self.add_error("weight_kg", _("Give the weight or the volume."))
        if cleaned.get("station") is not None and cleaned.get("plant") is not None:
            self.add_error("plant", _("Choose the station or the plant, not both."))
        return cleaned


class TransferForm(_RecordForm):
    station = _Choice(label=_("transfer station"), queryset=None)
    plant = _Choice(label=_("treatment plant"), queryset=None)
    transferred_on = forms.DateField(
        label=_("date"), widget=DatePicker(), validators=_rules(Transfer, "transferred_on")
    )
    net_kg = forms.IntegerField(
        label=_("net weight (kg)"),
        min_value=1,
        max_value=TRANSFER_MAX_KG,  # the model's bound, also as the input's max on the phone
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    vehicle = _Choice(label=_("vehicle"), required=False, queryset=None)
    code = forms.CharField(
        label=_("weighbridge ticket"),
        required=False,
        max_length=32,
        help_text=_("Left blank, it is made from the station, the date and a sequence."),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, model in (
            ("vehicle", WasteVehicle),
            ("station", TransferStation),
            ("plant", TreatmentPlant),
        ):
            choice: Any = self.fields[name]
            choice.queryset = reference_rows(model, user)
        stations: Any = self.fields["station"]
        # A station's ticket is written where the station is: only the stations in the scope.
        stations.queryset = stations.queryset.filter(
            pk__in=TransferStation.objects.restrict(user, ADD).values("pk")
        )
        only = list(stations.queryset[:2])
        if len(only) == 1:
            self.initial.setdefault("station", only[0].pk)
        self.initial.setdefault("transferred_on", timezone.localdate())
        self.initial.setdefault("time", timezone.localtime().strftime("%H:%M"))
        self.initial.setdefault("key", new_key())
        self.style()


class OverflowForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=40, required=False)
    description = forms.CharField(
        label=_("what is wrong"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
