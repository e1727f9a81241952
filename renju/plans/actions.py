"""Writes of plans, their targets and key points, and of projects' funding and milestones.

Who may do what (S1): officials with an administrator or officer grant covering the county draft,
edit and submit its plan; officials with such a grant at the city level (or above) approve or
return it. Every action re-checks that on the locked row inside its transaction and writes its
audit events there; approving writes the plan's targets as the county's indicator targets.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renju.accounts.choices import SERVICE_AREA_KINDS, Role
from renju.core import audit
from renju.core.models.audit import AuditAction
from renju.core.scoping import CHANGE, region_in_scope, region_in_scope_of
from renju.indicators import engine
from renju.indicators.models import Target
from renju.regions.choices import Level
from renju.regions.models import Region

from .choices import PlanStatus
from .models import CountyPlan, Funding, Milestone, Project, TownKeyPoint

PLAN_ROLES = frozenset({Role.ADMIN, Role.OFFICER})


class WorkflowError(ValueError):
    """The plan is not in a state that allows the step (the message says why)."""


# --- who may -----------------------------------------------------------------------------------


def _plan_grant_regions(user: Any) -> list[Region]:
    """Regions of the user's administrator/officer grants (government users only)."""
    from renju.accounts.models import RoleGrant

    org = getattr(user, "organisation", None)
    if org is not None and org.kind in SERVICE_AREA_KINDS:
        return []
    grants = RoleGrant.objects.filter(user=user, role__in=PLAN_ROLES).select_related("region")
    return [g.region for g in grants if g.region.valid_to is None]


def can_draft(user: Any, county: Region) -> bool:
    """May ``user`` create, edit and submit ``county``'s plan?"""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    regions = [r for r in _plan_grant_regions(user) if r.level <= Level.COUNTY]
    return region_in_scope_of(county, regions) and region_in_scope(user, county, CHANGE)


def can_review(user: Any, county: Region) -> bool:
    """May ``user`` approve or return ``county``'s plan (a city-level official)?"""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    city = Region.objects.filter(pk=county.city_id).first() if county.city_id else None
    if city is None:
        return False
    regions = [r for r in _plan_grant_regions(user) if r.level <= Level.CITY]
    return region_in_scope_of(county, regions) and region_in_scope(user, city, CHANGE)


def drafting_counties(user: Any) -> list[Region]:
    """The current counties whose plans ``user`` may draft."""
    counties = Region.objects.current().filter(level=Level.COUNTY)
    if not user.is_superuser:
        regions = [r for r in _plan_grant_regions(user) if r.level <= Level.COUNTY]
        if not regions:
            return []
        q = models.Q(pk__in=[])
        for region in regions:
            q |= region.scope_filter_for_regions()
        counties = counties.filter(q)
    return [c for c in counties.order_by("code") if can_draft(user, c)]


def _locked(user: Any, plan: CountyPlan) -> CountyPlan:
    locked = CountyPlan.objects.select_for_update().select_related("region").filter(pk=plan.pk)
    current = locked.first()
    if current is None:
        raise PermissionDenied("plan not found")
    return current


# --- baseline ----------------------------------------------------------------------------------


def baseline_snapshot(county: Region) -> dict[str, dict[str, float | None]]:
    """The county's current value of every indicator: the kept values, and for indicators not
    computed yet, the value computed now from the ledgers (summed parts, as the engine does)."""
    readings = engine.readings([county])
    missing = [r.indicator for r in readings if r.denominator is None]
    live: dict[str, tuple[float, float]] = {}
    if missing:
        villages = list(
            Region.objects.current()
            .filter(county=county, level=Level.VILLAGE)
            .values_list("pk", flat=True)
        )
        for indicator in missing:
            parts = indicator.compute(villages)
            if parts:
                live[indicator.key] = (
                    sum(p[0] for p in parts.values()),
                    sum(p[1] for p in parts.values()),
                )
    snapshot: dict[str, dict[str, float | None]] = {}
    for reading in readings:
        numerator, denominator = reading.numerator, reading.denominator
        if denominator is None and reading.indicator.key in live:
            numerator, denominator = live[reading.indicator.key]
        value = reading.indicator.value(numerator, denominator)
        snapshot[reading.indicator.key] = {
            "numerator": numerator,
            "denominator": denominator,
            "value": None if value is None else round(value, 2),
        }
    return snapshot


