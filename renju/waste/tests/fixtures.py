"""A hand-computed chain in a past period (no demo history there), shared by the tests.

Town T (the home town of ``places()``), its first three villages, 1–10 March 2020:

- V1: every day, 100 kg to station S → 1,000 kg;
- V2: days 1–3 and 6–10 (4 and 5 missed), 200 kg to S → 1,600 kg; waits 3 days > 1: late;
- V3: a village contract with a 2-day interval; days 2, 4, 6, 8, 10, 50 kg straight to the
  harmless plant P1 → 250 kg; and 30 kg on day 10 with no destination recorded;
- S received 2,600 kg and sent 2,000 kg to P1 (harmless) and 400 kg to P2 (a simple landfill):
  harmless share 2,000 / 2,600; |2,400 − 2,600| = 200 ≤ 10% of 2,600: balanced;
- harmless: V1 1,000 × 2,000/2,600, V2 1,600 × 2,000/2,600, V3 250 → 2,250 of 2,880 collected
  = 78.125%.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from renju.accounts.choices import OrganisationKind
from renju.accounts.models import Organisation
from renju.core.testing import places
from renju.regions.choices import Level
from renju.regions.models import Region

from ..chain import Period
from ..models import Collection, OperatorContract, Transfer, TransferStation, TreatmentPlant

PERIOD = Period(datetime.date(2020, 3, 1), datetime.date(2020, 3, 10))
SHARE = 2000 / 2600


def day(n: int) -> datetime.date:
    return datetime.date(2020, 3, n)


@dataclass
class Chain:
    town: Region
    v1: Region
    v2: Region
    v3: Region
    station: TransferStation
    p1: TreatmentPlant
    p2: TreatmentPlant


def _collect(village: Region, n: int, kg: int, **where: object) -> None:
    seq = Collection.objects.filter(region=village, collected_on=day(n)).count() + 1
    Collection.objects.create(
        code=f"{village.code}{day(n):%y%m%d}{seq:02d}",
        region=village,
        collected_on=day(n),
        weight_kg=kg,
        **where,
    )


def build_chain() -> Chain:
    p = places()
    town = p.town
    v1, v2, v3 = (
        Region.objects.current().filter(parent=town, level=Level.VILLAGE).order_by("code")[:3]
    )
    station = TransferStation.objects.create(
        code="T-FX-ZZ", name="测试中转站", region=town, capacity_t_day=50
    )
    p1 = TreatmentPlant.objects.create(
        code="T-FX-P1", name="测试焚烧厂", region=p.county, kind="incineration", capacity_t_day=600
    )
    p2 = TreatmentPlant.objects.create(
        code="T-FX-P2",
        name="测试简易填埋点",
        region=p.county,
        kind="simple_landfill",
        harmless=False,
        capacity_t_day=50,
    )
    operator, _created = Organisation.objects.get_or_create(
        code="T-FX-OP",
        defaults={"name": "测试环卫", "kind": OrganisationKind.SERVICE_COMPANY, "region": p.county},
    )
    OperatorContract.objects.create(
        code="T-FX-HT",
        operator=operator,
        region=v3,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2020, 12, 31),
        price=Decimal(100000),
        interval_days=2,
    )
    for n in range(1, 11):
        _collect(v1, n, 100, station=station)
        if n not in (4, 5):
            _collect(v2, n, 200, station=station)
        if n % 2 == 0:
            _collect(v3, n, 50, plant=p1)
    _collect(v3, 10, 30)
    for n, (kg, plant) in enumerate(((1200, p1), (800, p1), (400, p2))):
        Transfer.objects.create(
            code=f"T-FX-B{n}",
            station=station,
            plant=plant,
            region=station.region,
            transferred_on=day(5),
            net_kg=kg,
        )
    return Chain(town, v1, v2, v3, station, p1, p2)
