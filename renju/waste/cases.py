"""The waste case categories (S8, S9).

- ``waste.overflow``: a collection point overflowing or not emptied; routed to the operator
  that collects in the village (service WASTE_COLLECTION), else the town. 24 hours: renju's
  default for "及时清运" (实施意见（八）gives no figure; 待核实, counties set their own).
- ``waste.crop_vine_full``: a crop-vine point at 80% or more; 24 hours to clear (issue 6,
  from 莘县's pilot under 实施意见（九）; 待核实). No service kind covers crop vines, so it goes to
  the county's routing rule (e.g. a cooperative) or else the town government.
"""

from django.utils.translation import gettext_lazy as _

from renju.accounts.models import ServiceArea
from renju.cases.registry import Category, register_category

from .parameters import VINE_CLEAR_HOURS

OVERFLOW = register_category(
    Category(
        key="waste.overflow",
        name=_("waste collection point overflowing"),
        domain="waste",
        sla_hours=24,
        sla_source="renju 默认值：及时清运（实施意见（八）未规定时限，待核实）",
        service=ServiceArea.Service.WASTE_COLLECTION,
        subject="waste.collectionpoint",
        prefix="L",
    )
)
CROP_VINE_FULL = register_category(
    Category(
        key="waste.crop_vine_full",
        name=_("crop-vine point full, to clear"),
        domain="waste",
        sla_hours=VINE_CLEAR_HOURS,
        sla_source="issue 6: a point at ≥80% cleared within 24 h (莘县 pilot, 实施意见（九）; "
        "待核实)",
        subject="waste.cropvinepoint",
        prefix="V",
    )
)
