"""The dynamic list of black-odorous water bodies (S12): every change of state happens here.

identified → in remediation (a batch, with at least one measure and its project) → remediated
(a sample taken since remediation began is not black-odorous) → under observation → accepted
(no open complaint); from remediated, under observation or accepted a black-odorous sample or
a complaint case makes the body relapsed (返黑返臭), back on the list, from where it enters
remediation again. Each step locks the row inside the user's change scope (else
``PermissionDenied``, answered as "not found"), checks the state (else ``WorkflowError`` with
the reason, shown to the user) and writes its audit event in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from renju.cases import actions as case_actions
from renju.cases.choices import OPEN_STATES, Source
from renju.cases.models import Case
from renju.core import audit
from renju.core.models.audit import AuditAction
from renju.core.scoping import CHANGE, VIEW

from . import thresholds
from .cases import COMPLAINT
from .choices import AFTER_REMEDIATION, BodyState, Grade, Measure
from .models import PublicSurvey, RemediationMeasure, WaterBody, WaterSample

BODY_TYPE = "water.waterbody"
VALUE_FIELDS = ("transparency_cm", "do_mg_l", "nh3n_mg_l", "orp_mv", "depth_cm")


class WorkflowError(ValueError):
    """A step that is not possible in the body's state (the message says why)."""


# --- bookkeeping ---------------------------------------------------------------------------


def _locked(user: Any, body: WaterBody) -> WaterBody:
    current = (
        WaterBody.objects.restrict(user, CHANGE)
        .select_for_update()
        .select_related("region")
        .filter(pk=body.pk)
        .first()
    )
    if current is None:
        raise PermissionDenied("water body out of scope")
    return current


def _fields(body: WaterBody, names: Iterable[str]) -> dict[str, Any]:
    return {n: audit.to_json(getattr(body, n)) for n in names}


def _move(
    body: WaterBody,
    to: str,
    note: str,
    today: datetime.date | None = None,
    actor: Any = None,
    **extra: Any,
) -> WaterBody:
    """Set the state (and ``extra`` fields), save and audit ``{field: [old, new]}``."""
    names = ["state", "state_since", *extra]
    before = _fields(body, names)
    body.state = to
    body.state_since = today or timezone.localdate()
    for name, value in extra.items():
        setattr(body, name, value)
    body.save(update_fields=[*names, "updated_at"])
    audit.record(
        AuditAction.UPDATE,
        body,
        changes=audit.diff(before, _fields(body, names)),
        note=note,
        actor=actor,
    )
    return body


def _refuse(body: WaterBody, step: str) -> WorkflowError:
    return WorkflowError(
        _("%(code)s is %(state)s; it cannot be %(step)s now.")
        % {"code": body.code, "state": body.get_state_display(), "step": step}
    )


def _require_state(body: WaterBody, states: Iterable[str], step: str) -> None:
    if body.state not in set(states):
        raise _refuse(body, step)


# --- measures and surveys ------------------------------------------------------------------


def add_measure(
    user: Any, body: WaterBody, measure: str, project: Any, note: str = ""
) -> RemediationMeasure:
    """A remediation measure with the project that carries it out (a project the user sees)."""
    from renju.plans.models import Project

    if measure not in Measure.values:
        raise WorkflowError(_("Unknown measure."))
    with transaction.atomic():
        body = _locked(user, body)
        if body.state == BodyState.ACCEPTED:
            raise _refuse(body, _("given new measures"))
        if not Project.objects.restrict(user, VIEW).filter(pk=project.pk).exists():
            raise PermissionDenied("project out of scope")
        row = RemediationMeasure.objects.create(
            water_body=body, measure=measure, project=project, note=note.strip()[:300]
        )
        audit.record(
            AuditAction.CREATE,
            row,
            changes=audit.diff({}, audit.snapshot(row)),
            region=body.region,
            actor=user,
        )
    return row


def _survey_code(body: WaterBody, day: datetime.date) -> str:
    """The first free ``PS-<body id>-<yyyymmdd>[-n]`` (imported surveys bring their own)."""
    base = f"PS-{body.pk}-{day:%Y%m%d}"
    code, n = base, 1
    while PublicSurvey.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def record_survey(
    user: Any,
    body: WaterBody,
    surveyed_on: datetime.date,
    respondents: int,
    judged: int,
    note: str = "",
) -> PublicSurvey:
    """A public survey's result (respondents, and how many judged the body black-odorous)."""
    if respondents < 1 or judged < 0 or judged > respondents:
        raise WorkflowError(_("Those judging it black-odorous cannot outnumber the respondents."))
    with transaction.atomic():
        body = _locked(user, body)
        survey = PublicSurvey.objects.create(
            code=_survey_code(body, surveyed_on),
            region=body.region,
            water_body=body,
            surveyed_on=surveyed_on,
            respondents=respondents,
            judged_black_odorous=judged,
            note=note.strip()[:300],
        )
        audit.record(
            AuditAction.CREATE,
            survey,
            changes=audit.diff({}, audit.snapshot(survey)),
            region=body.region,
            actor=user,
        )
    return survey


