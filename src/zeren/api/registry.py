"""The routers of other apps mounted under ``/api/``: (path prefix, router), imported explicitly.

A router listed here must exist: a missing module is an ImportError at start-up, not a silently
absent part of the API. To add one, import its ``router`` and append ``("/prefix", router)``.
"""

from __future__ import annotations

from ninja import Router

from zeren.duties.api import router as duty_lists
from zeren.records.api import router as compliance

MOUNTS: list[tuple[str, Router]] = [
    ("/duty-lists", duty_lists),
    ("/compliance", compliance),
]
