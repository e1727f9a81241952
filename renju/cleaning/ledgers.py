"""The cleaning ledgers' declarations (S3, S15)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from renju.accounts.choices import OrganisationKind
from renju.core.formats import month_label
from renju.core.ledgers import Ledger, register
from renju.core.masking import mask_name, mask_phone
from renju.regions.choices import Level

from .choices import DocumentKind, Employer
from .models import (
    Campaign,
    CampaignVillage,
    Cleaner,
    CleaningContract,
    CleaningDocument,
    Finding,
    Inspection,
    ScoreItem,
    StaffingNorm,
    WagePayment,
)

COMPANY_KINDS = frozenset({OrganisationKind.CLEANING_COMPANY, OrganisationKind.SERVICE_COMPANY})


def _under(region: Any, ancestor: Any) -> bool:
    return ancestor.pk in {region.pk, *region.ancestor_ids()}


def validate_document(values: dict[str, Any]) -> dict[str, str]:
    """Town rules sit at a town, a village standard at a village."""
    kind, region = values.get("kind"), values.get("region")
    if region is None:
        return {}
    if kind == DocumentKind.TOWN_RULES and region.level != Level.TOWN:
        return {"region": _("town rules belong to a town (9 digits)")}
    if kind == DocumentKind.VILLAGE_STANDARD and region.level != Level.VILLAGE:
        return {"region": _("a village standard belongs to a village (12 digits)")}
    return {}


def validate_item(values: dict[str, Any]) -> dict[str, str]:
    """A checklist item of rules or a standard sits where the document does."""
    document, region = values.get("document"), values.get("region")
    if document is not None and region is not None and document.region_id != region.pk:
        return {
            "region": _("must be the region of the rules or standard (%(code)s)")
            % {"code": document.region.code}
        }
    return {}


def validate_campaign(values: dict[str, Any]) -> dict[str, str]:
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:
        return {"ends_on": _("must not be before the start")}
    return {}


def validate_campaign_village(values: dict[str, Any]) -> dict[str, str]:
    """The village lies under the campaign's region."""
    campaign, region = values.get("campaign"), values.get("region")
    if campaign is not None and region is not None and not _under(region, campaign.region):
        return {
            "region": _("must lie in the campaign's region (%(code)s)")
            % {"code": campaign.region.code}
        }
    return {}


def validate_contract(values: dict[str, Any]) -> dict[str, str]:
    errors = validate_campaign(values)
    company = values.get("company")
    if company is not None and company.kind not in COMPANY_KINDS:
        errors["company"] = _("must be a cleaning or service company")
    return errors


def validate_cleaner(values: dict[str, Any]) -> dict[str, str]:
    """A company's cleaner names the company; a contract ends after it starts."""
    errors: dict[str, str] = {}
    if values.get("employer") == Employer.COMPANY and values.get("company") is None:
        errors["company"] = _("name the company that employs the cleaner")
    start, end = values.get("contract_start"), values.get("contract_end")
    if start and end and end < start:
        errors["contract_end"] = _("must not be before the start")
    return errors


def validate_wage(values: dict[str, Any]) -> dict[str, str]:
    """In the cleaner's village; the month is given by its first day; due after the month."""
    errors: dict[str, str] = {}
    cleaner, region = values.get("cleaner"), values.get("region")
    if cleaner is not None and region is not None and cleaner.region_id != region.pk:
        errors["region"] = _("must be the village of the cleaner (%(code)s)") % {
            "code": cleaner.region.code
        }
    month, due = values.get("month"), values.get("due_on")
    if month is not None and month.day != 1:
        errors["month"] = _("give the first day of the month")
    elif month is not None and due is not None and due < month:
        errors["due_on"] = _("must not be before the month")
    return errors


READ_ONLY = frozenset({"view", "export"})

