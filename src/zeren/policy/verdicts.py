"""Typed verdicts: what the evaluators return — frozen, typed models; JSON only at the edge.

Each verdict's ``as_dict()`` gives the JSON of CONTRACTS.md (the same keys in the same order as the
dictionaries the evaluators returned before, plus new optional fields). Engines build verdicts;
the CLI, the YAML cases and the Django app turn them into JSON with ``as_dict()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zeren.policy.explain import TraceEntry
from zeren.policy.model import Policy


def _iso(day: dt.date | dt.datetime | None) -> str | None:
    return day.isoformat() if day is not None else None


# --------------------------------------------------------------------------- trace


@dataclass(frozen=True, slots=True)
class ArticleText:
    id: str
    label: str
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "text": self.text}


@dataclass(frozen=True, slots=True)
class TraceItem:
    """One rule checked, fired or not: its articles with their text, the inputs read, the result."""

    rule: str
    cites: tuple[str, ...]
    articles: tuple[ArticleText, ...]
    inputs: Mapping[str, Any]
    result: Any
    note: str | None = None

    @classmethod
    def of(cls, policy: Policy, entry: TraceEntry) -> TraceItem:
        pieces = tuple(ArticleText(c, policy.cite(c).label, policy.cite(c).text) for c in entry.cites)
        return cls(entry.rule, tuple(entry.cites), pieces, dict(entry.inputs), entry.result, entry.note)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "cites": list(self.cites),
            "articles": [a.as_dict() for a in self.articles],
            "inputs": dict(self.inputs),
            "result": self.result,
        }
        if self.note:
            out["note"] = self.note
        return out


def trace_of(policy: Policy, entries: list[TraceEntry]) -> tuple[TraceItem, ...]:
    return tuple(TraceItem.of(policy, e) for e in entries)


# --------------------------------------------------------------------------- accountability


@dataclass(frozen=True, slots=True)
class Cited:
    """Something the verdict names with its articles: a ground (circumstance) or an allowed measure."""

    key: str
    value: str
    cites: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {self.key: self.value, "cites": list(self.cites)}


@dataclass(frozen=True, slots=True)
class Finding:
    """A part of the verdict: whether it applies, what it says, and the articles."""

    applies: bool
    cites: tuple[str, ...]
    details: tuple[tuple[str, Any], ...] = ()
    """The part's own fields in order (``grounds``, ``measures``, ``reasons``, ``to`` …)."""

    def get(self, name: str) -> Any:
        return dict(self.details)[name]

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"applies": self.applies}
        for key, value in self.details:
            out[key] = list(value) if isinstance(value, tuple) else value
        out["cites"] = list(self.cites)
        return out


@dataclass(frozen=True, slots=True)
class RestrictionPart:
    """One measure's (or the veto's) share of a restriction."""

    because: str
    start: dt.date
    until: dt.date | None
    cites: tuple[str, ...]
    end_set_basis: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "because": self.because,
            "from": self.start.isoformat(),
            "until": _iso(self.until),
            "cites": list(self.cites),
        }
        if self.end_set_basis is not None:
            out["end_set"] = {"basis": self.end_set_basis}
        return out


@dataclass(frozen=True, slots=True)
class RestrictionVerdict:
    """A restriction of one kind: from the earliest start of its parts to the latest end, an open
    end (``until`` None) being the latest."""

    kind: str
    start: dt.date
    until: dt.date | None
    cites: tuple[str, ...]
    because: tuple[str, ...]
    parts: tuple[RestrictionPart, ...]
    notes: tuple[str, ...] = ()

    def active_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.until is None or day < self.until)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "from": self.start.isoformat(),
            "until": _iso(self.until),
            "cites": list(self.cites),
            "because": list(self.because),
            "parts": [p.as_dict() for p in self.parts],
        }
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@dataclass(frozen=True, slots=True)
class ConflictVerdict:
    rules: tuple[str, ...]
    cites: tuple[str, ...]
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"rules": list(self.rules), "cites": list(self.cites), "message": self.message}


@dataclass(frozen=True, slots=True)
class ProcedureStep:
    actor: str
    text: str
    cites: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "text": self.text, "cites": list(self.cites)}


@dataclass(frozen=True, slots=True)
class ProcedureVerdict:
    propose: ProcedureStep | None
    investigate: ProcedureStep | None
    decide: ProcedureStep | None
    publish: ProcedureStep | None
    appeal: ProcedureStep | None
    appeal_suspends_execution: bool | None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for step in ("propose", "investigate", "decide", "publish", "appeal"):
            value: ProcedureStep | None = getattr(self, step)
            out[step] = value.as_dict() if value is not None else None
        out["appeal_suspends_execution"] = self.appeal_suspends_execution
        return out


@dataclass(frozen=True, slots=True)
class NoMeasureVerdict:
    reason: str
    basis: str

    def as_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "basis": self.basis}


