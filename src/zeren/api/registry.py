"""Routers of other apps mounted under ``/api/``: (path prefix, module holding ``router``)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

from ninja import Router

MOUNTS: list[tuple[str, str]] = [
    ("/duty-lists", "zeren.duties.api"),
    ("/compliance", "zeren.records.api"),
]


def mounted_routers() -> Iterator[tuple[str, Router]]:
    for prefix, module_name in MOUNTS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                continue  # listed, not written yet
            raise
        yield prefix, module.router


def is_mounted(prefix: str) -> bool:
    return any(p == prefix for p, _ in mounted_routers())
