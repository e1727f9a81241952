"""The villager's report by QR code: receive it durably at once, route it just after.

The report is on the hot path (a whole county scanning at once), so the request does as little
as it can: the toilet is found by its unique ``qr_code`` index in ONE raw query over the three
toilet tables, the throttle lives in the cache, and the report is ONE insert into the intake
table (``ToiletReport``), committed before the answer: an acknowledged report survives a
killed server. Opening the case (or attaching the report to the toilet's active case of that
kind) with routing, deadline, notifications and audit happens after the answer, in ``drain``:
run by the queue (Huey) a moment later, every minute as a backstop, and at once where the
queue is immediate (tests). Until then the reporter's status page says "received, being
routed".
"""

from __future__ import annotations

import base64
import datetime
import functools
import hashlib
import hmac
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from renju.cases.actions import CaseActionError, open_case
from renju.cases.choices import OPEN_STATES, Source, State
from renju.cases.models import Case
from renju.core import audit, counters
from renju.core.bulk import converter
from renju.core.models.audit import AuditAction, Channel
from renju.core.statements import Statement

from .cases import TOILET_BROKEN, TOILET_FULL, TOILET_OTHER
from .models import (
    ClinicToilet,
    CodedToilet,
    HouseholdToilet,
    PublicToilet,
    ToiletReport,
)

log = logging.getLogger("renju.intake")

# The three buttons of the page, in order.
REPORT_CATEGORIES = (TOILET_FULL.key, TOILET_BROKEN.key, TOILET_OTHER.key)
TOILET_MODELS: tuple[type[CodedToilet], ...] = (HouseholdToilet, PublicToilet, ClinicToilet)
_MODEL_BY_LABEL: dict[str, type[CodedToilet]] = {m._meta.label_lower: m for m in TOILET_MODELS}
# Cases shown on the toilet's page: still being worked on, or fixed and awaiting confirmation.
SHOWN_STATES = sorted({*OPEN_STATES, State.RESOLVED})
# Crockford's base 32 reads O as 0 and I, L as 1: a code typed off a worn label still matches.
_CROCKFORD = str.maketrans({"O": "0", "I": "1", "L": "1"})
_CODE_SHAPE = re.compile(r"^[0-9A-Z]{4,16}$")
WINDOW_SECONDS = 3600
# Reports routed per batch of the drain, and the least time between two drains one web worker
# asks the queue for (reports arriving meanwhile wait for the one already asked for).
DRAIN_BATCH = 200
DRAIN_INTERVAL = 0.5
# The queue's drain gives way to the intake during a burst (our choice, tuned on a 2-core
# machine; see bench/INTAKE.md): while reports arrive at YIELD_RATE per second or more, it
# routes only those waiting for MAX_DEFER seconds or longer, and looks again every YIELD_PAUSE
# seconds. The web workers then own the CPU and the database's write lock while the reports
# pour in (each is stored and acknowledged at once), and routing catches up after.
YIELD_RATE = 5.0
YIELD_PAUSE = 0.5
MAX_DEFER = 60.0


def normalise_code(raw: str) -> str:
    """Upper case, without spaces or dashes (as printed in groups on a label)."""
    return re.sub(r"[\s\-]+", "", raw or "").upper()


def find_toilet(raw_code: str, *, for_page: bool = True) -> CodedToilet | None:
    """The household, public or clinic toilet with this QR code, or ``None``.

    Case-insensitive and blind to spaces; a malformed code costs no query. ``for_page`` also
    fetches the town and village the page names (the report needs only the region).
    """
    code = normalise_code(raw_code)
    if not _CODE_SHAPE.match(code):
        return None
    candidates = sorted({code, code.translate(_CROCKFORD)})
    related = ("region__town", "region__village") if for_page else ("region",)
    for model in TOILET_MODELS:
        rows = model._default_manager.select_related(*related).filter(qr_code__in=candidates)
        toilet = next(iter(rows.order_by()[:1]), None)  # unique: no ORDER BY needed
        if toilet is not None:
            return toilet
    return None


@dataclass(frozen=True)
class Located:
    """What the report needs of a toilet, found without building a model instance."""

    label: str  # "toilets.householdtoilet"
    pk: int
    region_id: int
    qr_code: str


