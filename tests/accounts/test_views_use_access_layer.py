"""Views and API endpoints load objects through zeren.accounts.access only (one way to load an object)."""

import re
from pathlib import Path

import zeren

PACKAGE = Path(zeren.__file__).parent
VIEW_FILES = sorted(PACKAGE.glob("**/views.py"))
API_FILES = sorted(PACKAGE.glob("**/api.py"))


def test_there_are_view_and_api_modules_to_check():
    assert VIEW_FILES
    assert {path.relative_to(PACKAGE).as_posix() for path in API_FILES} >= {
        "api/api.py",
        "duties/api.py",
        "records/api.py",
    }


def test_no_view_or_api_endpoint_queries_a_model_directly():
    offenders = []
    for path in [*VIEW_FILES, *API_FILES]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"\.objects\b|get_object_or_404|get_list_or_404", line):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}")
    assert offenders == [], "use zeren.accounts.access helpers instead:\n" + "\n".join(offenders)