# --- the steps -----------------------------------------------------------------------------


def start_remediation(user: Any, body: WaterBody, batch: str, note: str = "") -> WaterBody:
    """identified or relapsed → in remediation, in a named batch, with at least one measure."""
    batch = batch.strip()
    with transaction.atomic():
        body = _locked(user, body)
        _require_state(body, {BodyState.IDENTIFIED, BodyState.RELAPSED}, _("put into remediation"))
        if not batch:
            raise WorkflowError(_("Name the remediation batch."))
        if not body.measures.exists():
            raise WorkflowError(_("Add at least one remediation measure with its project first."))
        return _move(body, BodyState.IN_REMEDIATION, note, actor=user, batch=batch[:50])


def _latest_since(body: WaterBody, since: datetime.date | None) -> list[WaterSample]:
    samples = body.samples.all()
    if since is not None:
        samples = samples.filter(sampled_on__gte=since)
    day = samples.order_by("-sampled_on").values_list("sampled_on", flat=True).first()
    return list(samples.filter(sampled_on=day)) if day else []


def complete_remediation(user: Any, body: WaterBody, note: str = "") -> WaterBody:
    """in remediation → remediated, once the latest sampling day since the start is clean."""
    with transaction.atomic():
        body = _locked(user, body)
        _require_state(body, {BodyState.IN_REMEDIATION}, _("declared remediated"))
        latest = _latest_since(body, body.state_since)
        if not latest:
            raise WorkflowError(
                _("A sample taken since remediation began is needed to declare it remediated.")
            )
        grade = thresholds.worst([s.grade or Grade.CLEAN for s in latest])
        if thresholds.is_black_odorous(grade):
            raise WorkflowError(
                _("The latest samples (%(day)s) are still black-odorous.")
                % {"day": latest[0].sampled_on.isoformat()}
            )
        today = timezone.localdate()
        return _move(
            body,
            BodyState.REMEDIATED,
            note,
            today=today,
            actor=user,
            remediated_on=today,
            remediated_at=timezone.now(),
        )


def start_observation(user: Any, body: WaterBody, note: str = "") -> WaterBody:
    """remediated → under observation (monitoring to prevent relapse)."""
    with transaction.atomic():
        body = _locked(user, body)
        _require_state(body, {BodyState.REMEDIATED}, _("put under observation"))
        return _move(body, BodyState.OBSERVATION, note, actor=user)


def open_complaints(body: WaterBody) -> QuerySet[Case]:
    return Case.objects.filter(
        category=COMPLAINT.key, subject_type=BODY_TYPE, subject_id=body.pk, state__in=OPEN_STATES
    )


def accept(user: Any, body: WaterBody, note: str = "") -> WaterBody:
    """under observation → accepted, when no complaint about it is open."""
    with transaction.atomic():
        body = _locked(user, body)
        _require_state(body, {BodyState.OBSERVATION}, _("accepted"))
        if open_complaints(body).exists():
            raise WorkflowError(_("A complaint about this water body is still open."))
        return _move(body, BodyState.ACCEPTED, note, actor=user)


def _relapse(body: WaterBody, reason: str, actor: Any = None) -> WaterBody:
    return _move(
        body,
        BodyState.RELAPSED,
        reason,
        actor=actor,
        relapse_count=body.relapse_count + 1,
    )


def relapse(user: Any, body: WaterBody, reason: str) -> WaterBody:
    """An official marks a remediated body relapsed (返黑返臭), with the reason."""
    if not reason.strip():
        raise WorkflowError(_("Give the reason for the relapse."))
    with transaction.atomic():
        body = _locked(user, body)
        _require_state(body, AFTER_REMEDIATION, _("marked relapsed"))
        return _relapse(body, reason.strip(), actor=user)


# --- samples and complaints ----------------------------------------------------------------


def classify_samples(user: Any, samples: QuerySet[WaterSample]) -> int:
    """Classify the samples just written, refresh their bodies' grade, and relapse a remediated
    body whose latest sampling day (on or after the day it was remediated) is black-odorous.

    The sample's grade is derived and written in the transaction of the sample's own audited
    write (page, API or import: one event per row); the body's changes are audited on the body.

    Runs in the transaction of the write (the ledger's ``after_write``) by every write path;
    returns the number of bodies that relapsed.
    """
    rows = list(samples.select_related("water_body__threshold_set", "water_body__region"))
    rules: dict[int | None, Any] = {}
    bodies: dict[int, WaterBody] = {}
    for sample in rows:
        body = sample.water_body
        key = body.threshold_set_id
        if key not in rules:
            rules[key] = thresholds.rules_for(body.threshold_set)
        values = {f: getattr(sample, f) for f in VALUE_FIELDS}
        grade, findings = thresholds.classify(values, rules[key])
        reasons = [f.as_json() for f in findings]
        if grade != sample.grade or reasons != sample.reasons:
            # A derived column, written in the transaction of the row's own audited write.
            WaterSample.objects.filter(pk=sample.pk).update(grade=grade, reasons=reasons)
        bodies[body.pk] = body
    relapsed = 0
    for body in bodies.values():
        relapsed += int(_refresh_body(body, user))
    return relapsed


