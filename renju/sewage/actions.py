"""The sewage app's own writes, each scope-checked and audited in its transaction.

Ledger rows are written by the ledger framework; here: faults and exceedances turned into
cases, mode decisions, O&M costs, sludge deliveries, toilet links, limits and parameters.
"""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renju.cases.actions import CaseActionError, assign, open_case
from renju.cases.choices import OPEN_STATES, EventKind, Source
from renju.cases.models import Case
from renju.core import audit
from renju.core.models.audit import AuditAction
from renju.core.scoping import CHANGE, region_in_scope, scope_regions
from renju.regions.choices import Level
from renju.regions.models import Region

from . import limits as limit_rules
from .cases import EXCEEDANCE, FAULT
from .choices import CENTRALISED_KINDS, InspectionResult, Mode, RunningState
from .models import (
    DischargeLimit,
    FacilityInspection,
    ModeCost,
    ModeDecision,
    ModeParameters,
    OMCost,
    SewageFacility,
    SludgeDelivery,
    ToiletLink,
    WaterTest,
)
from .recommend import Recommendation


def _require_region(user: Any, region: Region, action: str = CHANGE) -> None:
    if not region_in_scope(user, region, action):
        raise PermissionDenied("region out of scope")


def is_city_user(user: Any) -> bool:
    """May change city-wide tables (limits, the city's parameters): a change grant on the city."""
    regions = scope_regions(user, CHANGE)
    if regions is None:
        return True
    return any(r.level <= Level.CITY for r in regions)


# --- faults -> cases ---------------------------------------------------------------------------


def open_facility_case(
    user: Any,
    facility: SewageFacility,
    category: str,
    description: str,
    source: str = Source.INSPECTION,
    key: str | None = None,
) -> tuple[Case, bool]:
    """Open (or attach to) the facility's case of ``category`` and make sure its operator has it."""
    case, created = open_case(
        category=category,
        region=facility.region,
        source=source,
        description=description,
        subject=facility,
        reporter_user=user,
        idempotency_key=key,
        data={"facility": facility.code},
    )
    operator = facility.operator
    if operator is not None and case.state in OPEN_STATES and case.assigned_org_id != operator.pk:
        # Routing found another organisation: an official hands it to the named operator.
        with contextlib.suppress(PermissionDenied, CaseActionError):
            case = assign(case, user, operator, _("operator of %(f)s") % {"f": facility})
    return case, created


def inspections_written(user: Any, queryset: Any) -> None:
    """After any write of inspections: a fault opens a case and marks the facility faulty."""
    for inspection in queryset.filter(result=InspectionResult.FAULT).select_related(
        "facility__region", "facility__operator"
    ):
        facility = inspection.facility
        description = _("Inspection %(code)s on %(date)s: %(kind)s. %(findings)s") % {
            "code": inspection.code,
            "date": inspection.inspected_on,
            "kind": inspection.get_fault_kind_display(),
            "findings": inspection.findings,
        }
        # Keyed by the inspection: editing it later does not report the fault again.
        _case, created = open_facility_case(
            user, facility, FAULT.key, description, key=f"sewage-inspection-{inspection.pk}"
        )
        if created and facility.running_state == RunningState.NORMAL:
            before = audit.snapshot(facility)
            facility.running_state = RunningState.FAULT
            facility.save(update_fields=["running_state", "updated_at"])
            audit.record(
                AuditAction.UPDATE,
                facility,
                changes=audit.diff(before, audit.snapshot(facility)),
                note=f"inspection {inspection.code}",
            )


def tests_written(user: Any, queryset: Any) -> None:
    """After any write of tests: a test over the limits opens a case for the operator."""
    table = limit_rules.limits()
    for test in queryset.select_related("facility__region", "facility__operator"):
        facility = test.facility
        bad = limit_rules.exceedances(test, facility, table)
        if not bad:
            continue
        description = _("Test %(code)s of %(date)s (%(lab)s) over the limits: %(list)s") % {
            "code": test.code,
            "date": test.sampled_on,
            "lab": test.lab,
            "list": limit_rules.describe(test, bad, facility, table),
        }
        open_facility_case(
            user, facility, EXCEEDANCE.key, description, key=f"sewage-test-{test.pk}"
        )


FAULT_CLEARED_STEPS = frozenset({EventKind.CONFIRMED, EventKind.CLOSED})
FAULT_CASE_STEPS = frozenset({EventKind.RESOLVED, *FAULT_CLEARED_STEPS})


