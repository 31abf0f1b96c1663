"""Lazy pages for django-ninja's ``LimitOffsetPagination``, shared by every router."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class LazyPage:
    """A queryset serialised lazily: the paginator takes its length and slices it, then only that
    window is loaded and turned into dicts by ``serialise`` (one list in, one list out)."""

    def __init__(self, queryset: Any, serialise: Callable[[list[Any]], list[dict[str, Any]]]) -> None:
        self.queryset = queryset
        self.serialise = serialise

    def __len__(self) -> int:
        return int(self.queryset.count())

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return self.serialise(list(self.queryset[window]))
