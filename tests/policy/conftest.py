from __future__ import annotations

from pathlib import Path

import pytest

from zeren.policy.loader import BUILTIN_DIR, Registry
from zeren.policy.model import Policy

PACKS = BUILTIN_DIR
TEXTS = BUILTIN_DIR / "texts"
CASES = BUILTIN_DIR / "cases"


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry([PACKS])


@pytest.fixture(scope="session")
def changzhou(registry: Registry) -> Policy:
    return registry.get("changzhou-2018")


@pytest.fixture(scope="session")
def hebei(registry: Registry) -> Policy:
    return registry.get("hebei-2018")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
