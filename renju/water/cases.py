"""The case category of complaints about a water body (S12), routed to the town government.

The category names no service kind, so with no county routing rule a complaint goes to the
town government of the body's village (cases.routing). The deadline is renju's default until
a county sets its own (待核实): the policy gives no figure.
"""

from django.utils.translation import gettext_lazy as _

from renju.cases.registry import Category, register_category

COMPLAINT = register_category(
    Category(
        key="water.complaint",
        name=_("complaint about a black-odorous water body"),
        domain="water",
        sla_hours=7 * 24,
        sla_source="renju 默认值；政策未规定时限（待核实）",
        subject="water.waterbody",
        prefix="H",
    )
)
