"""Chinese first: every string of the UI is translated, and the compiled catalogue is current."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

PO = Path(__file__).resolve().parents[2] / "locale/zh_Hans/LC_MESSAGES/django.po"
needs_gettext = pytest.mark.skipif(
    shutil.which("msgattrib") is None, reason="gettext not installed"
)


def _msgattrib(flag: str) -> str:
    out = subprocess.run(["msgattrib", flag, str(PO)], capture_output=True, text=True, check=True)
    return out.stdout


@needs_gettext
def test_no_untranslated_or_fuzzy_strings():
    assert 'msgid "' not in _msgattrib("--untranslated").split("\n\n", 1)[-1]
    assert "msgid" not in _msgattrib("--only-fuzzy")


@needs_gettext
def test_compiled_catalogue_is_current(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(PO)], check=True)
    assert fresh.read_bytes() == PO.with_suffix(".mo").read_bytes(), "run `make messages`"