def _locate_sql() -> str:
    parts = [
        f"SELECT %s, id, region_id, qr_code FROM {m._meta.db_table} WHERE qr_code IN (%s, %s)"
        for m in TOILET_MODELS
    ]
    return " UNION ALL ".join(parts)


_LOCATE = Statement(_locate_sql)


def locate(raw_code: str) -> Located | None:
    """The toilet with this code for the report: ONE indexed query over the three tables.

    Same matching as ``find_toilet`` (case, spaces, Crockford's look-alikes); a malformed code
    costs no query.
    """
    code = normalise_code(raw_code)
    if not _CODE_SHAPE.match(code):
        return None
    lookalike = code.translate(_CROCKFORD)
    params: list[Any] = []
    for model in TOILET_MODELS:
        params += [model._meta.label_lower, code, lookalike]
    row = _LOCATE.fetchone(params)
    return Located(row[0], int(row[1]), int(row[2]), row[3]) if row else None


def toilet_kind(toilet: CodedToilet) -> str:
    """What the page calls the toilet: its model's name, and its type for a household toilet."""
    kind = str(toilet._meta.verbose_name)
    if isinstance(toilet, HouseholdToilet):
        return f"{kind} · {toilet.get_toilet_type_display()}"
    return f"{kind} · {toilet}"


def village_name(toilet: CodedToilet) -> str:
    """Town and village (or whatever the region is) for the page's heading."""
    region = toilet.region
    parts = [region.town.name if region.town_id and region.town else ""]
    village = region.village if region.village_id else None
    parts.append(village.name if village is not None else region.name)
    if village is not None and region.pk != village.pk:
        parts.append(region.name)  # a hamlet
    return " ".join(p for p in parts if p)


def shown_cases(toilet: CodedToilet) -> list[Case]:
    """The toilet's cases in progress (or fixed, awaiting the reporter's confirmation)."""
    return list(
        Case.objects.filter(
            subject_type=toilet._meta.label_lower, subject_id=toilet.pk, state__in=SHOWN_STATES
        ).order_by("-pk")[:5]
    )


# --- throttle ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    key: str
    limit: int


def _limits(code: str, address: str) -> list[Limit]:
    return [
        Limit(f"renju:report:code:{code}", int(settings.RENJU_REPORT_LIMIT_PER_CODE)),
        Limit(f"renju:report:addr:{address}", int(settings.RENJU_REPORT_LIMIT_PER_CLIENT)),
    ]


def take_report_slot(code: str, address: str) -> bool:
    """Count one report against the toilet code and the client address; ``False`` if over.

    Fixed one-hour windows in the cache; a limit of 0 switches that limit off.
    """
    allowed = True
    for item in _limits(normalise_code(code), address):
        if item.limit <= 0:
            continue
        if counters.hit(item.key, WINDOW_SECONDS) > item.limit:
            allowed = False
    return allowed


# --- the report ---------------------------------------------------------------------------


def case_key(form_key: str, toilet_label: str, toilet_pk: int, category: str) -> str:
    """The report's idempotency key: the form's key for this toilet and this problem.

    A double tap re-sends the same button and gets the same report; going back to the same page
    (same form key) and tapping another problem is another report, not a repeat.
    """
    raw = f"{form_key}|{toilet_label}|{toilet_pk}|{category}"
    return hashlib.sha256(raw.encode()).hexdigest()


@functools.cache
def _insert_plan() -> list[tuple[str, Any, Any]]:
    """The intake row's columns in order: (attname, field, converter or None)."""
    fields = [f for f in ToiletReport._meta.local_concrete_fields if not f.primary_key]
    return [(f.attname, f, converter(f)) for f in fields]


def _insert_sql() -> str:
    quote = connection.ops.quote_name
    plan = _insert_plan()
    columns = ", ".join(quote(field.column) for _attname, field, _convert in plan)
    marks = ", ".join(["%s"] * len(plan))
    return f"INSERT INTO {quote(ToiletReport._meta.db_table)} ({columns}) VALUES ({marks})"


_INSERT = Statement(_insert_sql)


