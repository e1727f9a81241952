"""Forms of the case pages: one small form per step, photos checked before any action runs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renju.accounts.choices import SERVICE_AREA_KINDS, Role
from renju.accounts.models import Organisation, User

from . import routing
from .photos import validate_photo

MAX_PHOTOS = 6


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; each must be a real image of an accepted type and size."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"accept": "image/*", "multiple": True})

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if self.required and not files:
            raise forms.ValidationError(_("Add at least one photo."), code="required")
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("At most %(count)s photos.") % {"count": MAX_PHOTOS}, code="too_many"
            )
        return [check_photo(super(PhotosField, self).clean(f, initial)) for f in files]


def check_photo(upload: UploadedFile) -> UploadedFile:
    """Refuse what is not a JPEG, PNG or WebP image within the size limit (by content)."""
    validate_photo(upload)
    return upload


def style_large(form: forms.Form) -> None:
    """Big Bootstrap inputs for the phone forms (thumb-sized at 390 px)."""
    for field in form.fields.values():
        widget = field.widget
        css = "form-select form-select-lg" if isinstance(widget, forms.Select) else "form-control"
        if not isinstance(widget, forms.Select | forms.FileInput):
            css += " form-control-lg"
        widget.attrs.setdefault("class", css)


class NoteForm(forms.Form):
    """A step with an optional note (accept, start, close)."""

    note = forms.CharField(
        label=gettext_lazy("note"), required=False, max_length=1000, widget=forms.Textarea
    )


class ReasonForm(forms.Form):
    """A step that needs a reason (reject, reopen) or a text (comment)."""

    reason = forms.CharField(label=gettext_lazy("reason"), max_length=300)


class CommentForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("comment"), max_length=1000, widget=forms.Textarea)


class ConfirmForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("rating"),
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        coerce=int,
    )
    comment = forms.CharField(label=gettext_lazy("comment"), required=False, max_length=300)


def assignable_organisations(user: Any, case: Any) -> Any:
    """The organisations an official may give the case to: the government bodies and village
    committees seated in her scope, the companies with an active service area covering the
    case's place for the category's service (``routing.serves``: a company seated in the
    county is not offered in the towns it does not serve), and the current one."""
    scoped = Organisation.objects.exclude(kind__in=SERVICE_AREA_KINDS).restrict(user).values("pk")
    serving = routing.serving_organisations(case.category, case.region).values("pk")
    return (
        Organisation.objects.filter(is_active=True)
        .filter(
            models.Q(pk__in=scoped)
            | models.Q(pk__in=serving)
            | models.Q(pk=case.assigned_org_id or 0)
        )
        .order_by("kind", "name")
    )


class AssignForm(forms.Form):
    """An official gives the case to a body of her scope or a company serving the place."""

    organisation = forms.ModelChoiceField(
        label=gettext_lazy("responsible organisation"), queryset=Organisation.objects.none()
    )
    note = forms.CharField(label=gettext_lazy("note"), required=False, max_length=1000)

    def __init__(self, *args: Any, user: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        field.queryset = assignable_organisations(user, case)


def crew_of(organisation_id: int | None) -> Any:
    """The active field workers of an organisation."""
    if organisation_id is None:
        return User.objects.none()
    return (
        User.objects.filter(
            organisation_id=organisation_id, is_active=True, grants__role=Role.FIELD_WORKER
        )
        .distinct()
        .order_by("display_name", "username")
    )


class CrewChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class DispatchForm(forms.Form):
    """The dispatcher picks one of the organisation's field workers."""

    crew_member = CrewChoiceField(label=gettext_lazy("crew member"), queryset=User.objects.none())
    note = forms.CharField(label=gettext_lazy("note"), required=False, max_length=1000)

    def __init__(self, *args: Any, organisation_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["crew_member"]
        field.queryset = crew_of(organisation_id)


class ResolveForm(forms.Form):
    """The crew reports the fix: a note and photos."""

    note = forms.CharField(
        label=gettext_lazy("what was done"), max_length=1000, widget=forms.Textarea
    )
    photos = PhotosField(label=gettext_lazy("photos"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_large(self)


class PumpOutForm(forms.Form):
    """The pump-out record that completes a "toilet full" case."""

    volume = forms.DecimalField(
        label=gettext_lazy("volume (m³)"),
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    destination = forms.ChoiceField(label=gettext_lazy("sludge went to"), choices=[])
    destination_org = forms.ModelChoiceField(
        label=gettext_lazy("received by"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    site = forms.CharField(
        label=gettext_lazy("name of the treatment site"), max_length=100, required=False
    )
    fee = forms.DecimalField(
        label=gettext_lazy("household fee (yuan)"),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0"),
        initial=Decimal("0"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    subsidy = forms.DecimalField(
        label=gettext_lazy("subsidy (yuan)"),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0"),
        initial=Decimal("0"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    photos = PhotosField(label=gettext_lazy("photos"), required=True)
    note = forms.CharField(label=gettext_lazy("note"), required=False, max_length=1000)

    def __init__(self, *args: Any, receivers: Any, **kwargs: Any) -> None:
        from renju.toilets.choices import SludgeDestination

        super().__init__(*args, **kwargs)
        destination: Any = self.fields["destination"]
        destination.choices = SludgeDestination.choices
        org: Any = self.fields["destination_org"]
        org.queryset = receivers
        style_large(self)

    def clean(self) -> dict[str, Any]:
        from renju.toilets.choices import SludgeDestination

        data = super().clean() or {}
        destination = data.get("destination")
        if destination == SludgeDestination.REUSE and not data.get("destination_org"):
            self.add_error(
                "destination_org", _("Choose the cooperative or family farm that took the sludge.")
            )
        if destination == SludgeDestination.TREATMENT and not (data.get("site") or "").strip():
            self.add_error("site", _("Give the name of the treatment site."))
        data["fee"] = data.get("fee") or Decimal("0")
        data["subsidy"] = data.get("subsidy") or Decimal("0")
        return data
