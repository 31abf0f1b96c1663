"""The facts the engines take (docs/contracts.md), validated at the edge.

A facts document that does not fit raises :class:`FactsError` with one line per problem naming the
JSON path (``records[3].date: not a date``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from zeren.policy.vocabulary import (
    AccidentGrade,
    Activity,
    Assessment,
    Circumstance,
    DepartmentKind,
    Level,
    Measure,
    OfficialStatus,
    Responsibility,
    RestrictionKind,
    Role,
    Sanction,
)


class FactsError(ValueError):
    """Facts that do not fit the contract; ``problems`` holds one ``path: message`` per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# A facts document is a few levels deep and its integers are counts, yuan and years; anything far
# beyond is refused before parsing, so a hostile document cannot exhaust the stack or the CPU.
MAX_DEPTH = 32
MAX_INTEGER_DIGITS = 30


def _nesting_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON ``text`` (brackets inside strings ignored)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    break
        elif char in "]}":
            depth -= 1
    return deepest


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise FactsError(
            [f"(document): an integer of {len(digits.lstrip('-'))} digits; at most {MAX_INTEGER_DIGITS}"]
        )
    return int(digits)


def load_json(raw: bytes) -> object:
    """A facts document from the bytes of a file: UTF-8 JSON, at most :data:`MAX_DEPTH` levels deep,
    integers of at most :data:`MAX_INTEGER_DIGITS` digits. Raises :class:`FactsError` with one line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FactsError([f"(document): not UTF-8 text (byte {exc.start + 1} is {raw[exc.start]:#04x})"]) from None
    if _nesting_depth(text) > MAX_DEPTH:
        raise FactsError([f"(document): nested more than {MAX_DEPTH} levels deep"])
    try:
        return json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as exc:
        raise FactsError([f"(document): not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"]) from None


class _Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Post(_Facts):
    role: Role
    level: Level
    department_kind: DepartmentKind | None = None
    sectors: list[str] = Field(default_factory=list)


class Record(_Facts):
    """A performance record (履职记录): what was done, on which (effective) date."""

    activity: Activity
    date: dt.date
    id: str | None = None


class Event(_Facts):
    """An accident that may create event duties (赶赴现场)."""

    kind: str = "accident"
    occurred_at: dt.datetime
    grade: AccidentGrade | None = None
    deaths: int = Field(default=0, ge=0)
    serious_injuries: int = Field(default=0, ge=0)
    direct_loss_yuan: int = Field(default=0, ge=0)
    sector: str | None = None
    id: str | None = None


class ComplianceFacts(_Facts):
    post: Post
    from_: dt.date = Field(alias="from")
    to: dt.date
    as_of: dt.date
    records: list[Record] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

    @model_validator(mode="after")
    def _range(self) -> ComplianceFacts:
        if self.to < self.from_:
            raise ValueError("to: is before from (the range is empty)")
        return self


class Official(_Facts):
    role: Role
    level: Level
    department_kind: DepartmentKind | None = None
    status: OfficialStatus = "in_post"


class Accident(_Facts):
    occurred_at: dt.datetime
    deaths: int = Field(default=0, ge=0)
    serious_injuries: int = Field(default=0, ge=0)
    direct_loss_yuan: int = Field(default=0, ge=0)


class CaseFacts(_Facts):
    remedial_measures: bool = False
    enterprise_evasion: bool = False
    previous_year_assessment: Assessment | None = None
    losses_expanded_by_poor_work: bool = False
    serious_social_impact: bool = False
    egregious: bool = False
    fully_performed_duties: bool = False
    risk_assessed_decision_without_direct_causation: bool = False
    minor: bool = False
    suspected_crime: bool = False


class Decided(_Facts):
    measure: Measure
    sanction: Sanction | None = None
    date: dt.date

    @model_validator(mode="after")
    def _sanction(self) -> Decided:
        if self.measure == "discipline" and self.sanction is None:
            raise ValueError("sanction: required with measure discipline")
        if self.measure != "discipline" and self.sanction is not None:
            raise ValueError("sanction: only with measure discipline")
        return self


class SetEnd(_Facts):
    """The end a competent body set for a restriction the texts leave open (一票否决's 相关规定时限)."""

    kind: RestrictionKind
    until: dt.date
    basis: str = ""


class NoMeasure(_Facts):
    """Why a decision gives an official found responsible no measure, and on what basis."""

    reason: str = Field(min_length=1)
    basis: str = Field(min_length=1)


class AccountabilityFacts(_Facts):
    official: Official
    circumstances: list[Circumstance] = Field(min_length=1)
    responsibility: Responsibility | None = None
    accident: Accident | None = None
    facts: CaseFacts = Field(default_factory=CaseFacts)
    decided: list[Decided] = Field(default_factory=list)
    set_ends: list[SetEnd] = Field(default_factory=list)
    no_measure: NoMeasure | None = None
    as_of: dt.date

    @model_validator(mode="after")
    def _one_end_per_kind(self) -> AccountabilityFacts:
        kinds = [e.kind for e in self.set_ends]
        twice = sorted({k for k in kinds if kinds.count(k) > 1})
        if twice:
            raise ValueError(f"set_ends: {', '.join(twice)} set more than once")
        return self


CONDITION_FACTS: frozenset[str] = frozenset(
    {f"facts.{name}" for name in CaseFacts.model_fields}
    | {
        "accident.present",
        "accident.grade",
        "responsibility",
        "circumstances",
        "grounds",
        "official.status",
        "official.role",
        "official.level",
    }
)
"""The fact paths a pack's conditions may test; anything else is a pack error."""

_MESSAGES = {
    "missing": "required",
    "extra_forbidden": "unknown field",
    "date_from_datetime_parsing": "not a date",
    "date_parsing": "not a date",
    "date_from_datetime_inexact": "not a date",
    "date_type": "not a date",
    "datetime_parsing": "not a date-time",
    "datetime_from_date_parsing": "not a date-time",
    "datetime_type": "not a date-time",
    "int_parsing": "not a whole number",
    "int_type": "not a whole number",
    "int_from_float": "not a whole number",
    "greater_than_equal": "must not be negative",
    "bool_parsing": "not true or false",
    "bool_type": "not true or false",
    "list_type": "not a list",
    "model_type": "not an object",
    "too_short": "must not be empty",
    "string_type": "not a string",
}


def json_path(loc: tuple[str | int, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(document)"


def describe(error: Any) -> str:
    kind = error["type"]
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{error['input']!r} is not one of {expected}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return _MESSAGES.get(kind, str(error["msg"]))


def problems_of(exc: ValidationError) -> list[str]:
    lines = []
    for error in exc.errors():
        loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))
        lines.append(f"{json_path(loc)}: {describe(error)}" if loc else describe(error))
    return lines


def parse_compliance_facts(data: object) -> ComplianceFacts:
    try:
        return ComplianceFacts.model_validate(data)
    except ValidationError as exc:
        raise FactsError(problems_of(exc)) from None


def parse_accountability_facts(data: object) -> AccountabilityFacts:
    try:
        return AccountabilityFacts.model_validate(data)
    except ValidationError as exc:
        raise FactsError(problems_of(exc)) from None
