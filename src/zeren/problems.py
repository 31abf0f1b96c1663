"""The one error type of zeren's services: ``Problems`` (bad input, nothing was changed).

Every service that refuses its input raises :class:`Problems` with one message per problem, written
for the user (Chinese through the .po files). Views and API endpoints catch this one type: a page
re-renders its form with status 400 and lists the problems; the API answers with the one error
schema (``{"detail": "…", "problems": [{"message": …, "field": …, …}]}``). A :class:`Conflict` is the
same thing with status 409: the object changed since the user loaded it (optimistic locking).

A problem may say where it is: a form field, or a spreadsheet's sheet, row and column. ``str()`` of
a problem is the sentence shown to the user, with its place when it has one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One problem with the input. ``message`` is the user's sentence; the rest says where."""

    message: str
    field: str = ""
    sheet: str = ""
    row: int = 0
    column: str = ""

    def __str__(self) -> str:
        if self.sheet and self.row:
            return f"工作表“{self.sheet}”第 {self.row} 行“{self.column}”列：{self.message}"
        if self.sheet:
            return f"工作表“{self.sheet}”：{self.message}"
        return self.message

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"message": str(self)}
        for key in ("field", "sheet", "row", "column"):
            value = getattr(self, key)
            if value:
                out[key] = value
        return out


class Problems(Exception):
    """Bad input: ``problems`` lists each one for the user; nothing was changed (status 400)."""

    status = 400

    def __init__(self, problems: str | Problem | Iterable[str | Problem]) -> None:
        if isinstance(problems, str | Problem):
            problems = [problems]
        self.items: list[Problem] = [p if isinstance(p, Problem) else Problem(str(p)) for p in problems]
        if not self.items:
            raise ValueError("Problems needs at least one problem")
        super().__init__("\n".join(str(p) for p in self.items))

    @property
    def problems(self) -> list[str]:
        """The sentences for the user, one per problem."""
        return [str(p) for p in self.items]

    @property
    def message(self) -> str:
        """One text for a page's message area: the problems joined by line breaks."""
        return "\n".join(self.problems)

    def for_field(self, name: str) -> list[str]:
        return [p.message for p in self.items if p.field == name]

    def as_dict(self) -> dict[str, Any]:
        return {"detail": self.problems[0] if len(self.items) == 1 else self.message,
                "problems": [p.as_dict() for p in self.items]}


class Conflict(Problems):
    """The object changed since the user loaded it; nothing was saved (status 409). ``current`` is the
    object as it is now, when the caller has it."""

    status = 409

    def __init__(self, message: str, *, current: object | None = None) -> None:
        super().__init__(message)
        self.current = current