def fault_case_step(case: Case, event: Any, user: Any) -> None:
    """A fault case's step (a ``renju.cases.hooks`` hook): recorded on the facility's history.

    Rule: resolving the fault is noted on the facility's audit trail; confirming or closing it
    sets a faulty facility back to running normally (audited, in the case step's transaction),
    unless another fault case of the facility is still open. A stopped or unbuilt facility keeps
    its state: the fault case does not say it runs again.
    """
    if case.subject_type != FAULT.subject or not case.subject_id:
        return
    # scope: the case step already checked the actor's right to take it on this case's subject
    found = SewageFacility.objects.select_for_update().filter(pk=case.subject_id)  # scope: above
    facility = found.first()
    if facility is None:
        return
    if event.kind == EventKind.RESOLVED:
        audit.record(
            AuditAction.UPDATE,
            facility,
            actor=user,
            note=f"fault case {case.code} resolved",
        )
        return
    if event.kind not in FAULT_CLEARED_STEPS or facility.running_state != RunningState.FAULT:
        return
    still_open = (
        Case.objects.filter(
            category=FAULT.key,
            subject_type=FAULT.subject,
            subject_id=facility.pk,
            state__in=sorted(OPEN_STATES),
        )
        .exclude(pk=case.pk)
        .exists()
    )
    if still_open:
        return
    before = audit.snapshot(facility)
    facility.running_state = RunningState.NORMAL
    facility.save(update_fields=["running_state", "updated_at"])
    audit.record(
        AuditAction.UPDATE,
        facility,
        changes=audit.diff(before, audit.snapshot(facility)),
        actor=user,
        note=f"fault case {case.code} {event.kind}",
    )


# --- decisions ---------------------------------------------------------------------------------


def decide(
    user: Any, recommendation: Recommendation, chosen: str, reason: str = ""
) -> ModeDecision:
    """Accept the recommended mode, or override it with a reason; audited."""
    village = recommendation.village
    if chosen not in Mode.values or chosen == Mode.UNTREATED:
        raise ValueError(_("Choose a treatment mode."))
    if chosen != recommendation.mode and not reason.strip():
        raise ValueError(_("An override needs a reason."))
    with transaction.atomic():
        _require_region(user, village)
        count = ModeDecision.objects.filter(region=village).count()
        decision = ModeDecision(
            code=f"{village.code}-D{count + 1}",
            region=village,
            recommended_mode=recommendation.mode,
            chosen_mode=chosen,
            reason=reason.strip(),
            trace=recommendation.trace(),
            decided_by=user if getattr(user, "is_authenticated", False) else None,
        )
        decision.save()
        audit.record(
            AuditAction.CREATE,
            decision,
            changes=audit.diff({}, audit.snapshot(decision)),
            note="accepted" if decision.accepted else "overridden",
        )
    return decision


# --- O&M costs, sludge, toilet links -------------------------------------------------------------


def _locked_facility(user: Any, facility: SewageFacility) -> SewageFacility:
    found = (
        SewageFacility.objects.restrict(user, CHANGE)
        .select_for_update()
        .filter(pk=facility.pk)
        .first()
    )
    if found is None:
        raise PermissionDenied("facility out of scope")
    return found


def record_cost(
    user: Any, facility: SewageFacility, year: int, amount: Decimal, note: str = ""
) -> OMCost:
    with transaction.atomic():
        facility = _locked_facility(user, facility)
        row = OMCost.objects.filter(facility=facility, year=year).first()
        before = audit.snapshot(row) if row else {}
        if row is None:
            row = OMCost(facility=facility, year=year)
        row.amount, row.note = amount, note
        row.save()
        audit.record(
            AuditAction.UPDATE if before else AuditAction.CREATE,
            row,
            region=facility.region,
            object_repr=f"{facility.code} {year}",
            changes=audit.diff(before, audit.snapshot(row)),
        )
    return row


# Plants that take pumped-out toilet sludge (offered on the pump-out form): the centralised
# plants (town and village) running normally. A renju rule, not a published one: a county whose
# plants differ records the delivery on the plant's page instead.
SLUDGE_PLANT_KINDS = CENTRALISED_KINDS