@dataclass(frozen=True, slots=True)
class AccountabilityVerdict:
    policy: str
    policy_version: str
    accident_grade: str | None
    accountable: bool
    grounds: tuple[Cited, ...]
    exempt: Finding
    fault_tolerance: Finding
    lighter_path: Finding
    measures_allowed: tuple[Cited, ...]
    aggravate: Finding
    mitigate: Finding
    one_vote_veto: Finding
    lifetime: Finding
    referral: Finding
    restrictions: tuple[RestrictionVerdict, ...]
    may_be_promoted_on_as_of: bool
    conflicts: tuple[ConflictVerdict, ...]
    no_measure: NoMeasureVerdict | None
    procedure: ProcedureVerdict
    notes: tuple[str, ...]
    trace: tuple[TraceItem, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "policy_version": self.policy_version,
            "accident_grade": self.accident_grade,
            "accountable": self.accountable,
            "grounds": [g.as_dict() for g in self.grounds],
            "exempt": self.exempt.as_dict(),
            "fault_tolerance": self.fault_tolerance.as_dict(),
            "lighter_path": self.lighter_path.as_dict(),
            "measures_allowed": [m.as_dict() for m in self.measures_allowed],
            "aggravate": self.aggravate.as_dict(),
            "mitigate": self.mitigate.as_dict(),
            "one_vote_veto": self.one_vote_veto.as_dict(),
            "lifetime": self.lifetime.as_dict(),
            "referral": self.referral.as_dict(),
            "restrictions": [r.as_dict() for r in self.restrictions],
            "may_be_promoted_on_as_of": self.may_be_promoted_on_as_of,
            "conflicts": [c.as_dict() for c in self.conflicts],
            "no_measure": self.no_measure.as_dict() if self.no_measure else None,
            "procedure": self.procedure.as_dict(),
            "notes": list(self.notes),
            "trace": [t.as_dict() for t in self.trace],
        }


# --------------------------------------------------------------------------- accidents and rewards


@dataclass(frozen=True, slots=True)
class ReportCheck:
    level: str
    deadline: dt.datetime
    at: dt.datetime | None
    status: str

    def as_dict(self) -> dict[str, Any]:
        return {"level": self.level, "deadline": self.deadline.isoformat(), "at": _iso(self.at), "status": self.status}


@dataclass(frozen=True, slots=True)
class AccidentVerdict:
    policy: str
    policy_version: str
    grade: str
    grade_by: Mapping[str, str]
    investigating_level: str | None
    report_to_level: str | None
    timeliness: str
    reports: tuple[ReportCheck, ...]
    regrade_window_days: int | None
    regrade_until: dt.datetime | None
    trace: tuple[TraceItem, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "policy_version": self.policy_version,
            "grade": self.grade,
            "grade_by": dict(self.grade_by),
            "investigating_level": self.investigating_level,
            "report_to_level": self.report_to_level,
            "timeliness": self.timeliness,
            "reports": [r.as_dict() for r in self.reports],
            "regrade_window_days": self.regrade_window_days,
            "regrade_until": _iso(self.regrade_until),
            "trace": [t.as_dict() for t in self.trace],
        }


@dataclass(frozen=True, slots=True)
class RewardRefusal:
    """Why a reward whose streak is met is refused: a restriction in force on the date judged."""

    reason: str
    kind: str
    start: dt.date
    until: dt.date | None
    cites: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "kind": self.kind,
            "from": self.start.isoformat(),
            "until": _iso(self.until),
            "cites": list(self.cites),
        }


@dataclass(frozen=True, slots=True)
class RewardVerdict:
    policy: str
    policy_version: str
    eligible: bool
    consecutive_excellent_years: int
    awards: tuple[str, ...]
    cites: tuple[str, ...]
    trace: tuple[TraceItem, ...]
    years: tuple[int, ...] = ()
    """The years of the streak (inside the term when one is given), earliest first."""
    stopped_at: tuple[int, str] | None = None
    """The year that ended the streak and why: not_excellent, not_assessed, outside_term."""
    term: Mapping[str, Any] | None = None
    refused: bool = False
    """A streak is met but every reward it meets is refused (``refused_because``)."""
    refused_because: tuple[RewardRefusal, ...] = ()
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "policy_version": self.policy_version,
            "eligible": self.eligible,
            "consecutive_excellent_years": self.consecutive_excellent_years,
            "awards": list(self.awards),
            "cites": list(self.cites),
            "years": list(self.years),
            "stopped_at": {"year": self.stopped_at[0], "because": self.stopped_at[1]} if self.stopped_at else None,
            "term": dict(self.term) if self.term is not None else None,
            "refused": self.refused,
            "refused_because": [r.as_dict() for r in self.refused_because],
            "notes": list(self.notes),
            "trace": [t.as_dict() for t in self.trace],
        }


# --------------------------------------------------------------------------- duty lists


@dataclass(frozen=True, slots=True)
class DutyItem:
    id: str
    title: str
    kind: str
    activity: str | None
    every: str | None
    at_least: int | None
    countable: bool
    topic: str | None
    cites: tuple[str, ...]
    articles: tuple[ArticleText, ...]
    readings: tuple[str, ...]
    """The texts of the readings the duty takes (``reading`` in the JSON is the first)."""
    part_year: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "activity": self.activity,
            "every": self.every,
            "at_least": self.at_least,
            "countable": self.countable,
            "topic": self.topic,
            "cites": list(self.cites),
            "articles": [a.as_dict() for a in self.articles],
            "reading": self.readings[0] if self.readings else None,
            "readings": list(self.readings),
            "part_year": self.part_year,
        }


@dataclass(frozen=True, slots=True)
class DutyListVerdict:
    policy: str
    policy_version: str
    role: str
    level: str
    department_kind: str | None
    in_scope: bool
    applies: str | None
    read_as_level: str | None
    scope_cites: tuple[str, ...]
    items: tuple[DutyItem, ...]
    notes: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "policy_version": self.policy_version,
            "post": {"role": self.role, "level": self.level, "department_kind": self.department_kind},
            "in_scope": self.in_scope,
            "applies": self.applies,
            "read_as_level": self.read_as_level,
            "scope_cites": list(self.scope_cites),
            "items": [i.as_dict() for i in self.items],
            "notes": list(self.notes),
        }