def _refresh_body(body: WaterBody, actor: Any) -> bool:
    """Keep the body's grade from its latest sampling day; relapse it if that day fails."""
    body = (
        WaterBody.objects.select_for_update(of=("self",))  # PostgreSQL: not the outer join
        .select_related("region", "threshold_set")
        .get(pk=body.pk)
    )
    latest = _latest_since(body, None)
    if not latest:
        return False
    tset = body.threshold_set or thresholds.default_set()
    grade = thresholds.body_grade(
        [(s.point, s.grade) for s in latest], tset.point_share if tset is not None else None
    )
    day = latest[0].sampled_on
    if grade != body.grade or day != body.graded_on:
        before = _fields(body, ["grade", "graded_on"])
        body.grade, body.graded_on = grade, day
        body.save(update_fields=["grade", "graded_on", "updated_at"])
        audit.record(
            AuditAction.UPDATE,
            body,
            changes=audit.diff(before, _fields(body, ["grade", "graded_on"])),
            note="classified from samples",
            actor=actor,
        )
    after_remediation = body.remediated_on is None or day >= body.remediated_on
    if body.state in AFTER_REMEDIATION and after_remediation and thresholds.is_black_odorous(grade):
        codes = ", ".join(s.code for s in latest if thresholds.is_black_odorous(s.grade))
        _relapse(
            body,
            _("Relapse: black-odorous sample %(codes)s of %(day)s")
            % {"codes": codes, "day": day.isoformat()},
            actor=actor,
        )
        return True
    return False


def record_complaint(
    user: Any,
    body: WaterBody,
    description: str,
    reporter_name: str = "",
    reporter_phone: str = "",
    source: str = Source.HOTLINE,
) -> tuple[Case, bool]:
    """A complaint about the body opens (or joins) its complaint case, routed to the town; a
    body remediated, under observation or accepted relapses. Returns ``(case, relapsed)``."""
    if not description.strip():
        raise WorkflowError(_("Describe the complaint."))
    if not WaterBody.objects.restrict(user, CHANGE).filter(pk=body.pk).exists():
        raise PermissionDenied("water body out of scope")
    case, _created = case_actions.open_case(
        category=COMPLAINT.key,
        region=body.region,
        source=source,
        subject=body,
        description=description.strip(),
        reporter_name=reporter_name.strip(),
        reporter_phone=reporter_phone.strip(),
        reporter_user=user,
    )
    return case, relapse_from_complaints(user, [body.pk]) > 0


def relapse_from_complaints(actor: Any = None, body_ids: list[int] | None = None) -> int:
    """Relapse every remediated body with a complaint case opened since it was remediated.

    Covers complaints that arrive through other channels (Open311, the case pages) too; the
    actor is the user who recorded the complaint, or the system.
    """
    cases = Case.objects.filter(
        category=COMPLAINT.key, subject_type=BODY_TYPE, state__in=OPEN_STATES
    )
    if body_ids is not None:
        cases = cases.filter(subject_id__in=body_ids)
    latest: dict[int, Case] = {}
    for case in cases.order_by("created_at"):
        if case.subject_id is not None:
            latest[case.subject_id] = case
    relapsed = 0
    for body_id, case in latest.items():
        with transaction.atomic():
            body = (
                WaterBody.objects.select_for_update()
                .select_related("region")
                .filter(pk=body_id, state__in=sorted(AFTER_REMEDIATION))
                .first()
            )
            if body is None:
                continue
            since = body.remediated_at
            if since is not None and case.created_at < since:
                continue  # the complaint came before the remediation: it blocks acceptance
            _relapse(
                body,
                _("Relapse: complaint case %(code)s") % {"code": case.code},
                actor=actor,
            )
            relapsed += 1
    return relapsed


def survey_share(body: WaterBody) -> tuple[Decimal | None, bool | None]:
    """The latest survey's share (%) and whether it counts as black-odorous."""
    survey = body.surveys.order_by("-surveyed_on", "-pk").first()
    if survey is None:
        return None, None
    share = survey.share
    return share, thresholds.survey_says_black_odorous(share, body.threshold_set)


STEPS: dict[str, Any] = {
    "start": start_remediation,
    "complete": complete_remediation,
    "observe": start_observation,
    "accept": accept,
    "relapse": relapse,
}
# Which steps each state offers (for the buttons; the actions check again).
OFFERED: dict[str, list[str]] = {
    BodyState.IDENTIFIED: ["start"],
    BodyState.IN_REMEDIATION: ["complete"],
    BodyState.REMEDIATED: ["observe", "relapse"],
    BodyState.OBSERVATION: ["accept", "relapse"],
    BodyState.ACCEPTED: ["relapse"],
    BodyState.RELAPSED: ["start"],
}
