#!/usr/bin/env python3
"""Set translations in the zh_Hans catalogue and clear their fuzzy flags.

    tools/po_set.py 'msgid text' 'msgstr text' [...pairs]

For the few strings a change adds; `make messages` then compiles. Plain text only (no plurals).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "renju/locale/zh_Hans/LC_MESSAGES/django.po"


def quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def set_translation(po: str, msgid: str, msgstr: str) -> str:
    block = re.compile(
        r'((?:#[^\n]*\n)*)(msgctxt "[^"]*"\n)?msgid "'
        + re.escape(quote(msgid))
        + r'"\nmsgstr "[^\n]*"'
    )
    match = block.search(po)
    if match is None:
        raise SystemExit(f"msgid not found: {msgid}")
    comments = "".join(
        line + "\n"
        for line in match.group(1).splitlines()
        if not line.startswith("#|") and line != "#, fuzzy"
    ).replace("#, fuzzy, ", "#, ")
    entry = f'{comments}{match.group(2) or ""}msgid "{quote(msgid)}"\nmsgstr "{quote(msgstr)}"'
    return po[: match.start()] + entry + po[match.end() :]


def main(args: list[str]) -> None:
    if not args or len(args) % 2:
        raise SystemExit(__doc__)
    po = PO.read_text(encoding="utf-8")
    for msgid, msgstr in zip(args[::2], args[1::2], strict=True):
        po = set_translation(po, msgid, msgstr)
    PO.write_text(po, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
