"""The toilet case categories (S13, S14): "full", "broken", "other", problem toilets, checks.

Deadlines: the policy promises "满了有人抽、坏了有人修" without a figure; the hours below are
renju's defaults until a county sets its own from its service contract (待核实), per county in
the deadline rules.
"""

from django.utils.translation import gettext_lazy as _

from renju.accounts.models import ServiceArea
from renju.cases.registry import Category, register_category

DEFAULT_SOURCE = "renju default; set the county's own from its service contract (待核实)"

TOILET_FULL = register_category(
    Category(
        key="toilet.full",
        name=_("toilet full, needs pump-out"),
        domain="toilets",
        sla_hours=48,
        sla_source=DEFAULT_SOURCE,
        service=ServiceArea.Service.PUMP_OUT,
        subject="toilets.householdtoilet",
        prefix="T",
    )
)
TOILET_BROKEN = register_category(
    Category(
        key="toilet.broken",
        name=_("toilet broken, needs repair"),
        domain="toilets",
        sla_hours=72,
        sla_source=DEFAULT_SOURCE,
        service=ServiceArea.Service.TOILET_REPAIR,
        subject="toilets.householdtoilet",
        prefix="T",
    )
)
TOILET_OTHER = register_category(
    Category(
        key="toilet.other",
        name=_("other toilet problem"),
        domain="toilets",
        sla_hours=72,
        sla_source=DEFAULT_SOURCE,
        service=ServiceArea.Service.TOILET_REPAIR,
        subject="toilets.householdtoilet",
        prefix="T",
    )
)
PROBLEM_TOILET = register_category(
    Category(
        key="toilet.problem",
        name=_("problem toilet to rectify"),
        domain="toilets",
        sla_hours=30 * 24,
        sla_source=DEFAULT_SOURCE,
        subject="toilets.householdtoilet",
        prefix="W",
        confirm_days=30,
    )
)
PUBLIC_TOILET_CHECK = register_category(
    Category(
        key="toilet.public_check",
        name=_("public toilet below its standard"),
        domain="toilets",
        sla_hours=24,
        sla_source=DEFAULT_SOURCE,
        subject="toilets.publictoilet",
        prefix="G",
    )
)
