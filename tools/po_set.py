#!/usr/bin/env python3
"""Set translations in the zh_Hans catalogue and clear their fuzzy flags.

    tools/po_set.py 'msgid text' 'msgstr text' [...pairs]
    tools/po_set.py --tsv FILE [FILE...]      (lines: msgid<TAB>msgstr)

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


def _pairs(args: list[str]) -> list[tuple[str, str]]:
    if args[:1] == ["--tsv"]:
        pairs = []
        for name in args[1:]:
            for line in Path(name).read_text(encoding="utf-8").splitlines():
                if "\t" in line:
                    msgid, msgstr = line.split("\t", 1)
                    pairs.append((msgid, msgstr))
        return pairs
    if not args or len(args) % 2:
        raise SystemExit(__doc__)
    return list(zip(args[::2], args[1::2], strict=True))


def main(args: list[str]) -> None:
    po = PO.read_text(encoding="utf-8")
    missing = []
    for msgid, msgstr in _pairs(args):
        try:
            po = set_translation(po, msgid, msgstr)
        except SystemExit:
            missing.append(msgid)
    PO.write_text(po, encoding="utf-8")
    if missing:
        print("not in the catalogue (run makemessages first?):", *missing, sep="\n  ")


if __name__ == "__main__":
    main(sys.argv[1:])
