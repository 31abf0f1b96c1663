"""JSON shapes of the API (the OpenAPI document is generated from these)."""

import datetime

from ninja import Field, Schema


class Error(Schema):
    detail: str


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
    duty_list_url: str | None


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
