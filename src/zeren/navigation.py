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

    def matches(self, path: str) -> bool:
        return path.startswith(self.url) and self.url != "/"


def current(items: list[NavItem], path: str) -> str:
    """The URL of the one item a page belongs to: the longest that ``path`` starts with ("/records/all/"
    is under Records, not also under My duties at "/records/"); "" when none matches."""
    matching = [item.url for item in items if item.matches(path)]
    return max(matching, key=len, default="")


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
    """Context processor: ``nav_items`` for the header, in order, and ``nav_current``, the URL of the
    one item to highlight."""
    items: list[NavItem] = []
    for module in _modules():
        items.extend(module.items(request))
    return {"nav_items": sorted(items, key=lambda i: (i.order, i.label)), "nav_current": current(items, request.path)}
