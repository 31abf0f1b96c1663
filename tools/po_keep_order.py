"""Put the entries of a .po file that makemessages rewrote back in the order the file had before.

Usage (the Makefile's ``messages`` target): python tools/po_keep_order.py BEFORE.po AFTER.po

makemessages (xgettext + msgmerge) writes the entries in the order of the source files, so every run
would move the entries others appended by hand, and parallel branches would not merge cleanly. This
keeps the text of each entry exactly as makemessages wrote it (no re-wrapping), the header first, the
entries the file already had in their earlier order, and the new ones at the end in source order.
It translates nothing: the msgstr are the .po's own.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib


def _key(block: str) -> tuple[str | None, str] | None:
    """(msgctxt, msgid) of one entry's text; None for the header or an obsolete (#~) entry."""
    entries = polib.pofile(block + "\n")
    found = [e for e in entries if not e.obsolete]
    if not found or found[0].msgid == "":
        return None
    return found[0].msgctxt, found[0].msgid


def _blocks(text: str) -> list[str]:
    return [b for b in text.strip("\n").split("\n\n") if b.strip()]


def reorder(before: str, after: str) -> str:
    order = {key: index for index, key in enumerate(k for k in map(_key, _blocks(before)) if k is not None)}
    header: list[str] = []
    known: list[tuple[int, str]] = []
    new: list[str] = []
    for block in _blocks(after):
        key = _key(block)
        if key is None:
            header.append(block)
        elif key in order:
            known.append((order[key], block))
        else:
            new.append(block)
    return "\n\n".join([*header, *(b for _, b in sorted(known)), *new]) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    before, after = Path(argv[1]), Path(argv[2])
    after.write_text(reorder(before.read_text(encoding="utf-8"), after.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
