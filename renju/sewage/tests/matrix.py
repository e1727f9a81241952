"""Row factories of the sewage ledgers for the permission matrix."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from renju.accounts.choices import OrganisationKind
from renju.accounts.models import Organisation
from renju.core.testing.matrix import RowFactory
from renju.regions.models import Region
from renju.sewage.choices import DischargeLevel, FacilityKind, InspectionResult, Mode, PointState
from renju.sewage.models import (
    DischargePoint,
    FacilityInspection,
    SewageFacility,
    TreatmentStatus,
    WaterTest,
)


def _operator(region: Region) -> Organisation:
    county = region.county
    assert county is not None
    org, _created = Organisation.objects.get_or_create(
        code=f"T-PM-SEW-OP-{county.code}",
        defaults={
            "name": f"矩阵测试污水运维公司{county.code}",
            "kind": OrganisationKind.SERVICE_COMPANY,
            "region": county,
        },
    )
    return org


def _facility(region: Region, n: int) -> SewageFacility:
    return SewageFacility(
        operator=_operator(region),
        code=f"T-PM-SF-{region.code}-{n}",
        name=f"矩阵测试设施{n}",
        kind=FacilityKind.CLUSTER,
        region=region,
        design_capacity=Decimal("12.5"),
        households_served=40,
        discharge_level=DischargeLevel.LEVEL_2,
    )


def facility_in(region: Region) -> SewageFacility:
    facility = SewageFacility.objects.filter(code=f"T-PM-SF-{region.code}-F").first()
    if facility is None:
        facility = _facility(region, 0)
        facility.code = f"T-PM-SF-{region.code}-F"
        facility.save()
    return facility


def _status(region: Region, n: int) -> TreatmentStatus:
    return TreatmentStatus(
        code=f"T-PM-ST-{region.code}-{n}",
        region=region,
        mode=Mode.DECENTRALISED,
        households_served=10,
        facility=facility_in(region),
        completed_on=datetime.date(2024, 5, 1),
    )


def _point(region: Region, n: int) -> DischargePoint:
    return DischargePoint(
        code=f"T-PM-DP-{region.code}-{n}",
        region=region,
        location="村东沟",
        found_on=datetime.date(2025, 3, 1),
        state=PointState.OPEN,
    )


def _inspection(region: Region, n: int) -> FacilityInspection:
    return FacilityInspection(
        code=f"T-PM-IN-{region.code}-{n}",
        facility=facility_in(region),
        region=region,
        inspected_on=datetime.date(2025, 6, 1),
        inspector="王工",
        result=InspectionResult.NORMAL,
        fault_kind="",
    )


def _test(region: Region, n: int) -> WaterTest:
    return WaterTest(
        code=f"T-PM-WT-{region.code}-{n}",
        facility=facility_in(region),
        region=region,
        sampled_on=datetime.date(2025, 6, 1),
        lab="测试实验室",
        ph=Decimal("7.2"),
        cod=Decimal("40"),
        ss=Decimal("10"),
        nh3n=Decimal("3"),
    )


FACTORIES: dict[str, Any] = {
    "sewage-facilities": RowFactory(_facility, {"process": "MBR"}),
    "sewage-statuses": RowFactory(_status, {"note": "已验收"}),
    "sewage-discharge-points": RowFactory(_point, {"measure": "截污纳管"}),
    "sewage-inspections": RowFactory(_inspection, {"inspector": "李工"}),
    "sewage-tests": RowFactory(_test, {"lab": "复检实验室"}),
}
