"""Where the browser tests keep their screenshots: the folder ZEREN_SCREENSHOTS names, else
screenshots/ in the test run's data directory (ZEREN_DATA_DIR), so that the SQLite and the PostgreSQL
runs, which `make test` runs side by side, never write the same file."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def folder() -> Path:
    data = Path(os.environ.get("ZEREN_DATA_DIR") or ROOT / "var" / "test")
    path = Path(os.environ.get("ZEREN_SCREENSHOTS") or data / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def shot(tab, name: str) -> Path:
    """A full-page screenshot of ``tab`` as ``name``.png; returns its path."""
    path = folder() / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path