def _insert(values: dict[str, Any]) -> None:
    """Insert one intake row: ``save(force_insert=True)`` without the ORM's per-call work.

    ``values`` holds the row by attribute name; a field left out gets its default. Each value
    goes to the database in the form ``core.bulk.converter`` gives it (dates adapted, text,
    numbers and a file's stored name as they are), as the imports write theirs.
    """
    row = []
    for attname, field, convert in _insert_plan():
        value = values[attname] if attname in values else field.get_default()
        row.append(convert(value) if convert is not None and value is not None else value)
    _INSERT.execute(row)


def _store(values: dict[str, Any]) -> None:
    """Insert the row, committed when this returns (the report is then acknowledged).

    Outside a transaction the INSERT runs on its own in autocommit: one statement, which SQLite
    runs as its own write transaction (taking the write lock at its start, as ``BEGIN
    IMMEDIATE`` would) and commits before returning: no BEGIN and COMMIT round trips, and the
    write lock is never held while the thread waits for the GIL. Inside a transaction (a test,
    a caller's ``atomic``) a savepoint keeps a duplicate key from breaking the caller's.
    """
    if connection.in_atomic_block:
        with transaction.atomic():
            _insert(values)
    else:
        _insert(values)


def receive(
    toilet: Located,
    *,
    category: str,
    idempotency_key: str,
    description: str = "",
    phone: str = "",
    photo: UploadedFile | None = None,
) -> str:
    """Store the report (one insert, committed) and return the reporter's status token.

    The same submission again (double tap, retry) stores nothing and returns the same token.
    Routing it to a case is asked of the queue (``request_drain``) after the commit.
    """
    if category not in REPORT_CATEGORIES:
        raise ValueError(f"not a villager's category: {category}")
    key = case_key(idempotency_key, toilet.label, toilet.pk, category)
    values: dict[str, Any] = {
        "token": report_token(key),
        "key": key,
        "toilet_type": toilet.label,
        "toilet_id": toilet.pk,
        "region_id": toilet.region_id,
        "category": category,
        "description": description,
        "phone": phone,
        "photo": "",
    }
    with_photo: ToiletReport | None = None
    if photo is not None:
        with_photo = ToiletReport(**values)
        with_photo.photo.save(photo.name or "photo", photo, save=False)
        values["photo"] = with_photo.photo.name
    try:
        _store(values)
    except IntegrityError:
        # The token is the key's: a taken token is this very submission, stored before.
        if not ToiletReport.objects.filter(token=values["token"]).exists():
            raise
        if with_photo is not None:
            with_photo.photo.delete(save=False)  # the repeat's copy of the photo is not needed
    request_drain()
    return str(values["token"])


# --- this browser's earlier report --------------------------------------------------------

# The cookie that keeps the form key of this browser's last report on a toilet (scoped to the
# toilet's address, so one per toilet). Going back to the page and sending the same problem
# again is then a repeat of that report, not a second one (promise 4), for as long as its case
# is in hand; after that the page gives a fresh key. How long the browser keeps it (our choice):
# longer than any case stays open.
REPORTER_COOKIE = "renju_report_key"
REPORTER_COOKIE_DAYS = 180
# The shape of a report form's key (``public_forms.new_idempotency_key`` makes 32 characters)
# and of a status token.
KEY_SHAPE = re.compile(r"^[A-Za-z0-9_\-]{16,64}$")


@dataclass(frozen=True)
class EarlierReport:
    """A report this browser sent on this toilet, still in hand (waiting, or its case shown)."""

    token: str
    category: str
    case: Case | None


def earlier_reports(toilet: CodedToilet, form_key: str | None) -> list[EarlierReport]:
    """The reports sent from the form with ``form_key`` on ``toilet``, when the page may hand
    the same key out again: every one of them still waiting or its case still shown (in hand or
    awaiting confirmation). Empty when there is none, or when one of them is over (the key is
    then spent: the next report of that problem is a new one)."""
    if not form_key or not KEY_SHAPE.match(form_key):
        return []
    label = toilet._meta.label_lower
    tokens = {
        report_token(case_key(form_key, label, toilet.pk, category)): category
        for category in REPORT_CATEGORIES
    }
    found = list(ToiletReport.objects.select_related("case").filter(token__in=tokens))
    if any(r.case is not None and r.case.state not in SHOWN_STATES for r in found):
        return []
    return [EarlierReport(r.token, r.category, r.case) for r in sorted(found, key=lambda r: r.pk)]