# --- plans -------------------------------------------------------------------------------------


def create_plan(user: Any, plan: CountyPlan, *, note: str = "") -> CountyPlan:
    """Save a new draft plan with its baseline taken now."""
    if plan.pk is not None:
        raise ValueError("not a new plan")
    with transaction.atomic():
        if not can_draft(user, plan.region):
            raise PermissionDenied("county out of scope")
        plan.status = PlanStatus.DRAFT
        plan.baseline = baseline_snapshot(plan.region)
        plan.baseline_date = timezone.localdate()
        plan.save()
        audit.record(
            AuditAction.CREATE, plan, changes=audit.diff({}, audit.snapshot(plan)), note=note
        )
    return plan


def _child_events(
    action: str, obj: models.Model, region: Region, changes: dict[str, Any]
) -> audit.AuditEvent:
    return audit.build(action, obj, changes=changes, region=region)


def save_plan(
    user: Any,
    plan: CountyPlan,
    *,
    children: Iterable[Any] = (),
    deleted: Iterable[Any] = (),
) -> None:
    """Save an edited draft (or returned) plan and its changed targets and key points."""
    with transaction.atomic():
        current = _locked(user, plan)
        if not can_draft(user, current.region) or plan.region_id != current.region_id:
            raise PermissionDenied("county out of scope")
        if not current.is_editable:
            raise WorkflowError(_("Only draft or returned plans can be changed."))
        events = []
        changes = audit.diff(audit.snapshot(current), audit.snapshot(plan))
        if changes:
            plan.save()
            events.append(audit.build(AuditAction.UPDATE, plan, changes=changes))
        for obj in deleted:
            if obj.pk is None or obj.plan_id != plan.pk:
                continue
            events.append(
                _child_events(
                    AuditAction.DELETE, obj, plan.region, audit.diff(audit.snapshot(obj), {})
                )
            )
            obj.delete()
        for obj in children:
            obj.plan = plan
            if isinstance(obj, TownKeyPoint) and obj.town.county_id != plan.region_id:
                raise PermissionDenied("town outside the plan's county")
            before: dict[str, Any] = {}
            if obj.pk is not None:
                old = type(obj)._default_manager.filter(pk=obj.pk, plan=plan).first()
                if old is None:
                    raise PermissionDenied("row of another plan")
                before = audit.snapshot(old)
            after = audit.snapshot(obj)
            diff = audit.diff(before, after)
            if not diff:
                continue
            action = AuditAction.UPDATE if obj.pk else AuditAction.CREATE
            obj.save()
            events.append(_child_events(action, obj, plan.region, diff))
        audit.record_many(events)


def _transition(
    user: Any,
    plan: CountyPlan,
    allowed_from: set[str],
    to: str,
    *,
    review: bool,
    note: str = "",
) -> CountyPlan:
    current = _locked(user, plan)
    permitted = can_review(user, current.region) if review else can_draft(user, current.region)
    if not permitted:
        raise PermissionDenied("not allowed")
    if current.status not in allowed_from:
        raise WorkflowError(
            _("The plan is %(status)s; this step is not possible now.")
            % {"status": current.get_status_display()}
        )
    before = audit.snapshot(current)
    now = timezone.now()
    current.status = to
    if review:
        current.reviewed_at = now
        current.reviewed_by = user
        current.review_note = note[:300]
    else:
        current.submitted_at = now
    current.save()
    audit.record(
        AuditAction.UPDATE,
        current,
        changes=audit.diff(before, audit.snapshot(current)),
        note=note,
    )
    return current


