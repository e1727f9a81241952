"""Sewage case categories (S11): faults found at a facility and effluent over the limits.

Both are routed to the facility's operator: the county's routing rule, else the company with an
active sewage O&M service area over the village, else the town; an official who records the
finding hands it to the facility's named operator when routing chose someone else. Deadlines
are renju's defaults until the county sets its own from 《聊城市农村生活污水处理设施运行维护管理
实施细则》 or its O&M contract (待核实).
"""

from django.utils.translation import gettext_lazy as _

from renju.accounts.models import ServiceArea
from renju.cases.registry import Category, register_category

SLA_SOURCE = "renju 默认值；请按本县运维制度或合同设定（待核实）"

FAULT = register_category(
    Category(
        key="sewage.fault",
        name=_("sewage facility fault"),
        domain="sewage",
        sla_hours=72,
        sla_source=SLA_SOURCE,
        service=ServiceArea.Service.SEWAGE_OM,
        subject="sewage.sewagefacility",
        prefix="S",
    )
)
EXCEEDANCE = register_category(
    Category(
        key="sewage.exceedance",
        name=_("sewage effluent over the limits"),
        domain="sewage",
        sla_hours=7 * 24,
        sla_source=SLA_SOURCE,
        service=ServiceArea.Service.SEWAGE_OM,
        subject="sewage.sewagefacility",
        prefix="S",
    )
)
