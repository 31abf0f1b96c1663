"""Pagination shared by every router: :class:`Pagination` (``?limit=&offset=``) and :class:`LazyPage`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 1000
# LIMIT and OFFSET are 64-bit integers in PostgreSQL and SQLite: beyond them the database fails (a 500),
# so a larger offset is refused as a malformed parameter (422) instead.
MAX_OFFSET = 2**63 - 1 - MAX_LIMIT


class PageQuery(Schema):
    limit: int = Field(100, ge=1, le=MAX_LIMIT, description=f"items per page, at most {MAX_LIMIT}")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="items to skip")


class Pagination(LimitOffsetPagination):
    """django-ninja's limit/offset pages → ``{"items": [...], "count": N}``, with bounds the databases keep."""

    Input = PageQuery  # type: ignore[assignment]


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
