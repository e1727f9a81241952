"""Production settings pass `check --deploy` except the HTTPS-only warnings the README lists."""

from __future__ import annotations

from django.core import checks

HTTPS_ONLY = {"security.W004", "security.W008", "security.W012", "security.W016"}


def test_deploy_checks_only_https_warnings(settings, monkeypatch):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE; a server never does.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    settings.DEBUG = False
    messages = checks.run_checks(include_deployment_checks=True)
    ids = {m.id for m in messages}
    assert ids <= HTTPS_ONLY, ids


def test_https_mode_silences_them(settings, monkeypatch):
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    settings.DEBUG = False
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    messages = checks.run_checks(include_deployment_checks=True)
    assert not {m.id for m in messages} & HTTPS_ONLY
