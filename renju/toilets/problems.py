"""Problem toilets (S13): survey results open rectification cases; a town official verifies.

A toilet whose ``condition`` is one of the policy's problem kinds (unusable, hard to use, not
usable all year) gets one ``toilet.problem`` case with a deadline from the category's SLA and a
rectification measure; running the survey again never opens a second one while the first is
active. The fix is verified on site with a photo: the case is resolved through the case state
machine and the toilet's condition set back to usable, both audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renju.accounts.choices import SERVICE_AREA_KINDS
from renju.cases import actions as case_actions
from renju.cases.actions import CaseActionError
from renju.cases.choices import OPEN_STATES, Source, State
from renju.cases.models import Case
from renju.core import actions
from renju.core.masking import mask_name
from renju.core.scoping import CHANGE, VIEW
from renju.regions.choices import ANCESTOR_FIELD, Level
from renju.regions.models import Region

from .cases import PROBLEM_TOILET
from .choices import PROBLEM_CONDITIONS, Condition
from .models import HouseholdToilet

CATEGORY = PROBLEM_TOILET.key
TOILET_TYPE = "toilets.householdtoilet"

# The default rectification measure per problem kind (a survey form may give its own).
MEASURES: dict[str, Any] = {
    Condition.UNUSABLE: gettext_lazy("Repair or rebuild the toilet so that it can be used"),
    Condition.HARD_TO_USE: gettext_lazy(
        "Fix what makes the toilet hard to use (water supply, pan, door, lighting)"
    ),
    Condition.NOT_ALL_YEAR: gettext_lazy(
        "Protect the toilet against freezing or flooding so it works all year"
    ),
}


def default_measure(condition: str) -> str:
    """The measure text for a problem kind (empty for a usable toilet)."""
    measure = MEASURES.get(condition)
    return str(measure) if measure is not None else ""


def is_government(user: Any) -> bool:
    """A signed-in user of a government body (not a company or cooperative), or a superuser."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    org = user.organisation
    return org is not None and org.kind not in SERVICE_AREA_KINDS


def _require_government(user: Any) -> None:
    if not is_government(user):
        raise PermissionDenied("only government officials act on problem toilets")


def active_problem_subject_ids() -> QuerySet[Any]:
    """The ids of the toilets that have an active problem case (a subquery)."""
    return Case.objects.filter(
        category=CATEGORY, subject_type=TOILET_TYPE, state__in=OPEN_STATES
    ).values("subject_id")


def toilets_needing_cases(user: Any, queryset: QuerySet[HouseholdToilet]) -> Any:
    """The toilets of ``queryset`` in the user's change scope with a problem and no active case."""
    restricted: Any = queryset
    return (
        restricted.restrict(user, CHANGE)
        .filter(condition__in=sorted(PROBLEM_CONDITIONS))
        .exclude(pk__in=active_problem_subject_ids())
        .select_related("region")
        .order_by("pk")
    )


def open_problem_cases(user: Any, queryset: QuerySet[HouseholdToilet], measure: str = "") -> int:
    """Open a rectification case for each problem toilet of ``queryset`` that has none.

    Run after a survey is entered or imported. Idempotent: a toilet with an active
    ``toilet.problem`` case is skipped (and ``open_case`` would attach to it anyway). Returns
    the number of cases opened.
    """
    _require_government(user)
    opened = 0
    # Read first, then write: each case opens in its own transaction (retried on a race).
    for toilet in list(toilets_needing_cases(user, queryset)):
        condition = toilet.condition
        with translation.override("zh-hans"):
            text = measure or default_measure(condition)
            description = _("Survey: %(condition)s. %(cause)s") % {
                "condition": Condition(condition).label,
                "cause": toilet.problem_cause,
            }
        _case, created = case_actions.open_case(
            category=CATEGORY,
            region=toilet.region,
            source=Source.SURVEY,
            subject=toilet,
            description=description.strip(),
            reporter_user=user,
            data={"condition": condition, "cause": toilet.problem_cause, "measure": text},
        )
        opened += int(created)
    return opened


def record_survey(
    user: Any, toilet: HouseholdToilet, condition: str, cause: str = "", measure: str = ""
) -> Case | None:
    """Enter one toilet's survey result; a problem opens its case (or keeps the active one).

    Returns the toilet's active problem case, or None when the toilet is usable.
    """
    _require_government(user)
    if condition not in Condition.values:
        raise CaseActionError(_("Unknown condition."))
    with transaction.atomic():
        toilet.condition, toilet.problem_cause = condition, cause.strip()[:200]
        actions.save_object(user, toilet, note=_("survey"))
        if condition not in PROBLEM_CONDITIONS:
            return None
        mine = HouseholdToilet.objects.restrict(user, CHANGE).filter(pk=toilet.pk)
        open_problem_cases(user, mine, measure.strip())
        return (
            Case.objects.filter(
                category=CATEGORY,
                subject_type=TOILET_TYPE,
                subject_id=toilet.pk,
                state__in=OPEN_STATES,
            )
            .order_by("-pk")
            .first()
        )


