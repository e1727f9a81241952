"""Cleanliness inspections (S3): the score sheet, findings that open cases, re-checks.

An inspector (a government official with the right to add rows in the village) fills the
village's score sheet on a phone: each item found wanting becomes a :class:`Finding` with an
optional photo, deducts the item's points and opens a cleaning case of its kind, routed to the
village (to the company when a cleaning company serves it) with the category's deadline. The
village's open findings are listed on the same form and re-checked: rectified closes the
finding and its case; not rectified keeps both (a case the village marked resolved is reopened).
Every write goes through ``core.actions`` or the case actions, so each leaves an audit event.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from renju.accounts.choices import SERVICE_AREA_KINDS, OrganisationKind
from renju.accounts.models import Organisation
from renju.accounts.scope import grants_of
from renju.cases import actions as case_actions
from renju.cases.actions import CaseActionError
from renju.cases.choices import OPEN_STATES, Source, State
from renju.cases.models import Case
from renju.core import actions
from renju.core.scoping import ADD, CHANGE, region_in_scope
from renju.regions.choices import Level
from renju.regions.models import Region

from .cases import category_for
from .choices import FindingStatus, ItemKind
from .models import FULL_SCORE, Campaign, CleaningContract, Finding, Inspection, ScoreItem
from .sheet import ensure_default_sheet

KIND_ORDER = {kind: i for i, kind in enumerate(ItemKind.values)}
# The same score sheet sent again by the same inspector within this time is a double tap or a
# retry, not a second inspection (cases.actions.COMMENT_REPEAT_WINDOW is the same rule).
REPEAT_WINDOW = datetime.timedelta(minutes=2)


@dataclass
class FindingInput:
    """One item found wanting: the item, what was seen, an optional (validated) photo."""

    item: ScoreItem
    description: str = ""
    photo: Any = None


@dataclass
class RecheckInput:
    """The re-check of an open finding of the village."""

    finding: Finding
    rectified: bool
    note: str = ""
    photo: Any = None


def may_start_inspection(user: Any) -> bool:
    """Who may open the inspection page: an inspector who may add records somewhere."""
    from renju.core.scoping import ADD, user_can

    return is_inspector(user) and user_can(user, ADD)


def is_inspector(user: Any) -> bool:
    """A government official (not a company) with an administrator, officer or dispatcher
    grant (the roles that may act on cases), or a superuser."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    org = user.organisation
    if org is None or org.kind in SERVICE_AREA_KINDS:
        return False
    return any(g.role in case_actions.OFFICIAL_ROLES for g in grants_of(user))


def score_sheet(village: Region) -> list[ScoreItem]:
    """The active items of the city, county, town and village over ``village``, in order:
    the policy's kinds first (heaps, disorders, weak spots...), the rules' and standard's last.

    A city without any item gets the default sheet first (:mod:`renju.cleaning.sheet`)."""
    ensure_default_sheet(village.city_id)
    chain = [i for i in (village.city_id, village.county_id, village.town_id, village.pk) if i]
    items = (
        ScoreItem.objects.filter(  # scope: items over a village the caller scoped (or above)
            region_id__in=chain, is_active=True
        )
        .filter(Q(document__isnull=True) | Q(document__is_active=True))
        .select_related("region")
    )
    return sorted(
        items, key=lambda i: (KIND_ORDER.get(i.kind, 99), i.region.level, i.position, i.code)
    )


def score_of(points: Sequence[Decimal]) -> Decimal:
    """100 minus the points deducted, never below 0."""
    return max(Decimal("0"), FULL_SCORE - sum(points, Decimal("0")))


def contract_company(village: Region, day: datetime.date) -> Organisation | None:
    """The company whose contract covers ``village`` on ``day`` (the most specific region)."""
    levels = (village.pk, village.town_id, village.county_id)
    chain: dict[int, int] = {k: n for n, k in enumerate(levels) if k}
    contracts = CleaningContract.objects.filter(  # scope: contracts over a scoped village
        region_id__in=list(chain), starts_on__lte=day, ends_on__gte=day
    ).select_related("company")
    best = sorted(contracts, key=lambda c: (chain.get(c.region_id, 9), -c.pk))
    return best[0].company if best else None


def open_findings(village: Region) -> list[Finding]:
    """The village's findings not yet rectified, oldest first."""
    return list(
        Finding.objects.filter(  # scope: the callers scoped the village first
            village=village, status=FindingStatus.OPEN
        )
        .select_related("item", "inspection", "case")
        .order_by("pk")
    )


def _next_code(village: Region, day: datetime.date) -> str:
    prefix = f"XJ{village.code}{day:%Y%m%d}"
    taken = Inspection.objects.filter(code__startswith=prefix).count()  # scope: a code count
    return f"{prefix}{taken + 1:02d}"


def _route_to_village(case: Case, user: Any) -> Case:
    """A case the routing left with the town government goes to the village committee."""
    if case.assigned_org is not None and case.assigned_org.kind in SERVICE_AREA_KINDS:
        return case  # the company under contract rectifies
    committee = Organisation.objects.filter(
        region_id=case.village_id or 0, kind=OrganisationKind.VILLAGE_COMMITTEE, is_active=True
    ).first()
    if committee is None or case.assigned_org_id == committee.pk:
        return case
    return case_actions.assign(case, user, committee, note=_("Routed to the village"))