def sludge_plants(county_id: int | None) -> Any:
    """The county's plants that accept sludge: centralised, running normally; by name.

    Not scoped to a user: a pump-out crew names the plant its truck went to, anywhere in the
    county; only the plants' codes and names are shown.
    """
    return SewageFacility.objects.filter(  # scope: plant names of the county, for any crew
        county_id=county_id,
        kind__in=sorted(SLUDGE_PLANT_KINDS),
        running_state=RunningState.NORMAL,
    ).order_by("name", "code")


def sludge_choices(county_id: int | None) -> list[tuple[str, str]]:
    """The ``renju.core.sludge`` provider: (facility pk, "code name") of ``sludge_plants``."""
    if county_id is None:
        return []
    return [(str(f.pk), str(f)) for f in sludge_plants(county_id)]


def _deliver(
    actor: Any,
    facility: SewageFacility,
    pumpout: Any,
    delivered_on: datetime.date,
    volume: Decimal | None,
    note: str = "",
) -> SludgeDelivery:
    from renju.toilets.choices import SludgeDestination

    toilet_region = pumpout.toilet.region
    if pumpout.destination != SludgeDestination.TREATMENT:
        raise ValueError(_("This pump-out's sludge was reused, not sent for treatment."))
    if toilet_region.county_id != facility.county_id:
        raise ValueError(_("The pump-out is in another county."))
    if SludgeDelivery.objects.filter(pumpout=pumpout).exists():
        raise ValueError(_("This pump-out's delivery is already recorded."))
    delivery = SludgeDelivery(
        code=f"SD-{pumpout.pk}",
        region=facility.region,
        pumpout=pumpout,
        facility=facility,
        delivered_on=delivered_on,
        volume=volume if volume is not None else pumpout.volume,
    )
    delivery.save()
    audit.record(
        AuditAction.CREATE,
        delivery,
        changes=audit.diff({}, audit.snapshot(delivery)),
        actor=actor,
        note=note,
    )
    return delivery


def record_sludge(
    user: Any,
    facility: SewageFacility,
    pumpout: Any,
    delivered_on: datetime.date,
    volume: Decimal | None = None,
) -> SludgeDelivery:
    """Pump-out sludge received by a plant in the same county (S14 joint governance), recorded
    on the plant's page by a user who may change the plant."""
    with transaction.atomic():
        facility = _locked_facility(user, facility)
        return _deliver(user, facility, pumpout, delivered_on, volume)


def receive_sludge(user: Any, pumpout: Any, value: str) -> SludgeDelivery:
    """The ``renju.core.sludge`` recorder: the crew that just saved ``pumpout`` names the plant.

    The crew need no grant over the plant: the pump-out's own write checked the crew's case and
    toilet; the plant must be one offered for the toilet's county (``sludge_plants``). Delivered
    the day of the pump-out, its whole volume.
    """
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise ValueError(_("Choose a plant that accepts sludge in this county.")) from None
    with transaction.atomic():
        facility = (
            sludge_plants(pumpout.toilet.region.county_id).select_for_update().filter(pk=pk).first()
        )
        if facility is None:
            raise ValueError(_("Choose a plant that accepts sludge in this county."))
        return _deliver(
            user, facility, pumpout, pumpout.pumped_on, None, note=f"pump-out {pumpout.pk}"
        )


def link_toilet(user: Any, facility: SewageFacility, toilet: Any) -> ToiletLink:
    """Link a toilet (in the user's scope, same county) to the facility treating its sewage."""
    with transaction.atomic():
        facility = _locked_facility(user, facility)
        _require_region(user, toilet.region)
        if toilet.county_id != facility.county_id:
            raise ValueError(_("The toilet is in another county."))
        link = ToiletLink.objects.filter(toilet=toilet).first()
        before = audit.snapshot(link) if link else {}
        if link is None:
            link = ToiletLink(code=f"TL-{toilet.code}", toilet=toilet, region=toilet.region)
        link.facility = facility
        link.save()
        audit.record(
            AuditAction.UPDATE if before else AuditAction.CREATE,
            link,
            changes=audit.diff(before, audit.snapshot(link)),
        )
    return link


