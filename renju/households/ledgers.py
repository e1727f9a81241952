"""The household ledger's declaration."""

from typing import Any

from django.utils.translation import gettext as _

from renju.core.ledgers import Ledger, register
from renju.core.masking import mask_name, mask_phone

from .models import Household


def _former_village_codes(region: Any) -> set[str]:
    """Codes of the villages that ``region``'s village replaced (merged, split or recoded away).

    Households keep the code they were registered under when a region change moves them.
    """
    from renju.regions.models import Region

    codes: set[str] = set()
    seen: set[int] = set()
    frontier = {region.village_id} - {None}
    while frontier:
        seen |= frontier
        sources = Region.objects.filter(level=5, changes_out__targets__in=frontier).distinct()
        codes |= {r.code for r in sources}
        frontier = {r.pk for r in sources} - seen
    return codes


def validate_row(values: dict[str, Any]) -> dict[str, str]:
    """A household's code must start with the code of the village it sits in (or it was
    registered in, for households moved there by a region change)."""
    region = values.get("region")
    code = values.get("code") or ""
    prefix = region.code[:12] if region is not None else ""
    if prefix and not code.startswith(prefix) and code[:12] not in _former_village_codes(region):
        return {"code": _("must start with the village code %(code)s") % {"code": prefix}}
    if not (code.isascii() and code.isdigit()) or len(code) not in (16, 19):
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