register(
    Ledger(
        model=StaffingNorm,
        slug="cleaner-staffing-norms",
        domain="cleaning",
        icon="people",
        columns=["code", "region", "cleaners_per_thousand", "source"],
        list_columns=["code", "region", "cleaners_per_thousand", "source"],
        search=["code", "source"],
    )
)
register(
    Ledger(
        model=CleaningDocument,
        slug="cleaning-documents",
        domain="cleaning",
        icon="file-earmark-text",
        columns=["code", "region", "kind", "title", "adopted_on", "summary", "is_active"],
        list_columns=["code", "region", "kind", "title", "adopted_on", "is_active"],
        filters=["kind", "is_active"],
        search=["code", "title"],
        sort=["code", "adopted_on"],
        validate_row=validate_document,
    )
)
register(
    Ledger(
        model=ScoreItem,
        slug="cleaning-score-items",
        domain="cleaning",
        icon="list-check",
        columns=[
            "code",
            "region",
            "name",
            "kind",
            "points",
            "document",
            "position",
            "is_active",
            "source",
        ],
        list_columns=["code", "region", "name", "kind", "points", "document", "is_active"],
        filters=["kind", "is_active"],
        search=["code", "name"],
        sort=["code", "position", "points"],
        validate_row=validate_item,
        select_related=("region", "document"),
    )
)
register(
    Ledger(
        model=Campaign,
        slug="cleaning-campaigns",
        domain="cleaning",
        icon="megaphone",
        columns=["code", "region", "name", "kind", "starts_on", "ends_on", "goal"],
        list_columns=["code", "region", "name", "kind", "starts_on", "ends_on"],
        filters=["kind"],
        search=["code", "name"],
        sort=["code", "starts_on"],
        validate_row=validate_campaign,
    )
)
register(
    Ledger(
        model=CampaignVillage,
        slug="cleaning-campaign-villages",
        domain="cleaning",
        icon="geo",
        columns=[
            "code",
            "campaign",
            "region",
            "result",
            "heaps_cleared",
            "garbage_tonnes",
            "participants",
            "note",
        ],
        list_columns=["code", "campaign", "region", "result", "heaps_cleared", "garbage_tonnes"],
        filters=["result"],
        search=["code", "campaign__code"],
        sort=["code", "heaps_cleared", "garbage_tonnes"],
        validate_row=validate_campaign_village,
        select_related=("region", "campaign"),
    )
)
register(
    Ledger(
        model=CleaningContract,
        slug="cleaning-contracts",
        domain="cleaning",
        icon="briefcase",
        columns=[
            "code",
            "region",
            "company",
            "model",
            "scope",
            "price",
            "standard",
            "starts_on",
            "ends_on",
        ],
        list_columns=["code", "region", "company", "model", "price", "starts_on", "ends_on"],
        filters=["model"],
        search=["code", "company__name"],
        sort=["code", "price", "ends_on"],
        validate_row=validate_contract,
        select_related=("region", "company"),
    )
)
register(
    Ledger(
        model=Cleaner,
        slug="cleaners",
        company_services=frozenset({"cleaning"}),
        domain="cleaning",
        icon="person-badge",
        columns=[
            "code",
            "region",
            "name",
            "phone",
            "employer",
            "company",
            "contract_start",
            "contract_end",
            "monthly_wage",
            "wage_due_day",
            "is_active",
        ],
        list_columns=["code", "region", "name", "phone", "employer", "monthly_wage", "is_active"],
        filters=["employer", "is_active"],
        search=["code", "name"],
        sort=["code", "monthly_wage", "contract_start"],
        masks={"name": mask_name, "phone": mask_phone},
        validate_row=validate_cleaner,
    )
)
register(
    Ledger(
        model=WagePayment,
        slug="cleaner-wages",
        company_services=frozenset({"cleaning"}),
        domain="cleaning",
        icon="cash-coin",
        columns=["code", "cleaner", "region", "month", "amount", "due_on", "paid_on"],
        list_columns=["code", "cleaner", "region", "month", "amount", "due_on", "paid_on"],
        search=["code", "cleaner__code"],
        sort=["code", "month", "due_on", "paid_on"],
        formats={"month": month_label},
        validate_row=validate_wage,
        select_related=("region", "cleaner"),
    )
)
register(
    Ledger(
        model=Inspection,
        slug="cleaning-inspections",
        company_services=frozenset({"cleaning"}),
        domain="cleaning",
        icon="clipboard-check",
        columns=["code", "region", "inspected_on", "inspector_name", "campaign", "note"],
        list_columns=["code", "region", "inspected_on", "inspector_name", "score", "finding_count"],
        search=["code", "inspector_name"],
        sort=["code", "inspected_on", "score"],
        actions=READ_ONLY,
    )
)
register(
    Ledger(
        model=Finding,
        slug="cleaning-findings",
        company_services=frozenset({"cleaning"}),
        domain="cleaning",
        icon="exclamation-diamond",
        columns=["code", "inspection", "region", "item", "kind", "points", "description", "status"],
        list_columns=["code", "region", "item", "kind", "points", "status", "rectified_on"],
        filters=["kind", "status"],
        search=["code", "description"],
        sort=["code", "points"],
        lookups={"item": "code"},
        actions=READ_ONLY,
        select_related=("region", "item"),
    )
)