def unlink_toilet(user: Any, facility: SewageFacility, link_id: int) -> None:
    """Remove a toilet's explicit link to ``facility``: the user may change both the facility
    and the toilet's place; audited as a deletion. The village's treatment status (the implied
    link) is untouched. A link out of scope or of another facility is "not found"."""
    with transaction.atomic():
        facility = _locked_facility(user, facility)
        link = (
            ToiletLink.objects.restrict(user, CHANGE)
            .select_for_update()
            .filter(pk=link_id, facility=facility)
            .first()
        )
        if link is None:
            raise PermissionDenied("link not found")
        before = audit.snapshot(link)
        region, label = link.region, f"{link.code} {facility.code}"
        link.delete()
        audit.record(
            AuditAction.DELETE,
            None,
            object_type=ToiletLink._meta.label_lower,
            object_id=str(link_id),
            object_repr=label,
            region=region,
            changes=audit.diff(before, {}),
            actor=user,
        )


# --- city tables ------------------------------------------------------------------------------


def save_limit(
    user: Any,
    level: str,
    parameter: str,
    minimum: Decimal | None,
    maximum: Decimal | None,
    source: str,
    verified: bool,
) -> DischargeLimit:
    if not is_city_user(user):
        raise PermissionDenied("city only")
    if minimum is not None and maximum is not None and minimum > maximum:
        raise ValueError(_("The minimum is above the maximum."))
    city = Region.objects.current().filter(level=Level.CITY).order_by("code").first()
    with transaction.atomic():
        row = (
            DischargeLimit.objects.select_for_update()
            .filter(level=level, parameter=parameter)
            .first()
        )
        if row is None:
            default = limit_rules.DEFAULT_LIMITS.get((level, parameter), (None, None))
            row = DischargeLimit(level=level, parameter=parameter)
            before = {"minimum": audit.to_json(default[0]), "maximum": audit.to_json(default[1])}
        else:
            before = audit.snapshot(row)
        row.minimum, row.maximum, row.source, row.verified = minimum, maximum, source, verified
        row.clean_fields()  # the columns' digits: see save_parameters
        row.save()
        audit.record(
            AuditAction.UPDATE,
            row,
            region=city,
            changes=audit.diff(before, audit.snapshot(row)),
        )
    return row


def save_parameters(
    user: Any, region: Region, values: dict[str, Any], costs: dict[str, tuple[int, int, int, int]]
) -> ModeParameters:
    """The city's defaults (a city user) or a county's overrides (a user with change there)."""
    if region.level == Level.CITY:
        if not is_city_user(user):
            raise PermissionDenied("city only")
    elif region.level == Level.COUNTY:
        _require_region(user, region)
    else:
        raise PermissionDenied("city or county only")
    for low, high, om_low, om_high in costs.values():
        if low > high or om_low > om_high:
            raise ValueError(_("A low figure is above its high figure."))
    with transaction.atomic():
        row = ModeParameters.objects.select_for_update().filter(region=region).first()
        before: dict[str, Any] = {}
        if row is None:
            row = ModeParameters(region=region)
        else:
            before = audit.snapshot(row)
            before["costs"] = {
                c.mode: [c.construction_low, c.construction_high, c.om_low, c.om_high]
                for c in row.costs.all()
            }
        for name, value in values.items():
            setattr(row, name, value)
        # The fields' own bounds (digits, the database's integer range) before anything is
        # written: a figure the column cannot hold was stored by SQLite and broke every page
        # that read it afterwards.
        row.clean_fields(exclude=["region"])
        for mode, (low, high, om_low, om_high) in costs.items():
            ModeCost(
                mode=mode,
                construction_low=low,
                construction_high=high,
                om_low=om_low,
                om_high=om_high,
            ).clean_fields(exclude=["parameters"])
        row.save()
        for mode, (low, high, om_low, om_high) in costs.items():
            ModeCost.objects.update_or_create(
                parameters=row,
                mode=mode,
                defaults={
                    "construction_low": low,
                    "construction_high": high,
                    "om_low": om_low,
                    "om_high": om_high,
                },
            )
        after = audit.snapshot(row)
        after["costs"] = {m: list(c) for m, c in costs.items()}
        audit.record(
            AuditAction.UPDATE if before else AuditAction.CREATE,
            row,
            region=region,
            changes=audit.diff(before, after),
        )
    return row


def today() -> datetime.date:
    return timezone.localdate()


__all__ = [
    "FAULT_CASE_STEPS",
    "FacilityInspection",
    "WaterTest",
    "decide",
    "fault_case_step",
    "inspections_written",
    "is_city_user",
    "link_toilet",
    "open_facility_case",
    "receive_sludge",
    "record_cost",
    "record_sludge",
    "save_limit",
    "save_parameters",
    "sludge_choices",
    "sludge_plants",
    "tests_written",
    "unlink_toilet",
]
