"""The household ledger's declaration."""

from typing import Any

from django.utils.translation import gettext as _

from renju.core.ledgers import Ledger, register
from renju.core.masking import mask_name, mask_phone

from .models import Household


def validate_row(values: dict[str, Any]) -> dict[str, str]:
    """A household's code must start with the code of the village it sits in."""
    region = values.get("region")
    code = values.get("code") or ""
    if region is not None and not code.startswith(region.code[:12]):
        return {"code": _("must start with the village code %(code)s") % {"code": region.code[:12]}}
    if not code.isdigit() or len(code) not in (16, 19):
        return {"code": _("must be 16 digits (village code + 4 digits)")}
    return {}


households = register(
    Ledger(
        model=Household,
        slug="households",
        domain="households",
        icon="house",
        columns=["code", "region", "head_name", "phone", "members", "status", "low_income"],
        list_columns=["code", "region", "head_name", "phone", "members", "status", "low_income"],
        filters=["status", "low_income"],
        search=["code", "head_name"],
        sort=["code", "members", "updated_at"],
        masks={"head_name": mask_name, "phone": mask_phone},
        validate_row=validate_row,
    )
)
