"""The livestock ledgers' declarations."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from renju.core.ledgers import Ledger, register

from .models import DeadAnimalDisposal, Farm, HouseholdLivestock, ManureUtilisation


def validate_farm_record(values: dict[str, Any]) -> dict[str, str]:
    """A record naming a farm sits in the farm's village (and, with a species, is of it)."""
    farm, region = values.get("farm"), values.get("region")
    errors: dict[str, str] = {}
    if farm is None:
        return errors
    if region is not None and region.village_id != farm.village_id:
        errors["region"] = _("must be the village of the farm (%(code)s)") % {
            "code": farm.region.code
        }
    species = values.get("species")
    if species and species != farm.species:
        errors["species"] = _("must be the farm's species (%(species)s)") % {
            "species": farm.get_species_display()
        }
    return errors


farms = register(
    Ledger(
        model=Farm,
        slug="livestock-farms",
        domain="livestock",
        icon="house-gear",
        columns=[
            "code",
            "name",
            "region",
            "operator",
            "species",
            "head_count",
            "capacity",
            "storage_m3",
            "facilities",
            "status",
        ],
        list_columns=["code", "name", "region", "operator", "species", "head_count", "status"],
        filters=["species", "status"],
        search=["code", "name", "operator"],
        sort=["code", "name", "head_count", "updated_at"],
    )
)

household_livestock = register(
    Ledger(
        model=HouseholdLivestock,
        slug="household-livestock",
        domain="livestock",
        icon="piggy-bank",
        columns=["code", "region", "species", "head_count", "households", "counted_on"],
        list_columns=["code", "region", "species", "head_count", "households", "counted_on"],
        filters=["species"],
        search=["code"],
        sort=["code", "head_count", "counted_on"],
    )
)

manure_utilisation = register(
    Ledger(
        model=ManureUtilisation,
        slug="manure-utilisation",
        company_services=frozenset({"manure"}),
        domain="livestock",
        icon="recycle",
        columns=[
            "code",
            "region",
            "farm",
            "species",
            "utilised_on",
            "method",
            "quantity_t",
            "receiver",
            "note",
        ],
        list_columns=["code", "region", "farm", "species", "utilised_on", "method", "quantity_t"],
        filters=["species", "method"],
        search=["code", "receiver", "farm__code"],
        sort=["code", "utilised_on", "quantity_t"],
        validate_row=validate_farm_record,
        select_related=("region", "farm"),
    )
)

dead_animal_disposals = register(
    Ledger(
        model=DeadAnimalDisposal,
        slug="dead-animal-disposals",
        domain="livestock",
        icon="shield-check",
        columns=[
            "code",
            "region",
            "farm",
            "disposed_on",
            "species",
            "count",
            "method",
            "disposer",
            "note",
        ],
        list_columns=["code", "region", "farm", "disposed_on", "species", "count", "method"],
        filters=["species", "method"],
        search=["code", "disposer", "farm__code"],
        sort=["code", "disposed_on", "count"],
        validate_row=validate_farm_record,
        select_related=("region", "farm"),
    )
)