def verify_rectification(case: Case, user: Any, photo: Any, note: str = "") -> Case:
    """A town official confirms the fix on site, with a photo: resolve, toilet usable again.

    The official's organisation takes the case on first (assign, accept) when it is not yet
    hers, so the timeline shows who verified; out of scope is ``PermissionDenied``.
    """
    _require_government(user)
    if case.category != CATEGORY:
        raise CaseActionError(_("This is not a problem-toilet case."))
    if photo is None:
        raise CaseActionError(_("A photo of the fixed toilet is required."))
    if user.organisation is None:
        raise PermissionDenied("the official has no organisation")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if not case_actions.is_official(user, case):
            raise PermissionDenied("case out of scope")
        if case.state not in OPEN_STATES:
            raise CaseActionError(
                _("This case is %(state)s; that step is not possible now.")
                % {"state": case.get_state_display()}
            )
        toilet = (
            HouseholdToilet.objects.restrict(user, CHANGE).filter(pk=case.subject_id or 0).first()
        )
        if toilet is None:
            raise PermissionDenied("toilet out of scope")
        if case.assigned_org_id != user.organisation_id:
            case = case_actions.assign(
                case, user, user.organisation, note=_("Taken on for verification")
            )
        if case.state in {State.ASSIGNED, State.REOPENED}:
            case = case_actions.accept(case, user)
        case = case_actions.resolve(
            case,
            user,
            note,
            photos=[photo],
            data={"verified_by": str(user), "verified_on": timezone.localdate().isoformat()},
        )
        toilet.condition = Condition.USABLE
        actions.save_object(
            user, toilet, note=_("rectification verified: %(code)s") % {"code": case.code}
        )
    return case


# --- the rectification ledger (整改台账) -------------------------------------------------------


def ledger_headers() -> list[str]:
    """The column headers of the rectification ledger, page and export alike."""
    return [
        _("case number"),
        _("village"),
        _("toilet"),
        _("household"),
        _("condition"),
        _("problem cause"),
        _("rectification measure"),
        _("deadline"),
        _("state"),
        _("verified"),
    ]


def problem_cases(user: Any, action: str = VIEW) -> QuerySet[Case]:
    """The problem-toilet cases the user may see, newest first."""
    return (
        Case.objects.restrict(user, action)
        .filter(category=CATEGORY)
        .select_related("region")
        .order_by("-pk")
    )


def _toilets_for(user: Any, cases: list[Case]) -> dict[int, HouseholdToilet]:
    ids = [c.subject_id for c in cases if c.subject_id]
    rows = (
        HouseholdToilet.objects.restrict(user, VIEW).filter(pk__in=ids).select_related("household")
    )
    return {t.pk: t for t in rows}


def _date(value: Any) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def ledger_row(case: Case, toilet: HouseholdToilet | None) -> list[Any]:
    """One row of the rectification ledger; the household head's name is masked."""
    data = case.data or {}
    condition = data.get("condition", "")
    household = ""
    if toilet is not None:
        household = f"{toilet.household.code} {mask_name(toilet.household.head_name)}"
    return [
        case.code,
        case.region.name,
        toilet.code if toilet is not None else case.subject_label,
        household,
        str(Condition(condition).label) if condition in Condition.values else condition,
        data.get("cause", ""),
        data.get("measure", ""),
        _date(case.deadline),
        case.get_state_display(),
        _date(case.resolved_at),
    ]


def ledger_rows(
    user: Any, cases: Iterable[Case], chunk: int = 1000
) -> Iterator[tuple[Case, list[Any]]]:
    """``(case, row)`` pairs, the toilets read a chunk at a time."""
    batch: list[Case] = []
    for case in cases:
        batch.append(case)
        if len(batch) >= chunk:
            yield from _rows(user, batch)
            batch = []
    if batch:
        yield from _rows(user, batch)


def _rows(user: Any, batch: list[Case]) -> Iterator[tuple[Case, list[Any]]]:
    toilets = _toilets_for(user, batch)
    for case in batch:
        yield case, ledger_row(case, toilets.get(case.subject_id or 0))


def filter_cases(queryset: QuerySet[Case], params: Any, region: Any = None) -> QuerySet[Case]:
    """The rectification ledger's filters: region, state (or active/overdue), condition, code."""
    if region is not None:
        queryset = queryset.filter(region.scope_filter())
    state = params.get("state", "")
    if state == "active":
        queryset = queryset.filter(state__in=sorted(OPEN_STATES))
    elif state == "overdue":
        queryset = queryset.filter(state__in=sorted(OPEN_STATES), deadline__lt=timezone.now())
    elif state in State.values:
        queryset = queryset.filter(state=state)
    if (condition := params.get("condition", "")) in PROBLEM_CONDITIONS:
        queryset = queryset.filter(data__condition=condition)
    if q := params.get("q", "").strip():
        queryset = queryset.filter(Q(code__startswith=q) | Q(subject_label__startswith=q))
    return queryset


@dataclass
class RegionSummary:
    """The rectification figures of one region (a child of the region shown)."""

    region: Region
    total: int
    active: int
    overdue: int
    verified: int


def summary_by_child(queryset: QuerySet[Case], region: Region | None) -> list[RegionSummary]:
    """Per child region of ``region`` (towns of a county, villages of a town...): cases, still
    open, overdue, verified; one GROUP BY on the ancestor column of the children's level."""
    if region is None or region.level + 1 not in ANCESTOR_FIELD:
        return []
    column = ANCESTOR_FIELD[Level(region.level + 1)]
    active = Q(state__in=sorted(OPEN_STATES))
    counts = (
        queryset.filter(region.scope_filter())
        .order_by()
        .values(f"{column}_id")
        .annotate(
            total=Count("pk"),
            active=Count("pk", filter=active),
            overdue=Count("pk", filter=active & Q(deadline__lt=timezone.now())),
            verified=Count("pk", filter=Q(resolved_at__isnull=False)),
        )
    )
    by_id = {c[f"{column}_id"]: c for c in counts if c[f"{column}_id"]}
    regions = Region.objects.filter(pk__in=list(by_id)).order_by("code")
    return [
        RegionSummary(
            r,
            by_id[r.pk]["total"],
            by_id[r.pk]["active"],
            by_id[r.pk]["overdue"],
            by_id[r.pk]["verified"],
        )
        for r in regions
    ]
