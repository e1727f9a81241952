"""Forms for signing in and for administrators managing users and organisations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from renju.core.ledgers.forms import RegionCodeField
from renju.regions.choices import Level
from renju.regions.models import Region

from .choices import MANAGE_USERS, OrganisationKind, Role
from .models import Organisation, RoleGrant, User

# A grant or an organisation's seat is a unit of any level, typed as its code (the ledgers'
# rows sit in villages: their own message asks for a 12- or 15-digit code).
UNIT_CODE_HELP = _("The unit's code: 6 digits for a county, 9 for a town, 12 for a village.")
UNIT_CODE_ERROR = _("No such unit in your area: check the code (6, 9 or 12 digits).")


class LoginForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control form-control-lg"


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class OrganisationChoiceField(forms.ModelChoiceField):
    """Organisations by name, with the town for a village's committee: a county has villages
    of the same name in different towns (two 六和新村村委会 in 东昌府区)."""

    def label_from_instance(self, obj: Any) -> str:
        region = obj.region
        if region is not None and region.level >= Level.VILLAGE and region.parent is not None:
            return f"{obj.name}（{region.parent.name}）"
        return str(obj.name)


class UserForm(forms.ModelForm[User]):
    """A user of an organisation the administrator manages, with one role grant."""

    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
    region = RegionCodeField(
        queryset=Region.objects.none(),
        to_field_name="code",
        label=_("region"),
        help_text=UNIT_CODE_HELP,
        error_messages={"invalid_choice": UNIT_CODE_ERROR},
    )
    organisation = OrganisationChoiceField(
        label=User._meta.get_field("organisation").verbose_name,
        queryset=Organisation.objects.none(),
    )
    password = forms.CharField(
        label=_("initial password"),
        widget=forms.PasswordInput,
        required=False,
        help_text=_("Leave empty to keep the current password."),
    )

    class Meta:
        model = User
        fields = ["username", "display_name", "phone", "organisation", "is_active"]

    def __init__(self, *args: Any, admin: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.restrict(admin, MANAGE_USERS)
            .select_related("region__parent")
            .order_by("name", "region__code")
        )
        self.fields["organisation"].required = True
        self.fields["region"].queryset = Region.objects.current().within(admin, MANAGE_USERS)  # type: ignore[attr-defined]
        if self.instance.pk:
            grant = self.instance.grants.first()
            if grant:
                self.initial.update(role=grant.role, region=grant.region.code)
        else:
            self.fields["password"].required = True
            # A new user has no password to keep: the rules it must meet instead.
            self.fields["password"].help_text = password_validators_help_text_html()
        _style(self)

    def clean_username(self) -> str:
        """Names that differ only in upper and lower case are the same name to people."""
        username: str = self.cleaned_data["username"]
        taken = User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _(
                    "A user with this name already exists (names that differ only in upper "
                    "and lower case count as the same)."
                )
            )
        return username

    def clean_password(self) -> str:
        password: str = self.cleaned_data.get("password") or ""
        if password:
            from django.contrib.auth.password_validation import validate_password

            validate_password(password, self.instance)
        return password


class OrganisationForm(forms.ModelForm[Organisation]):
    region = RegionCodeField(
        queryset=Region.objects.none(),
        to_field_name="code",
        label=_("region"),
        help_text=UNIT_CODE_HELP,
        error_messages={"invalid_choice": UNIT_CODE_ERROR},
    )

    class Meta:
        model = Organisation
        fields = ["code", "name", "kind", "department", "region", "phone", "is_active"]

    def __init__(self, *args: Any, admin: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.current().within(admin, MANAGE_USERS)  # type: ignore[attr-defined]
        _style(self)

    def clean(self) -> dict[str, Any]:
        """A village committee sits in its village (one was seated at a county, unnoticed)."""
        data = super().clean() or {}
        region = data.get("region")
        if (
            data.get("kind") == OrganisationKind.VILLAGE_COMMITTEE
            and region is not None
            and region.level != Level.VILLAGE
        ):
            self.add_error("region", _("A village committee is seated in its village."))
        return data


__all__ = ["LoginForm", "OrganisationForm", "RoleGrant", "UserForm"]
