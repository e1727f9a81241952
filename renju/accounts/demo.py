"""Demo step: organisations, their service areas, and one demo user per role and level."""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.db import transaction

from renju.core import audit
from renju.core.demo import DemoContext, demo_step
from renju.core.models.audit import AuditAction
from renju.regions.choices import Kind, Level
from renju.regions.models import Region

from .choices import Department, OrganisationKind, Role
from .models import Organisation, RoleGrant, ServiceArea, User

DEFAULT_DEMO_PASSWORD = "renju-demo-2026"
DEMO_COUNTY = "371502"  # 东昌府区
OTHER_COUNTY = "371522"  # 莘县, to show that one county cannot see another

CITY_DEPARTMENTS = [
    (Department.AGRICULTURE, "农业农村局"),
    (Department.NATURAL_RESOURCES, "自然资源和规划局"),
    (Department.HOUSING, "住房和城乡建设局"),
    (Department.ECOLOGY, "生态环境局"),
    (Department.TRANSPORT, "交通运输局"),
    (Department.HEALTH, "卫生健康委员会"),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    role: str
    level: str
    organisation_code: str
    region_code: str


def demo_password() -> str:
    return os.environ.get("RENJU_DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)


def _org(
    code: str, name: str, kind: str, region: Region, department: str = "", phone: str = ""
) -> Organisation:
    org = Organisation.objects.filter(code=code).first()
    if org is None:
        org = Organisation(
            code=code,
            name=name,
            kind=kind,
            region=region,
            department=department,
            phone=phone,
            is_simulated=True,
        )
        org.save()
        audit.record(AuditAction.CREATE, org, changes=audit.diff({}, audit.snapshot(org)))
    return org


def demo_county_company(
    county: Region, key: str, name: str, phone: str, service: str
) -> Organisation:
    """A county's simulated service company ``DEMO-<county>-<key>`` serving the whole county
    for ``service`` (service area ``SA-<county>-<key>``); created once, audited."""
    org = _org(
        f"DEMO-{county.code}-{key}", name, OrganisationKind.SERVICE_COMPANY, county, phone=phone
    )
    code = f"SA-{county.code}-{key}"
    if not ServiceArea.objects.filter(code=code).exists():
        area = ServiceArea(
            code=code,
            organisation=org,
            region=county,
            service=service,
            contract_no=f"DEMO-{county.code}-{key}",
        )
        area.save()
        audit.record(AuditAction.CREATE, area, changes=audit.diff({}, audit.snapshot(area)))
    return org


def _organisations(ctx: DemoContext) -> dict[str, Organisation]:
    city = Region.objects.current().get(code=ctx.city_code)
    orgs: dict[str, Organisation] = {}
    for dept, label in CITY_DEPARTMENTS:
        orgs[f"city-{dept}"] = _org(
            f"DEMO-{city.code}-{dept}",
            f"{city.name}{label}",
            OrganisationKind.DEPARTMENT,
            city,
            dept,
        )
    for county in Region.objects.current().filter(parent=city, level=Level.COUNTY).order_by("code"):
        orgs[f"{county.code}-gov"] = _org(
            f"DEMO-{county.code}-GOV", f"{county.name}人民政府", OrganisationKind.GOVERNMENT, county
        )
        orgs[f"{county.code}-agri"] = _org(
            f"DEMO-{county.code}-AGRI",
            f"{county.name}农业农村局",
            OrganisationKind.DEPARTMENT,
            county,
            Department.AGRICULTURE,
        )
        orgs[f"{county.code}-pump"] = _org(
            f"DEMO-{county.code}-PUMP",
            f"{county.name}清源环卫服务有限公司",
            OrganisationKind.SERVICE_COMPANY,
            county,
            phone=f"0635-{county.code[-3:]}1234",
        )
        orgs[f"{county.code}-clean"] = _org(
            f"DEMO-{county.code}-CLEAN",
            f"{county.name}洁美保洁有限公司",
            OrganisationKind.CLEANING_COMPANY,
            county,
        )
    towns = Region.objects.current().filter(city=city, level=Level.TOWN).order_by("code")
    for town in towns:
        orgs[f"{town.code}-gov"] = _org(
            f"DEMO-{town.code}-GOV", f"{town.name}人民政府", OrganisationKind.GOVERNMENT, town
        )
    return orgs


def _village_committees(ctx: DemoContext) -> int:
    villages = Region.objects.current().filter(city__code=ctx.city_code, level=Level.VILLAGE)
    have = set(
        Organisation.objects.filter(kind=OrganisationKind.VILLAGE_COMMITTEE).values_list(
            "code", flat=True
        )
    )
    new = [
        Organisation(
            code=f"DEMO-{v.code}-VC",
            name=v.name,
            kind=OrganisationKind.VILLAGE_COMMITTEE,
            region=v,
            city_id=v.city_id,
            county_id=v.county_id,
            town_id=v.town_id,
            village_id=v.village_id,
            is_simulated=True,
        )
        for v in villages
        if f"DEMO-{v.code}-VC" not in have
    ]
    Organisation.objects.bulk_create(new, batch_size=2000)
    audit.record_many(audit.build(AuditAction.CREATE, o, region=o.region) for o in new)
    return len(new)


def _service_areas(ctx: DemoContext, orgs: dict[str, Organisation]) -> int:
    """Each county's pump-out company serves every other town (so scope is visible)."""
    count = 0
    for key, org in orgs.items():
        if not key.endswith("-pump"):
            continue
        towns = Region.objects.current().filter(parent_id=org.region_id).order_by("code")
        for i, town in enumerate(towns):
            code = f"SA-{town.code}-P"
            if i % 2 or ServiceArea.objects.filter(code=code).exists():
                continue
            area = ServiceArea(
                code=code,
                organisation=org,
                region=town,
                service=ServiceArea.Service.PUMP_OUT,
                contract_no=f"DEMO-{org.region.code}-{i:03d}",
            )
            area.save()
            audit.record(AuditAction.CREATE, area, changes=audit.diff({}, audit.snapshot(area)))
            count += 1
    return count


def demo_logins(city_code: str) -> list[DemoLogin]:
    """The demo users: one per role at each level (documented in the README)."""
    county = Region.objects.current().get(code=DEMO_COUNTY)
    served = (
        ServiceArea.objects.filter(
            organisation__code=f"DEMO-{DEMO_COUNTY}-PUMP", region__kind=Kind.TOWN
        )
        .order_by("code")
        .first()
    )
    town = (
        served.region
        if served
        else Region.objects.current().filter(parent=county).order_by("code").first()
    )
    assert town is not None
    village = (
        Region.objects.current()
        .filter(parent=town, level=Level.VILLAGE, kind=Kind.VILLAGE_COMMITTEE)
        .order_by("code")
        .first()
    )
    assert village is not None
    c, t, v = county.code, town.code, village.code
    agri = f"DEMO-{city_code}-{Department.AGRICULTURE}"
    return [
        DemoLogin("city_admin", "市级管理员", Role.ADMIN, "city", agri, city_code),
        DemoLogin("city_officer", "市农业农村局干部", Role.OFFICER, "city", agri, city_code),
        DemoLogin(
            "city_viewer",
            "市生态环境局查看",
            Role.VIEWER,
            "city",
            f"DEMO-{city_code}-{Department.ECOLOGY}",
            city_code,
        ),
        DemoLogin(
            "county_admin", f"{county.name}管理员", Role.ADMIN, "county", f"DEMO-{c}-AGRI", c
        ),
        DemoLogin(
            "county_officer",
            f"{county.name}农业农村局干部",
            Role.OFFICER,
            "county",
            f"DEMO-{c}-AGRI",
            c,
        ),
        DemoLogin("county_viewer", f"{county.name}查看", Role.VIEWER, "county", f"DEMO-{c}-GOV", c),
        DemoLogin(
            "county_dispatcher",
            f"{county.name}调度员",
            Role.DISPATCHER,
            "county",
            f"DEMO-{c}-AGRI",
            c,
        ),
        DemoLogin(
            "county2_admin",
            "莘县管理员",
            Role.ADMIN,
            "county",
            f"DEMO-{OTHER_COUNTY}-AGRI",
            OTHER_COUNTY,
        ),
        DemoLogin("town_admin", f"{town.name}管理员", Role.ADMIN, "town", f"DEMO-{t}-GOV", t),
        DemoLogin("town_officer", f"{town.name}干部", Role.OFFICER, "town", f"DEMO-{t}-GOV", t),
        DemoLogin("town_viewer", f"{town.name}查看", Role.VIEWER, "town", f"DEMO-{t}-GOV", t),
        DemoLogin(
            "village_officer", f"{village.name}村干部", Role.OFFICER, "village", f"DEMO-{v}-VC", v
        ),
        DemoLogin(
            "village_grid", f"{village.name}网格员", Role.GRID_MEMBER, "village", f"DEMO-{v}-VC", v
        ),
        DemoLogin(
            "company_dispatcher", "清源环卫调度员", Role.DISPATCHER, "company", f"DEMO-{c}-PUMP", c
        ),
        DemoLogin(
            "company_worker", "清源环卫抽厕工", Role.FIELD_WORKER, "company", f"DEMO-{c}-PUMP", c
        ),
    ]


def _users(ctx: DemoContext) -> list[DemoLogin]:
    logins = demo_logins(ctx.city_code)
    password = demo_password()
    for login in logins:
        user = User.objects.filter(username=login.username).first()
        if user is None:
            user = User(
                username=login.username,
                display_name=login.name,
                organisation=Organisation.objects.get(code=login.organisation_code),
            )
            user.set_password(password)
            user.save()
            audit.record(
                AuditAction.CREATE,
                user,
                region=user.organisation.region if user.organisation else None,
                changes={"username": [None, user.username]},
            )
        organisation = Organisation.objects.get(code=login.organisation_code)
        if user.organisation_id != organisation.pk:
            user.organisation = organisation
            user.save(update_fields=["organisation"])
        region = Region.objects.current().get(code=login.region_code)
        user.grants.exclude(role=login.role, region=region).delete()
        RoleGrant.objects.get_or_create(user=user, role=login.role, region=region)
    return logins


@demo_step("accounts", order=20)
def simulate_accounts(ctx: DemoContext) -> None:
    with transaction.atomic():
        orgs = _organisations(ctx)
        committees = _village_committees(ctx)
        areas = _service_areas(ctx, orgs)
        logins = _users(ctx)
    ctx.data["logins"] = logins
    ctx.log(
        f"accounts: {len(orgs) + committees} organisations, {areas} service areas,"
        f" {len(logins)} demo users"
    )
