"""tools/po_keep_order.py: the .po keeps its order after makemessages (new entries at the end)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

TOOL = Path(__file__).resolve().parents[1] / "tools/po_keep_order.py"
spec = importlib.util.spec_from_file_location("po_keep_order", TOOL)
assert spec is not None and spec.loader is not None
po_keep_order = importlib.util.module_from_spec(spec)
spec.loader.exec_module(po_keep_order)

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"'


def _entry(msgid: str, msgstr: str, where: str = "a.py", context: str = "") -> str:
    ctx = f'msgctxt "{context}"\n' if context else ""
    return f'#: {where}\n{ctx}msgid "{msgid}"\nmsgstr "{msgstr}"'


def test_it_keeps_the_earlier_order_appends_new_entries_and_drops_removed_ones():
    before = "\n\n".join([HEADER, _entry("Zebra", "斑马"), _entry("Apple", "苹果"), _entry("Gone", "去")]) + "\n"
    # makemessages: source order, new locations, one new msgid, "Gone" removed, a context entry added
    after = "\n\n".join(
        [
            HEADER,
            _entry("Apple", "苹果", "b.py"),
            _entry("Edit", "", "c.py", context="organisation data"),
            _entry("Zebra", "斑马", "z.py"),
            _entry("New", "", "n.py"),
        ]
    ) + "\n"
    out = po_keep_order.reorder(before, after)
    assert out == "\n\n".join(
        [
            HEADER,
            _entry("Zebra", "斑马", "z.py"),
            _entry("Apple", "苹果", "b.py"),
            _entry("Edit", "", "c.py", context="organisation data"),
            _entry("New", "", "n.py"),
        ]
    ) + "\n"


def test_an_entry_with_a_context_is_not_the_entry_without():
    before = "\n\n".join([HEADER, _entry("Edit", "编辑", context="organisation data"), _entry("Edit", "修改")]) + "\n"
    after = "\n\n".join([HEADER, _entry("Edit", "修改"), _entry("Edit", "编辑", context="organisation data")]) + "\n"
    assert po_keep_order.reorder(before, after) == before