_TOKEN_SALT = "renju.toilets.report-token"
# The token's HMAC keyed for the current secret key, before any message (copied per report:
# ``salted_hmac`` would derive its key again each time).
_TOKEN_HMACS: dict[str, hmac.HMAC] = {}


def report_token(key: str) -> str:
    """The reporter's status token of the submission ``key``: unguessable without the secret
    key (an HMAC), and the same for the same submission, so that the token's unique index
    alone turns a double tap or a retry away (one index less to write per report).

    Equal to ``salted_hmac(_TOKEN_SALT, key, algorithm="sha256")``, shortened."""
    secret = settings.SECRET_KEY
    keyed = _TOKEN_HMACS.get(secret)
    if keyed is None:
        keyed = _TOKEN_HMACS[secret] = salted_hmac(_TOKEN_SALT, b"", algorithm="sha256")
    mac = keyed.copy()
    mac.update(key.encode())
    return base64.urlsafe_b64encode(mac.digest()[:18]).decode()  # 24 characters


_STATUS_PATHS: dict[str, tuple[str, str]] = {}
_TOKEN_MARK = "TOKENMARK0123456789"


def status_path(token: str) -> str:
    """``reverse("public:status", args=[token])`` for a status token, without resolving each time.

    A token is URL-safe (``[A-Za-z0-9_-]``), so it goes into the path unchanged; the path
    around it is reversed once per script prefix.
    """
    prefix = get_script_prefix()
    parts = _STATUS_PATHS.get(prefix)
    if parts is None:
        head, _mark, tail = reverse("public:status", args=[_TOKEN_MARK]).rpartition(_TOKEN_MARK)
        parts = _STATUS_PATHS[prefix] = (head, tail)
    return f"{parts[0]}{token}{parts[1]}"


# --- routing the received reports to cases ----------------------------------------------------


def route_report(
    report: ToiletReport, plan_cache: dict[tuple[str, int], Any] | None = None
) -> Case:
    """Open the report's case or attach it to the toilet's active one, then mark it routed.

    Safe to run twice for one report (a drain that died half-way, or two drains at once): the
    case is found again by the report's key (``open_case`` is idempotent on it).
    """
    model = _MODEL_BY_LABEL[report.toilet_type]
    toilet = model._default_manager.select_related("region").get(pk=report.toilet_id)
    with audit.audit_context(channel=Channel.PAGE):  # it came in through the villager's page
        case, _created = open_case(
            category=report.category,
            region=toilet.region,
            source=Source.QR,
            description=report.description,
            subject=toilet,
            reporter_phone=report.phone,
            photos=[report.photo.name] if report.photo else [],
            idempotency_key=report.key,
            reporter_token=report.token,
            plan_cache=plan_cache,
        )
    outcome = (
        ToiletReport.Outcome.CREATED
        if case.idempotency_key == report.key
        else ToiletReport.Outcome.ATTACHED
    )
    with transaction.atomic(), audit.audit_context(channel=Channel.PAGE):
        routed = ToiletReport.objects.filter(pk=report.pk, routed_at__isnull=True).update(
            case=case, outcome=outcome, routed_at=timezone.now()
        )
        if routed:  # the villager's write, on record once (a second drain finds it routed)
            changes = {
                "category": [None, report.category],
                "received_at": [None, audit.to_json(report.received_at)],
                "case": [None, case.code],
                "outcome": [None, outcome],
            }
            audit.record(AuditAction.CREATE, report, changes=changes, region=toilet.region)
    report.case, report.outcome = case, outcome
    return case