def submit_plan(user: Any, plan: CountyPlan) -> CountyPlan:
    """The county sends its draft (or returned) plan to the city; it needs at least a target."""
    with transaction.atomic():
        if not plan.targets.exists():
            raise WorkflowError(_("Add at least one target before submitting the plan."))
        return _transition(
            user, plan, {PlanStatus.DRAFT, PlanStatus.RETURNED}, PlanStatus.SUBMITTED, review=False
        )


def return_plan(user: Any, plan: CountyPlan, note: str) -> CountyPlan:
    """The city sends a submitted plan back with the reason."""
    if not note.strip():
        raise WorkflowError(_("Say why the plan is returned."))
    with transaction.atomic():
        return _transition(
            user, plan, {PlanStatus.SUBMITTED}, PlanStatus.RETURNED, review=True, note=note
        )


def approve_plan(user: Any, plan: CountyPlan, note: str = "") -> CountyPlan:
    """The city approves a submitted plan; its targets become the county's targets."""
    with transaction.atomic():
        current = _transition(
            user, plan, {PlanStatus.SUBMITTED}, PlanStatus.APPROVED, review=True, note=note
        )
        write_targets(current)
        return current


def write_targets(plan: CountyPlan) -> int:
    """Write (or update) the county's ``Target`` rows from the plan, each audited."""
    source = plan.source_label
    events = []
    for row in plan.targets.all():
        target = Target.objects.filter(
            indicator=row.indicator, region_id=plan.region_id, year=row.year
        ).first()
        before = audit.snapshot(target) if target is not None else {}
        if target is None:
            target = Target(indicator=row.indicator, region_id=plan.region_id, year=row.year)
        target.value = row.value
        target.source = source
        changes = audit.diff(before, audit.snapshot(target))
        if not changes:
            continue
        action = AuditAction.UPDATE if target.pk else AuditAction.CREATE
        target.save()
        events.append(
            audit.build(action, target, changes=changes, region=plan.region, note=f"plan {plan.pk}")
        )
    audit.record_many(events)
    return len(events)


# --- projects' funding and milestones --------------------------------------------------------


def _project_for_change(user: Any, project: Project) -> Project:
    locked = Project.objects.restrict(user, CHANGE).select_for_update().filter(pk=project.pk)
    current = locked.select_related("region").first()
    if current is None:
        raise PermissionDenied("project out of scope")
    return current


def save_child(user: Any, obj: Funding | Milestone) -> None:
    """Create or update a funding row or milestone of a project the user may change."""
    with transaction.atomic():
        project = _project_for_change(user, obj.project)
        before: dict[str, Any] = {}
        if obj.pk is not None:
            old = type(obj)._default_manager.filter(pk=obj.pk, project=project).first()
            if old is None:
                raise PermissionDenied("row of another project")
            before = audit.snapshot(old)
        changes = audit.diff(before, audit.snapshot(obj))
        if not changes:
            return
        action = AuditAction.UPDATE if obj.pk else AuditAction.CREATE
        obj.save()
        audit.record(action, obj, changes=changes, region=project.region)


def delete_child(user: Any, obj: Funding | Milestone) -> None:
    with transaction.atomic():
        project = _project_for_change(user, obj.project)
        event = audit.build(
            AuditAction.DELETE,
            obj,
            changes=audit.diff(audit.snapshot(obj), {}),
            region=project.region,
        )
        obj.delete()
        event.save()


def set_villages(user: Any, project: Project, villages: list[Region]) -> None:
    """Replace the villages a project covers (inside the user's scope), audited."""
    with transaction.atomic():
        current = _project_for_change(user, project)
        for village in villages:
            if village.county_id != current.county_id or not region_in_scope(user, village, CHANGE):
                raise PermissionDenied("village out of scope")
        old = sorted(current.villages.values_list("code", flat=True))
        new = sorted(v.code for v in villages)
        if old == new:
            return
        current.villages.set(villages)
        audit.record(AuditAction.UPDATE, current, changes={"villages": [old, new]})
