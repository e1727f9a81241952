"""Row factories of the cleaning ledgers for the permission matrix."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from renju.accounts.choices import OrganisationKind
from renju.accounts.models import Organisation
from renju.core.testing.matrix import RowFactory
from renju.regions.models import Region

from ..choices import CampaignKind, DocumentKind, Employer, ItemKind
from ..models import (
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

DAY = datetime.date(2026, 3, 1)


def _norm(region: Region, n: int) -> StaffingNorm:
    return StaffingNorm(
        code=f"T-PM-NORM-{region.code}-{n}",
        region=region,
        cleaners_per_thousand=Decimal("2.50"),
        source="测试来源",
    )


def _document(region: Region, n: int) -> CleaningDocument:
    return CleaningDocument(
        code=f"T-PM-DOC-{region.code}-{n}",
        region=region,
        kind=DocumentKind.VILLAGE_STANDARD,
        title="测试村庄保洁标准",
        adopted_on=DAY,
    )


def _item(region: Region, n: int) -> ScoreItem:
    document, _created = CleaningDocument.objects.get_or_create(
        code=f"T-PM-DOCI-{region.code}",
        defaults={
            "region": region,
            "kind": DocumentKind.VILLAGE_STANDARD,
            "title": "测试村庄保洁标准",
            "adopted_on": DAY,
        },
    )
    return ScoreItem(
        code=f"T-PM-ITEM-{region.code}-{n}",
        document=document,
        region=region,
        name="测试检查项",
        kind=ItemKind.WEAK_SPOT,
        points=Decimal("5.0"),
    )


def _campaign(region: Region, n: int) -> Campaign:
    return Campaign(
        code=f"T-PM-CAMP-{region.code}-{n}",
        region=region,
        name="测试清洁行动",
        kind=CampaignKind.SPRING,
        starts_on=DAY,
        ends_on=DAY + datetime.timedelta(days=30),
    )


def _campaign_village(region: Region, n: int) -> CampaignVillage:
    town = region.town
    assert town is not None
    campaign, _created = Campaign.objects.get_or_create(
        code=f"T-PM-CAMPV-{town.code}",
        defaults={
            "region": town,
            "name": "测试清洁行动",
            "kind": CampaignKind.THREE_CLEAN,
            "starts_on": DAY,
            "ends_on": DAY,
        },
    )
    return CampaignVillage(code=f"T-PM-CV-{region.code}-{n}", campaign=campaign, region=region)


def _company(region: Region) -> Organisation:
    county = region.county
    assert county is not None
    org, _created = Organisation.objects.get_or_create(
        code=f"T-PM-CLEAN-{county.code}",
        defaults={
            "name": f"矩阵测试保洁公司{county.code}",
            "kind": OrganisationKind.CLEANING_COMPANY,
            "region": county,
        },
    )
    return org


def _contract(region: Region, n: int) -> CleaningContract:
    return CleaningContract(
        code=f"T-PM-CON-{region.code}-{n}",
        region=region,
        company=_company(region),
        scope="清扫保洁",
        price=Decimal("30000.00"),
        starts_on=DAY,
        ends_on=DAY + datetime.timedelta(days=365),
    )


def _cleaner(region: Region, n: int) -> Cleaner:
    return Cleaner(
        code=f"T-PM-CLR-{region.code}-{n}",
        region=region,
        name="王保洁",
        phone="13912345678",
        employer=Employer.COMPANY,
        company=_company(region),
        contract_start=DAY,
        monthly_wage=Decimal("1500.00"),
    )


def _wage(region: Region, n: int) -> WagePayment:
    cleaner, _created = Cleaner.objects.get_or_create(
        code=f"T-PM-CLRW-{region.code}",
        defaults={
            "region": region,
            "name": "李保洁",
            "contract_start": DAY,
            "monthly_wage": Decimal("1500.00"),
        },
    )
    month = datetime.date(2025, 1 + n % 12, 1)
    return WagePayment(
        code=f"T-PM-WAGE-{region.code}-{n}",
        cleaner=cleaner,
        region=region,
        month=month,
        amount=Decimal("1500.00"),
        due_on=month + datetime.timedelta(days=40),
        paid_on=month + datetime.timedelta(days=38),
    )


def _inspection(region: Region, n: int) -> Inspection:
    campaign, _created = Campaign.objects.get_or_create(
        code=f"T-PM-CAMPX-{region.code}",
        defaults={
            "region": region,
            "name": "测试村清洁日",
            "kind": CampaignKind.OTHER,
            "starts_on": DAY,
            "ends_on": DAY,
        },
    )
    return Inspection(
        code=f"T-PM-XJ-{region.code}-{n}",
        campaign=campaign,
        region=region,
        inspected_on=DAY,
        inspector_name="测试督查员",
    )


def _finding(region: Region, n: int) -> Finding:
    inspection, _created = Inspection.objects.get_or_create(
        code=f"T-PM-XJF-{region.code}",
        defaults={"region": region, "inspected_on": DAY, "inspector_name": "测试督查员"},
    )
    item, _created = ScoreItem.objects.get_or_create(
        code=f"T-PM-ITEMF-{region.code}",
        defaults={"region": region, "name": "测试项", "kind": ItemKind.HEAP, "points": 5},
    )
    return Finding(
        code=f"T-PM-FND-{region.code}-{n}",
        region=region,
        inspection=inspection,
        item=item,
        kind=item.kind,
        points=item.points,
    )


FACTORIES: dict[str, Any] = {
    "cleaner-staffing-norms": RowFactory(_norm, {"cleaners_per_thousand": "3.00"}),
    "cleaning-documents": RowFactory(_document, {"title": "修订后的村庄保洁标准"}),
    "cleaning-score-items": RowFactory(_item, {"points": "7.0"}),
    "cleaning-campaigns": RowFactory(_campaign, {"name": "改名后的清洁行动"}),
    "cleaning-campaign-villages": RowFactory(_campaign_village, {"heaps_cleared": "12"}),
    "cleaning-contracts": RowFactory(_contract, {"price": "45000.00"}),
    "cleaners": RowFactory(_cleaner, {"monthly_wage": "1900.00"}),
    "cleaner-wages": RowFactory(_wage, {"paid_on": "2025-02-20"}),
    "cleaning-inspections": RowFactory(_inspection, {"note": "复查"}),
    "cleaning-findings": RowFactory(_finding, {"description": "已整改"}),
}
