"""The toilet case categories (S13, S14): "full", "broken", "other", problem toilets, checks.

Deadlines: the policy promises "满了有人抽、坏了有人修" without a figure; the hours below are
renju's defaults until a county sets its own from its service contract (待核实), per county in
the deadline rules.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from renju.accounts.models import ServiceArea
from renju.cases.registry import Category, register_category

DEFAULT_SOURCE = "renju 默认值；请按本县的服务合同设定（待核实）"


def _toilet_category(key: str, name: Any, sla_hours: int, **extra: Any) -> Category:
    """A toilet category: domain, deadline source, subject and number prefix in common."""
    fields: dict[str, Any] = {"subject": "toilets.householdtoilet", "prefix": "T", **extra}
    return register_category(
        Category(
            key=key,
            name=name,
            domain="toilets",
            sla_hours=sla_hours,
            sla_source=DEFAULT_SOURCE,
            **fields,
        )
    )


PUMP_OUT = ServiceArea.Service.PUMP_OUT
REPAIR = ServiceArea.Service.TOILET_REPAIR
TOILET_FULL = _toilet_category(
    "toilet.full", _("toilet full, needs pump-out"), 48, service=PUMP_OUT
)
TOILET_BROKEN = _toilet_category(
    "toilet.broken", _("toilet broken, needs repair"), 72, service=REPAIR
)
TOILET_OTHER = _toilet_category("toilet.other", _("other toilet problem"), 72, service=REPAIR)
PROBLEM_TOILET = _toilet_category(
    "toilet.problem", _("problem toilet to rectify"), 30 * 24, prefix="W", confirm_days=30
)
PUBLIC_TOILET_CHECK = _toilet_category(
    "toilet.public_check",
    _("public toilet below its standard"),
    24,
    subject="toilets.publictoilet",
    prefix="G",
)