def _open_case(user: Any, finding: Finding, photo: Any) -> Case:
    with translation.override("zh-hans"):
        description = f"{finding.item.name}: {finding.description}".strip(": ")
    photos = [photo] if photo else []
    for p in photos:
        p.seek(0)
    case, _created = case_actions.open_case(
        category=category_for(finding.kind).key,
        region=finding.region,
        source=Source.INSPECTION,
        subject=finding,
        description=description[:1000],
        reporter_user=user,
        photos=photos,
        data={"finding": finding.code, "item": finding.item.code, "points": str(finding.points)},
    )
    return _route_to_village(case, user)


def _recheck(user: Any, inspection: Inspection, check: RecheckInput) -> Finding:
    # The village check below keeps the lock inside the (scoped) inspected village.
    finding = Finding.objects.select_for_update().get(pk=check.finding.pk)  # scope: see above
    if finding.village_id != inspection.village_id or finding.status != FindingStatus.OPEN:
        raise CaseActionError(_("This finding is not open in this village."))
    note = check.note or (
        _("Re-check: rectified") if check.rectified else _("Re-check: not rectified")
    )
    photos = [check.photo] if check.photo else []
    case = finding.case
    if check.rectified:
        if case is not None and case.state in OPEN_STATES:
            if case.assigned_org_id != user.organisation_id and user.organisation is not None:
                case = case_actions.assign(case, user, user.organisation, note=note)
            if case.state in {State.ASSIGNED, State.REOPENED}:
                case = case_actions.accept(case, user)
            case = case_actions.resolve(
                case, user, note, photos=photos, data={"rechecked_in": inspection.code}
            )
        if case is not None and case.state in {State.RESOLVED, State.CONFIRMED}:
            case_actions.close(case, user, note)
        finding.status = FindingStatus.RECTIFIED
        finding.rechecked_in = inspection
        finding.rectified_on = inspection.inspected_on
    elif case is not None:
        if case.state in {State.RESOLVED, State.CONFIRMED, State.CLOSED}:
            case_actions.reopen(case, note, user=user)
        else:
            case_actions.comment(case, user, note)
    finding.recheck_count += 1
    actions.save_object(user, finding, note=note)
    return finding


def record_inspection(
    user: Any,
    village: Region,
    inspected_on: datetime.date,
    inspector_name: str,
    findings: Sequence[FindingInput] = (),
    rechecks: Sequence[RecheckInput] = (),
    campaign: Campaign | None = None,
    note: str = "",
) -> Inspection:
    """Record one inspection with its findings (each opens a case) and re-checks.

    ``PermissionDenied`` when the user is not an inspector of the village; ``CaseActionError``
    when an item is not on the village's sheet or a re-checked finding is not open there.
    """
    if not is_inspector(user) or village.level != Level.VILLAGE:
        raise PermissionDenied("not an inspector of this village")
    if not (region_in_scope(user, village, ADD) and region_in_scope(user, village, CHANGE)):
        raise PermissionDenied("village out of scope")
    sheet = {item.pk for item in score_sheet(village)}
    if any(f.item.pk not in sheet for f in findings):
        raise CaseActionError(_("An item is not on this village's score sheet."))
    if len({f.item.pk for f in findings}) != len(findings):
        raise CaseActionError(_("Each item is recorded once per inspection."))
    if inspected_on > timezone.localdate():
        raise CaseActionError(_("The inspection date is in the future."))
    with transaction.atomic():
        # One inspection at a time per village (the lock), and the same sheet sent again by
        # the same inspector moments later (a double tap, a retry on a weak network) is the
        # inspection already recorded, not a second one with its own cases.
        Region.objects.select_for_update().filter(pk=village.pk).first()
        repeated = (
            Inspection.objects.filter(  # scope: the village, checked above
                region=village,
                inspected_on=inspected_on,
                inspector=user,
                finding_count=len(findings),
                rechecked_count=len(rechecks),
                created_at__gte=timezone.now() - REPEAT_WINDOW,
            )
            .order_by("-pk")
            .first()
        )
        if repeated is not None:
            return repeated
        inspection = Inspection(
            code=_next_code(village, inspected_on),
            region=village,
            inspected_on=inspected_on,
            inspector=user,
            inspector_name=inspector_name[:50] or str(user)[:50],
            campaign=campaign,
            company=contract_company(village, inspected_on),
            score=score_of([f.item.points for f in findings]),
            finding_count=len(findings),
            rechecked_count=len(rechecks),
            note=note[:300],
        )
        actions.save_object(user, inspection)
        for check in rechecks:
            _recheck(user, inspection, check)
        for n, found in enumerate(findings, start=1):
            finding = Finding(
                code=f"{inspection.code}-{n:02d}",
                region=village,
                inspection=inspection,
                item=found.item,
                kind=found.item.kind,
                points=found.item.points,
                description=found.description[:300],
            )
            if found.photo:
                finding.photo.save(found.photo.name, found.photo, save=False)
            actions.save_object(user, finding)
            case = _open_case(user, finding, found.photo)
            finding.case, finding.deadline = case, case.deadline
            actions.save_object(user, finding, note=_("case %(code)s") % {"code": case.code})
    return inspection