def drain(limit: int | None = None, *, yield_to_intake: bool = False) -> int:
    """Route every report still waiting, oldest first; returns how many were routed.

    A report that fails (e.g. a toilet deleted meanwhile) is logged and left waiting for the
    next drain; the others go on. ``yield_to_intake`` (the queue's drain) gives way to a burst
    of reports: see ``YIELD_RATE``.
    """
    done = 0
    failed: set[int] = set()
    plan_cache: dict[tuple[str, int], Any] = {}
    burst = _Burst() if yield_to_intake else None
    while limit is None or done < limit:
        waiting = ToiletReport.objects.filter(routed_at__isnull=True).exclude(pk__in=failed)
        batch = list(waiting.order_by("pk")[:DRAIN_BATCH])
        if not batch:
            break
        cutoff = burst.cutoff() if burst is not None else None
        if cutoff is not None:
            # A burst: only the overdue reports, the oldest first (ids follow their receipt).
            batch = [r for r in batch if r.received_at <= cutoff]
            if not batch:
                time.sleep(YIELD_PAUSE)  # none is overdue yet: look again in a moment
                continue
        for report in batch:
            if burst is not None and cutoff is None and burst.started():
                break  # a burst began: look again (route only the overdue ones)
            try:
                route_report(report, plan_cache)
                done += 1
            except (CaseActionError, ObjectDoesNotExist, LookupError, ValueError) as exc:
                failed.add(report.pk)
                log.warning("report %s not routed: %s", report.pk, exc)
        plan_cache.clear()  # routing rules may change: at most one batch reuses an answer
    return done


def newest_report() -> int:
    """The id of the newest report stored (0 if none): a cheap look at the primary key."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(id) FROM {ToiletReport._meta.db_table}")
        row = cursor.fetchone()
    return int(row[0] or 0) if row else 0


def waiting_since(report_id: int) -> bool:
    """Whether a report newer than ``report_id`` is waiting to be routed."""
    return ToiletReport.objects.filter(pk__gt=report_id, routed_at__isnull=True).exists()


class _Burst:
    """The intake's arrival rate as the drain sees it: newest report id, sampled over time."""

    def __init__(self) -> None:
        self.top = newest_report()
        self.at = time.monotonic()
        self.rate = 0.0

    def _sample(self) -> None:
        now = time.monotonic()
        if now - self.at < YIELD_PAUSE:
            return
        top = newest_report()
        self.rate = (top - self.top) / max(now - self.at, 1e-9)
        self.top, self.at = top, now

    def started(self) -> bool:
        """Reports arrive at ``YIELD_RATE`` per second or more (sampled every pause)."""
        self._sample()
        return self.rate >= YIELD_RATE

    def cutoff(self) -> datetime.datetime | None:
        """During a burst, the newest receipt time of a report already overdue; else None."""
        if not self.started():
            return None
        return timezone.now() - datetime.timedelta(seconds=MAX_DEFER)


class _DrainRequests:
    """Asks the queue to drain, at most once per ``DRAIN_INTERVAL`` per web worker process.

    A report arriving within the interval after the last request arms a timer that asks once
    more at the end of the interval, so every stored report is followed by a drain that starts
    after it was committed.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.last = 0.0
        self.timer: threading.Timer | None = None

    def __call__(self, enqueue: Callable[[], Any]) -> None:
        if self.timer is not None:
            # Already armed (read without the lock: the timer clears it before it asks, so a
            # timer seen armed here asks after this report was committed).
            return
        with self.lock:
            now = time.monotonic()
            wait = DRAIN_INTERVAL - (now - self.last)
            if wait <= 0:
                self.last = now
            elif self.timer is None:
                self.timer = threading.Timer(wait, self._fire, args=(enqueue,))
                self.timer.daemon = True
                self.timer.start()
                return
            else:
                return  # the armed timer will ask
        self._enqueue(enqueue)

    def _fire(self, enqueue: Callable[[], Any]) -> None:
        with self.lock:
            self.timer = None
            self.last = time.monotonic()
        self._enqueue(enqueue)

    @staticmethod
    def _enqueue(enqueue: Callable[[], Any]) -> None:
        try:
            enqueue()
        except Exception:  # the queue is down: the periodic drain routes the report later
            log.exception("could not ask the queue to route reports")


_drain_requests = _DrainRequests()


def request_drain() -> None:
    """Have the waiting reports routed: now where the queue is immediate, else by the queue."""
    from huey.contrib.djhuey import HUEY

    from .tasks import drain_reports

    if HUEY.immediate:
        drain_reports()
        return
    _drain_requests(drain_reports)


def pending_report(token: str) -> ToiletReport | None:
    """The report this token was given for (with its case, once routed)."""
    return (
        ToiletReport.objects.select_related("case", "case__region", "case__assigned_org")
        .filter(token=token)
        .first()
    )
