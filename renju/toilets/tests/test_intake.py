"""The report's hot path and the queue's drain: what keeps the intake fast keeps its behaviour.

The POST checks its fields without the form when they are plainly valid (``clean_report``),
answers with the same never-cache redirect, and the queue's drain gives way to a burst of
reports (routing the overdue ones only); ``renju serve`` runs it beside the web workers.
"""

from __future__ import annotations

import base64
import datetime
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.http import HttpResponse, QueryDict
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import salted_hmac

from renju.core.management.commands import serve
from renju.toilets import intake, tasks
from renju.toilets.models import HouseholdToilet, ToiletReport
from renju.toilets.public_forms import ReportForm, clean_report

from .test_public import make_household_toilet, post_report, reported_toilets

KEY = "k" * 24

# (description of the case, the POST as a query string)
INPUTS = [
    ("plain", {"category": "toilet.full", "idempotency_key": KEY}),
    ("all three buttons", {"category": "toilet.other", "idempotency_key": KEY}),
    (
        "details with spaces around",
        {
            "category": "toilet.broken",
            "idempotency_key": f"  {KEY}\n",
            "description": "  门坏了 \r\n",
            "phone": " 138-0000 (1234) ",
        },
    ),
    (
        "international phone",
        {"category": "toilet.full", "idempotency_key": KEY, "phone": "+86 13800001234"},
    ),
    ("unknown category", {"category": "toilet.problem", "idempotency_key": KEY}),
    ("category with a space", {"category": " toilet.full", "idempotency_key": KEY}),
    ("no category", {"idempotency_key": KEY}),
    ("no key", {"category": "toilet.full"}),
    ("short key", {"category": "toilet.full", "idempotency_key": "abc"}),
    ("key too long", {"category": "toilet.full", "idempotency_key": "k" * 65}),
    ("key with a slash", {"category": "toilet.full", "idempotency_key": KEY + "/x"}),
    ("bad phone", {"category": "toilet.full", "idempotency_key": KEY, "phone": "call me"}),
    ("short phone", {"category": "toilet.full", "idempotency_key": KEY, "phone": "12345"}),
    ("phone too long", {"category": "toilet.full", "idempotency_key": KEY, "phone": "1" * 25}),
    (
        "long phone, short digits",
        {"category": "toilet.full", "idempotency_key": KEY, "phone": "1-" * 12},
    ),
    (
        "description at the limit",
        {"category": "toilet.full", "idempotency_key": KEY, "description": "满" * 500},
    ),
    (
        "description too long",
        {"category": "toilet.full", "idempotency_key": KEY, "description": "满" * 501},
    ),
    (
        "null in the description",
        {"category": "toilet.full", "idempotency_key": KEY, "description": "a\x00b"},
    ),
    (
        "null in the phone",
        {"category": "toilet.full", "idempotency_key": KEY, "phone": "138\x0000001234"},
    ),
]


@pytest.mark.parametrize(("label", "fields"), INPUTS, ids=[label for label, _ in INPUTS])
def test_fast_clean_agrees_with_the_form(label: str, fields: dict[str, str]) -> None:
    """Whatever ``clean_report`` accepts, the form accepts with the same cleaned values; what
    the form refuses, it refuses too (and the view then shows the form's errors)."""
    data = QueryDict(urlencode(fields))
    form = ReportForm(data, {})
    fast = clean_report(data)
    # Without a photo the two agree on every input: the form runs only to explain a refusal.
    assert (fast is not None) == form.is_valid(), (label, form.errors)
    if fast is not None:
        assert fast == form.cleaned_data, label


