"""Row factories of the waste ledgers for the permission matrix."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from renju.accounts.choices import OrganisationKind
from renju.accounts.models import Organisation
from renju.core.testing.matrix import RowFactory
from renju.regions.models import Region

from ..models import (
    Collection,
    CollectionPoint,
    ConstructionSite,
    CropVinePoint,
    OperatorContract,
    OrganicFacility,
    RecyclingPoint,
    RecyclingRecord,
    Transfer,
    TransferStation,
    TreatmentPlant,
    WasteVehicle,
)


def _operator(region: Region) -> Organisation:
    county = region.county
    assert county is not None
    org, _created = Organisation.objects.get_or_create(
        code=f"T-WM-OP-{county.code}",
        defaults={
            "name": f"矩阵测试环卫公司{county.code}",
            "kind": OrganisationKind.SERVICE_COMPANY,
            "region": county,
        },
    )
    return org


def _point(region: Region, n: int) -> Any:
    return CollectionPoint(
        code=f"T-WM-CP-{region.code}-{n}",
        name=f"测试收集点{n}",
        region=region,
        bins=6,
        capacity_m3=Decimal("1.44"),
    )


def _station(region: Region, n: int) -> Any:
    return TransferStation(
        code=f"T-WM-ZZ-{region.code}-{n}", name=f"测试中转站{n}", region=region, capacity_t_day=50
    )


def _plant(region: Region, n: int) -> Any:
    return TreatmentPlant(
        code=f"T-WM-PL-{region.code}-{n}",
        name=f"测试焚烧厂{n}",
        region=region,
        kind="incineration",
        harmless=True,
        capacity_t_day=600,
    )


def _vehicle(region: Region, n: int) -> Any:
    return WasteVehicle(
        code=f"T鲁P{region.code[-5:]}{n}", region=region, kind="compactor", capacity_t=8
    )


def _contract(region: Region, n: int) -> Any:
    return OperatorContract(
        code=f"T-WM-HT-{region.code}-{n}",
        operator=_operator(region),
        region=region,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2028, 12, 31),
        price=Decimal("1200000.00"),
        interval_days=1,
        service_standard="日产日清",
    )


def _vine(region: Region, n: int) -> Any:
    return CropVinePoint(
        code=f"T-WM-GY-{region.code}-{n}", name=f"测试瓜秧点{n}", region=region, capacity_t=30
    )


def _recycling_point(region: Region, n: int) -> Any:
    return RecyclingPoint(code=f"T-WM-HS-{region.code}-{n}", name=f"测试回收点{n}", region=region)


def _recycling_record(region: Region, n: int) -> Any:
    point, _created = RecyclingPoint.objects.get_or_create(
        code=f"T-WM-HSP-{region.code}", defaults={"name": "测试回收点", "region": region}
    )
    return RecyclingRecord(
        code=f"T-WM-HSR-{region.code}-{n}",
        point=point,
        region=region,
        recorded_on=datetime.date(2026, 5, 1),
        material="agricultural_film",
        weight_kg=Decimal("120.5"),
    )


def _site(region: Region, n: int) -> Any:
    return ConstructionSite(
        code=f"T-WM-JZ-{region.code}-{n}",
        name=f"测试建筑垃圾点{n}",
        region=region,
        location="村西",
        capacity_m3=100,
    )


def _organic(region: Region, n: int) -> Any:
    return OrganicFacility(
        code=f"T-WM-YJ-{region.code}-{n}",
        name=f"测试有机处理{n}",
        region=region,
        kind="composting",
        capacity_t_day=30,
    )


def _matrix_station(region: Region) -> TransferStation:
    station, _created = TransferStation.objects.get_or_create(
        code=f"T-WM-ZZM-{region.code}",
        defaults={"name": "矩阵测试中转站", "region": region, "capacity_t_day": 50},
    )
    return station


def _matrix_plant(region: Region) -> TreatmentPlant:
    county = region.county
    assert county is not None
    plant, _created = TreatmentPlant.objects.get_or_create(
        code=f"T-WM-PLM-{county.code}",
        defaults={
            "name": "矩阵测试焚烧厂",
            "region": county,
            "kind": "incineration",
            "capacity_t_day": 600,
        },
    )
    return plant


def _collection(region: Region, n: int) -> Any:
    return Collection(
        code=f"{region.code}200301{n:02d}",
        region=region,
        collected_on=datetime.date(2020, 3, 1),
        time=datetime.time(7, 30),
        weight_kg=420,
        station=_matrix_station(region),
    )


def _transfer(region: Region, n: int) -> Any:
    station = _matrix_station(region)
    return Transfer(
        code=f"T-WM-B-{region.code}-{n}",
        station=station,
        plant=_matrix_plant(region),
        region=station.region,
        transferred_on=datetime.date(2020, 3, 1),
        time=datetime.time(14, 5),
        net_kg=5200,
    )


FACTORIES = {
    "waste-collection-points": RowFactory(_point, {"bins": "9"}),
    "waste-transfer-stations": RowFactory(_station, {"name": "新中转站"}),
    "waste-treatment-plants": RowFactory(_plant, {"permit_no": "PW-7"}),
    "waste-vehicles": RowFactory(_vehicle, {"status": "suspended"}),
    "waste-contracts": RowFactory(_contract, {"interval_days": "2"}),
    "crop-vine-points": RowFactory(_vine, {"name": "改名瓜秧点"}),
    "agri-recycling-points": RowFactory(_recycling_point, {"collector": "供销社"}),
    "agri-recycling-records": RowFactory(_recycling_record, {"collector": "回收员乙"}),
    "construction-waste-sites": RowFactory(_site, {"state": "full"}),
    "organic-waste-facilities": RowFactory(_organic, {"feedstock": "瓜菜秧"}),
    "waste-collections": RowFactory(_collection, {"weight_kg": "455"}),
    "waste-transfers": RowFactory(_transfer, {"net_kg": "5100"}),
}
