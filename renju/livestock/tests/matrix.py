"""Row factories of the livestock ledgers for the permission matrix."""

from __future__ import annotations

import datetime
from decimal import Decimal

from renju.core.testing.matrix import RowFactory
from renju.regions.models import Region

from ..choices import Species
from ..models import DeadAnimalDisposal, Farm, HouseholdLivestock, ManureUtilisation

SPECIES = list(Species)


def _farm(region: Region, n: int) -> Farm:
    return Farm(
        code=f"T-PM-LF-{region.code}-{n}",
        name=f"矩阵测试养殖场{n}",
        region=region,
        operator="测试牧业有限公司",
        species=Species.PIG,
        head_count=800,
        status="active",
    )


def _household_livestock(region: Region, n: int) -> HouseholdLivestock:
    return HouseholdLivestock(
        code=f"T-PM-HL-{region.code}-{n}",
        region=region,
        species=SPECIES[n % len(SPECIES)],
        head_count=40,
    )


def _test_farm(region: Region) -> Farm:
    farm, _created = Farm.objects.get_or_create(
        code=f"T-PM-LFX-{region.code}",
        defaults={
            "name": "矩阵测试记录养殖场",
            "region": region,
            "operator": "测试",
            "species": Species.PIG,
            "head_count": 500,
        },
    )
    return farm


def _utilisation(region: Region, n: int) -> ManureUtilisation:
    return ManureUtilisation(
        code=f"T-PM-MU-{region.code}-{n}",
        region=region,
        farm=_test_farm(region),
        species=Species.PIG,
        utilised_on=datetime.date(2026, 3, 1),
        method="composting",
        quantity_t=Decimal("12.50"),
        receiver="测试合作社",
    )


def _disposal(region: Region, n: int) -> DeadAnimalDisposal:
    return DeadAnimalDisposal(
        code=f"T-PM-DD-{region.code}-{n}",
        region=region,
        farm=_test_farm(region),
        disposed_on=datetime.date(2026, 3, 2),
        species=Species.PIG,
        count=3,
        method="rendering",
        disposer="测试无害化处理中心",
    )


FACTORIES = {
    "livestock-farms": RowFactory(_farm, {"head_count": "1200"}),
    "household-livestock": RowFactory(_household_livestock, {"head_count": "55"}),
    "manure-utilisation": RowFactory(_utilisation, {"quantity_t": "20.00"}),
    "dead-animal-disposals": RowFactory(_disposal, {"count": "7"}),
}
