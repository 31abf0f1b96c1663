"""JSON shapes of the API (the OpenAPI document is generated from these).

Every schema has a name of its own across the whole API: django-ninja files the OpenAPI components
by class name, so two classes with one name would make one of them document the other's shape
(``tests/api/test_openapi.py`` checks it). Shapes shared by several routers live here.
"""

import datetime
import re
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BeforeValidator


class ProblemOut(Schema):
    """One problem: its sentence, and where it is when that is known (a parameter, a field, a sheet's cell)."""

    message: str = Field(description="the sentence for the user, with its place when it has one")
    field: str | None = Field(None, description="the parameter or form field, e.g. `query.offset`")
    sheet: str | None = Field(None, description="the spreadsheet's sheet")
    row: int | None = Field(None, description="the spreadsheet's row")
    column: str | None = Field(None, description="the spreadsheet's column")


class ErrorOut(Schema):
    """The one error body of every endpoint (the shape of `zeren.problems.Problems.as_dict()`)."""

    detail: str = Field(description="all problems in one text")
    problems: list[ProblemOut]


ERROR_STATUSES: dict[int, str] = {
    400: "bad request (e.g. a NUL character in the path or the query string)",
    401: "no token, or an unknown, revoked or inactive one",
    403: "outside your jurisdiction subtree or your role",
    404: "no such object",
    409: "the object changed since you loaded it",
    422: "a malformed parameter; `problems` names each one in `field`",
}


def responses(ok: Any, *errors: int) -> dict[int, Any]:
    """An operation's ``response=``: ``ok`` for 200, :class:`ErrorOut` for each error status, and 400
    for every operation (the NUL check of :mod:`zeren.middleware` applies to any request)."""
    unknown = set(errors) - set(ERROR_STATUSES)
    if unknown:
        raise ValueError(f"no error status {sorted(unknown)} in ERROR_STATUSES")
    return {200: ok, **{status: ErrorOut for status in sorted({400, *errors})}}


def _iso_date(value: object) -> object:
    """Only ``YYYY-MM-DD``: pydantic alone also reads ``0`` or ``1700000000`` as a date (seconds since 1970)."""
    if isinstance(value, datetime.date) or (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        return value
    raise ValueError("expected a date as YYYY-MM-DD")


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]
"""A date parameter, written ``YYYY-MM-DD``."""


class ArticleOut(Schema):
    """An article a duty cites: its id, label and verbatim text."""

    id: str
    label: str
    text: str


class JurisdictionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None
    depth: int


class PackOut(Schema):
    pack_id: str
    title: str
    version: str
    bound_at: str
    valid_from: datetime.date
    applies: str | None = None
    cites: list[str] = Field(default_factory=list)


class JurisdictionDetail(JurisdictionOut):
    policy: PackOut | None


class BodyOut(Schema):
    code: str
    name: str
    jurisdiction: str
    kind: str
    department_kind: str | None


class HolderOut(Schema):
    """The current holder of a post: who, since when, and the appointment."""

    person_id: int
    name: str
    since: datetime.date
    appointment_id: int


class PostOut(Schema):
    code: str
    title: str
    body: str
    jurisdiction: str
    level: str
    role: str
    department_kind: str | None
    sectors: list[str]
    on_standing_committee: bool
    active: bool
    holder: HolderOut | None
    url: str
    duty_list_url: str


class PostDetail(PostOut):
    policy: PackOut | None


class PersonOut(Schema):
    id: int
    name: str
    jurisdiction: str


class AppointmentOut(Schema):
    id: int
    person_id: int
    person: str
    post: str
    post_title: str
    jurisdiction: str
    start: datetime.date
    end: datetime.date | None
    start_reason: str
    end_reason: str


class PersonDetail(PersonOut):
    tenures: list[AppointmentOut]
