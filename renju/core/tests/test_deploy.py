"""Production settings pass `check --deploy` except the HTTPS-only warnings the README lists."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


def test_a_relative_var_dir_is_made_absolute(tmp_path: Path) -> None:
    """``RENJU_VAR_DIR=var/x`` works from any directory and `check` stays clean (a relative
    path gave the file cache a relative location: caches.W003)."""
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "from django.core.management import call_command; call_command('check');"
        "print(settings.VAR_DIR); print(settings.CACHES['default'].get('LOCATION', ''))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "renju.settings", "RENJU_VAR_DIR": "var/x"}
    env["RENJU_TESTING"] = ""  # the file cache, as `make run` has it
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    env["PYTHONPATH"] = str(settings_module_root())
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert "W003" not in out.stderr + out.stdout
    var_dir = (tmp_path / "var" / "x").resolve()
    assert out.stdout.splitlines()[-2:] == [str(var_dir), str(var_dir / "cache")]
    assert var_dir.is_dir()


def settings_module_root() -> Path:
    import renju

    return Path(renju.__file__).resolve().parent.parent
