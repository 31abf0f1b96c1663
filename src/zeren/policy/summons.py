"""Summonses (约谈): a pattern of accidents in one jurisdiction → who summons whom, with whom.

A pack's ``summons`` rules say, for a jurisdiction of a level, which accident patterns bring a
summons: at least N accidents of at least a grade within the calendar year, or within N months
rolling (the last no later than N months after the first). The accidents are graded by the pack's
thresholds (国务院令第493号 第三条) unless the facts give the grade.

Reading of the engine, stated in every verdict that fires: a pattern is complete on the date of the
accident that completes it (``due_on``); after that, counting starts again with the next accident,
so one accident completes at most one summons per pattern.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from zeren.policy.accidents import grade_of
from zeren.policy.explain import TraceEntry
from zeren.policy.facts import FactsError, problems_of
from zeren.policy.model import Policy
from zeren.policy.periods import add_months
from zeren.policy.schema import AccidentPattern, SummonsRule
from zeren.policy.verdicts import TraceItem, trace_of
from zeren.policy.vocabulary import GRADES, AccidentGrade, Level

LEVEL_ABOVE: dict[str, str] = {"township": "county", "zone": "county", "county": "city", "city": "province"}
"""The level above a jurisdiction's, for ``by: {level: above}`` (a 功能区 read as under a county;
雄安新区 and the province have none here: such a summons names no level and says so)."""

RESTART_NOTE = (
    "a pattern is complete on the date of the accident that completes it; counting then starts again "
    "with the next accident (one accident completes at most one summons per pattern)"
)


class _Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Jurisdiction(_Facts):
    code: str | None = None
    level: Level


class SummonsAccident(_Facts):
    occurred_at: dt.datetime
    grade: AccidentGrade | None = None
    deaths: int = Field(default=0, ge=0)
    serious_injuries: int = Field(default=0, ge=0)
    direct_loss_yuan: int = Field(default=0, ge=0)
    id: str | None = None


class SummonsFacts(_Facts):
    jurisdiction: Jurisdiction
    accidents: list[SummonsAccident] = Field(default_factory=list)
    as_of: dt.date


def parse_summons_facts(data: object) -> SummonsFacts:
    try:
        return SummonsFacts.model_validate(data)
    except ValidationError as exc:
        raise FactsError(problems_of(exc)) from None


@dataclass(frozen=True, slots=True)
class Summons:
    rule: str
    cites: tuple[str, ...]
    pattern: int
    summoned_level: str
    roles: tuple[str, ...]
    by_level: str | None
    by_body: str
    with_: tuple[str, ...]
    because: tuple[int, ...]
    due_on: dt.date
    window: tuple[dt.date, dt.date]

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "cites": list(self.cites),
            "pattern": self.pattern,
            "summoned": {"level": self.summoned_level, "roles": list(self.roles)},
            "by": {"level": self.by_level, "body": self.by_body},
            "with": list(self.with_),
            "because": list(self.because),
            "due_on": self.due_on.isoformat(),
            "window": {"from": self.window[0].isoformat(), "to": self.window[1].isoformat()},
        }


@dataclass(frozen=True, slots=True)
class SummonsVerdict:
    policy: str
    policy_version: str
    summonses: tuple[Summons, ...]
    notes: tuple[str, ...]
    trace: tuple[TraceItem, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "policy_version": self.policy_version,
            "summonses": [s.as_dict() for s in self.summonses],
            "notes": list(self.notes),
            "trace": [t.as_dict() for t in self.trace],
        }


def _completions(
    pattern: AccidentPattern, dated: list[tuple[dt.date, int]]
) -> list[tuple[list[int], tuple[dt.date, dt.date]]]:
    """The completions of ``pattern`` over qualifying accidents (date, index), in date order."""
    out: list[tuple[list[int], tuple[dt.date, dt.date]]] = []
    pending: list[tuple[dt.date, int]] = []
    for day, index in dated:
        pending.append((day, index))
        if pattern.window == "calendar_year":
            pending = [(d, i) for d, i in pending if d.year == day.year]
            window = (dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
        else:
            assert pattern.months is not None
            months = pattern.months
            pending = [(d, i) for d, i in pending if day <= add_months(d, months)]
            window = (pending[0][0], add_months(pending[0][0], months))
        if len(pending) >= pattern.count:
            out.append(([i for _d, i in pending[-pattern.count :]], window))
            pending = []
    return out


def evaluate_summons(policy: Policy, facts: SummonsFacts) -> SummonsVerdict:
    """The summonses the pack's rules bring for the accidents of one jurisdiction up to ``as_of``."""
    trace: list[TraceEntry] = []
    notes: list[str] = []
    level = facts.jurisdiction.level
    grades: list[str] = []
    for accident in facts.accidents:
        if accident.grade is not None:
            grades.append(accident.grade)
        elif policy.accidents is not None and policy.accidents.grades:
            grade, _by, _fired = grade_of(
                policy.accidents.grades, accident.deaths, accident.serious_injuries, accident.direct_loss_yuan
            )
            grades.append(grade)
        else:
            grades.append(GRADES[0])
            notes.append(f"{policy.id} has no accident grades: an accident without grade: counts as ordinary")
    counted = [(a.occurred_at.date(), i) for i, a in enumerate(facts.accidents) if a.occurred_at.date() <= facts.as_of]
    counted.sort()
    if len(counted) < len(facts.accidents):
        notes.append("accidents after as_of are not counted")
    summonses: list[Summons] = []
    if not policy.summons:
        notes.append(f"{policy.id} has no summons (约谈) rules")
    for rule in policy.summons:
        applies = rule.level == level
        trace.append(TraceEntry(rule.id, list(rule.cites), applies, {"jurisdiction.level": level, "level": rule.level}))
        if not applies:
            continue
        fired = _rule_summonses(policy, rule, counted, grades, trace)
        if fired:
            notes += [policy.readings[r].text for r in rule.reading_ids]
            notes.append(RESTART_NOTE)
            if fired[0].by_level is None:
                notes.append(f"{rule.id}: no level above {rule.level} is known here: the summoning level is not named")
        summonses += fired
    summonses.sort(key=lambda s: (s.due_on, s.rule, s.pattern))
    return SummonsVerdict(
        policy.id, policy.version, tuple(summonses), tuple(dict.fromkeys(notes)), trace_of(policy, trace)
    )


def _rule_summonses(
    policy: Policy, rule: SummonsRule, counted: list[tuple[dt.date, int]], grades: list[str], trace: list[TraceEntry]
) -> list[Summons]:
    out = []
    by_level = rule.by.level if rule.by.level != "above" else LEVEL_ABOVE.get(rule.level)
    for p_index, pattern in enumerate(rule.patterns):
        floor = GRADES.index(pattern.min_grade)
        qualifying = [(d, i) for d, i in counted if GRADES.index(grades[i]) >= floor]
        completions = _completions(pattern, qualifying)
        trace.append(
            TraceEntry(
                f"{rule.id}#{p_index}",
                list(rule.cites),
                bool(completions),
                {
                    "count": pattern.count,
                    "min_grade": pattern.min_grade,
                    "window": pattern.window or f"{pattern.months} months",
                    "qualifying": [i for _d, i in qualifying],
                    "grades": grades,
                },
            )
        )
        for because, window in completions:
            out.append(
                Summons(
                    rule.id,
                    tuple(rule.cites),
                    p_index,
                    rule.level,
                    tuple(rule.summoned),
                    by_level,
                    rule.by.body,
                    tuple(rule.with_),
                    tuple(because),
                    max(counted_date for counted_date, i in counted if i in because),
                    window,
                )
            )
    return out
