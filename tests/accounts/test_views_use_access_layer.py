"""Views load objects through zeren.accounts.access only (one way to load an object)."""

import re
from pathlib import Path

import zeren

VIEW_FILES = sorted(Path(zeren.__file__).parent.glob("**/views.py"))


def test_there_are_view_modules_to_check():
    assert VIEW_FILES


def test_no_view_queries_a_model_directly():
    offenders = []
    for path in VIEW_FILES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"\.objects\b|get_object_or_404|get_list_or_404", line):
                offenders.append(f"{path.relative_to(path.parents[2])}:{number}: {line.strip()}")
    assert offenders == [], "use zeren.accounts.access helpers instead:\n" + "\n".join(offenders)