@pytest.mark.django_db
@override_settings(RENJU_REPORT_LIMIT_PER_CODE=0, RENJU_REPORT_LIMIT_PER_CLIENT=0)
def test_the_redirect_is_never_cached_like_the_other_pages(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(intake, "request_drain", lambda: None)
    toilet = make_household_toilet()
    response = post_report(client, toilet.qr_code)
    assert response.status_code == 302
    report = ToiletReport.objects.get(toilet_id=toilet.pk)
    assert response["Location"] == f"/t/c/{report.token}" == intake.status_path(report.token)
    expected = HttpResponse()
    add_never_cache_headers(expected)
    parts = {p.strip() for p in response["Cache-Control"].split(",")}
    assert parts == {p.strip() for p in expected["Cache-Control"].split(",")}
    assert response.has_header("Expires")
    # The refusals keep the decorator's headers too.
    refused = post_report(client, toilet.qr_code, phone="call me")
    assert refused.status_code == 400 and "no-store" in refused["Cache-Control"]
    assert client.post("/t/NOSUCHCODE/report", {}).status_code == 404


@pytest.mark.django_db
def test_the_intake_row_is_the_one_the_orm_would_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hand-built INSERT stores what ``save()`` would: dates, defaults, the empty photo."""
    monkeypatch.setattr(intake, "request_drain", lambda: None)
    toilet = make_household_toilet()
    found = intake.locate(toilet.qr_code)
    assert found is not None
    before = timezone.now()
    token = intake.receive(
        found, category="toilet.full", idempotency_key=KEY, description="满了", phone="13800001234"
    )
    row = ToiletReport.objects.get(token=token)
    assert before <= row.received_at <= timezone.now()
    assert (row.case_id, row.outcome, row.routed_at, row.photo.name) == (None, "", None, "")
    assert (row.toilet_type, row.toilet_id, row.region_id) == (
        "toilets.householdtoilet",
        toilet.pk,
        toilet.region_id,
    )
    assert (row.description, row.phone, len(row.key)) == ("满了", "13800001234", 64)
    # The same submission again: the same token, nothing more stored.
    again = intake.receive(found, category="toilet.full", idempotency_key=KEY)
    assert again == token and ToiletReport.objects.filter(toilet_id=toilet.pk).count() == 1


@pytest.mark.django_db
def test_the_token_is_the_submissions_own_and_unguessable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One unique index (the token's) turns repeats away: the token is an HMAC of the key."""
    monkeypatch.setattr(intake, "request_drain", lambda: None)
    toilet = make_household_toilet()
    found = intake.locate(toilet.qr_code)
    assert found is not None
    key = intake.case_key(KEY, found.label, found.pk, "toilet.full")
    token = intake.report_token(key)
    assert len(token) == 24 and token == intake.report_token(key)
    digest = salted_hmac("renju.toilets.report-token", key, algorithm="sha256").digest()
    assert token == base64.urlsafe_b64encode(digest[:18]).decode()
    assert token != intake.report_token(intake.case_key(KEY, found.label, found.pk, "toilet.other"))
    with override_settings(SECRET_KEY="another installation's secret key, fifty characters"):
        assert intake.report_token(key) != token  # not derivable without the secret
    assert intake.receive(found, category="toilet.full", idempotency_key=KEY) == token
    assert intake.receive(found, category="toilet.full", idempotency_key=KEY) == token
    other = intake.receive(found, category="toilet.other", idempotency_key=KEY)
    assert other != token
    assert ToiletReport.objects.filter(toilet_id=toilet.pk).count() == 2


@pytest.mark.django_db
def test_the_drain_gives_way_to_a_burst_and_routes_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """During a burst only the overdue reports are routed; the others once the burst is over."""
    monkeypatch.setattr(intake, "request_drain", lambda: None)
    old, new = reported_toilets(2)
    overdue = timezone.now() - datetime.timedelta(seconds=intake.MAX_DEFER + 5)
    ToiletReport.objects.filter(toilet_id=old.pk).update(received_at=overdue)

    # The intake as the drain sees it: new reports at every look for the first six looks.
    looks = {"n": 0}

    def newest() -> int:
        looks["n"] += 1
        return 1000 + 100 * min(looks["n"], 6)

    routed: list[tuple[int, int]] = []
    route = intake.route_report

    def recording(report: ToiletReport, plan_cache: Any = None) -> Any:
        routed.append((report.toilet_id, looks["n"]))
        return route(report, plan_cache)

    monkeypatch.setattr(intake, "newest_report", newest)
    monkeypatch.setattr(intake, "route_report", recording)
    monkeypatch.setattr(intake, "YIELD_PAUSE", 0.0)
    assert intake.drain(yield_to_intake=True) == 2
    (first, during), (second, after) = routed
    assert first == old.pk and during <= 6  # overdue: routed during the burst
    assert second == new.pk and after > 6  # routed once the reports stopped coming
    assert not ToiletReport.objects.filter(routed_at__isnull=True).exists()


@pytest.mark.django_db
def test_the_queue_drains_one_at_a_time_and_stops_on_reports_it_cannot_route(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(intake, "request_drain", lambda: None)
    gone, kept = reported_toilets(2)
    household = gone.household
    gone.delete()
    household.delete()
    # Another drain is running in this consumer: this one leaves the work to it.
    with tasks._draining:
        assert tasks.drain_reports.call_local() == 0
    assert ToiletReport.objects.filter(routed_at__isnull=True).count() == 2
    # The report whose toilet is gone stays waiting (logged) and does not keep the drain going.
    assert tasks.drain_reports.call_local() == 1
    assert ToiletReport.objects.filter(routed_at__isnull=True).count() == 1
    assert HouseholdToilet.objects.filter(pk=kept.pk).exists()


def test_renju_serve_runs_the_consumer_at_the_priority_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """By default the queue runs at the web workers' priority (a niced lock holder would stall
    them); `--consumer-nice` / RENJU_CONSUMER_NICE lowers it."""
    started: list[dict[str, Any]] = []

    class Process:
        def __init__(self, args: list[str], **kwargs: Any) -> None:
            started.append({"args": args, **kwargs})

        def wait(self, timeout: float | None = None) -> int:
            return 0

        def terminate(self) -> None:
            pass

    niced: list[int] = []
    monkeypatch.delenv("RENJU_CONSUMER_NICE", raising=False)
    monkeypatch.setattr(serve.subprocess, "Popen", Process)
    monkeypatch.setattr(serve.os, "nice", niced.append)
    for argv, expected in (([], None), (["--consumer-nice", "10"], [10])):
        started.clear()
        command = serve.Command()
        parser = command.create_parser("renju", "serve")
        command.handle(**vars(parser.parse_args(["--port", "0", *argv])))
        consumer, server = started
        assert "run_huey" in consumer["args"] and "gunicorn" in server["args"]
        assert server.get("preexec_fn") is None
        if expected is None:
            assert consumer["preexec_fn"] is None
        else:
            consumer["preexec_fn"]()
            assert niced == expected


def test_renju_serve_stops_its_children_on_sigterm() -> None:
    """`kill` (SIGTERM) of `renju serve` stops gunicorn and the consumer too: none is orphaned."""
    env = {**os.environ, "RENJU_TESTING": "", "PORT": "0"}
    env.pop("DATABASE_URL", None)  # the children only need to start, not to serve real data
    env["RENJU_VAR_DIR"] = str(Path(tempfile.mkdtemp()))
    parent = subprocess.Popen(
        [sys.executable, "-m", "renju.manage", "serve", "--port", "0", "--workers", "1"],
        env=env,
        start_new_session=True,
    )
    try:
        children: list[int] = []
        for _ in range(200):  # the two children appear within seconds
            out = subprocess.run(
                ["ps", "-o", "pid=", "--ppid", str(parent.pid)], capture_output=True, text=True
            ).stdout.split()
            children = [int(pid) for pid in out]
            if len(children) == 2:
                break
            time.sleep(0.1)
        assert len(children) == 2
        parent.send_signal(signal.SIGTERM)
        assert parent.wait(timeout=60) == 0
        for pid in children:
            assert not Path(f"/proc/{pid}").exists(), f"child {pid} outlived `renju serve`"
    finally:
        if parent.poll() is None:
            os.killpg(parent.pid, signal.SIGKILL)
