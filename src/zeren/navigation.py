"""The site navigation: each app that has pages offers its entries in ``<app>/navigation.py``
(``def items(request) -> list[NavItem]``), so apps never edit the shared base template."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

from django.apps import apps
from django.http import HttpRequest


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    order: int = 50

    def active(self, path: str) -> bool:
        return path.startswith(self.url) and self.url != "/"


@cache
def _modules() -> list[ModuleType]:
    modules = []
    for app in apps.get_app_configs():
        if not app.name.startswith("zeren."):
            continue
        try:
            modules.append(importlib.import_module(f"{app.name}.navigation"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{app.name}.navigation":
                raise
    return modules


def nav(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``nav_items`` for the header, in order."""
    items: list[NavItem] = []
    for module in _modules():
        items.extend(module.items(request))
    return {"nav_items": sorted(items, key=lambda i: (i.order, i.label))}
