"""Rewards for assessment results (常州 第十九条, 河北 第十九条、第二十条).

A reward rule asks for the last N assessed years, counted back from ``as_of_year``, to be consecutive
and excellent. With a ``term`` only the years inside the official's term count (常州 "任期内"); which
years those are is the pack's reading (a year counts when the term covers all of it). A reward is
refused while a restriction of a kind the rule names (``refused_while``: the one-vote veto's
``no_excellence_or_award``) is in force on the date it is judged (``as_of``) — 常州 第二十二条, 河北
第二十三条: "取消考核评优和评选各类先进资格". A restriction is in force from its ``from`` up to the day
before its ``until`` (the first day it no longer applies); an open ``until`` never ends.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from zeren.policy.explain import TraceEntry
from zeren.policy.facts import FactsError, problems_of
from zeren.policy.model import Policy
from zeren.policy.schema import Reward
from zeren.policy.verdicts import RewardRefusal, RewardVerdict, trace_of
from zeren.policy.vocabulary import Assessment, RestrictionKind

StopReason = Literal["not_excellent", "not_assessed", "outside_term"]


class _Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Term(_Facts):
    """The official's term (任期) in the post: from the first day to the last (``to`` None: still in post)."""

    from_: dt.date = Field(alias="from")
    to: dt.date | None = None

    @model_validator(mode="after")
    def _range(self) -> Term:
        if self.to is not None and self.to < self.from_:
            raise ValueError("to: is before from (the term is empty)")
        return self

    def covers_year(self, year: int) -> bool:
        """The reading of "任期内" for a year: the term covers all of it, 1 January to 31 December."""
        return self.from_ <= dt.date(year, 1, 1) and (self.to is None or self.to >= dt.date(year, 12, 31))


class RestrictionFact(_Facts):
    """A restriction on the person, as the accountability verdict gives it (``restrictions``)."""

    kind: RestrictionKind
    from_: dt.date = Field(alias="from")
    until: dt.date | None = None
    """The first day it no longer applies; None while the texts (or a body) set no end."""
    cites: list[str] = Field(default_factory=list)
    because: list[str] = Field(default_factory=list)
    parts: list[dict[str, Any]] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    def in_force_on(self, day: dt.date) -> bool:
        return self.from_ <= day and (self.until is None or day < self.until)


class RewardFacts(_Facts):
    assessments: dict[int, Assessment] = Field(default_factory=dict)
    """Annual assessment grades of the official's region, by year."""
    as_of_year: int
    """The latest assessment year considered: the streak counts back from it."""
    term: Term | None = None
    """The official's term in the post; only years inside it count. None: every year given counts."""
    as_of: dt.date | None = None
    """The date the reward is judged (the decision date): restrictions in force on it refuse it."""
    restrictions: list[RestrictionFact] = Field(default_factory=list)

    @model_validator(mode="after")
    def _restrictions_need_a_date(self) -> RewardFacts:
        if self.restrictions and self.as_of is None:
            raise ValueError("as_of: the date the reward is judged is needed to tell which restrictions are in force")
        return self


def parse_reward_facts(data: object) -> RewardFacts:
    try:
        return RewardFacts.model_validate(data)
    except ValidationError as exc:
        raise FactsError(problems_of(exc)) from None


def _streak(facts: RewardFacts, within_term: bool) -> tuple[list[int], tuple[int, StopReason] | None]:
    """The years of the streak, latest first, and the year that stopped it with the reason."""
    years: list[int] = []
    year = facts.as_of_year
    # A streak never reaches back further than the grades given (nor than the term, when there is one).
    earliest = min(facts.assessments, default=facts.as_of_year)
    while True:
        grade = facts.assessments.get(year)
        if within_term and facts.term is not None and not facts.term.covers_year(year):
            return years, (year, "outside_term")
        if grade is None:
            return years, (year, "not_assessed") if year >= earliest else None
        if grade != "excellent":
            return years, (year, "not_excellent")
        years.append(year)
        year -= 1


def _refusals(rule: Reward, facts: RewardFacts) -> list[RewardRefusal]:
    refusals = []
    for r in facts.restrictions:
        if r.kind in rule.refused_while and facts.as_of is not None and r.in_force_on(facts.as_of):
            cites = tuple(dict.fromkeys([*rule.refused_cites, *r.cites]))
            refusals.append(RewardRefusal("restriction_in_force", r.kind, r.from_, r.until, cites))
    return refusals


def _term_inputs(term: Term | None) -> dict[str, Any] | None:
    if term is None:
        return None
    return {"from": term.from_.isoformat(), "to": term.to.isoformat() if term.to else None}


def evaluate_reward(policy: Policy, facts: RewardFacts) -> RewardVerdict:
    """Eligible when a reward rule's streak is met inside the term and no restriction refuses it."""
    within = any(rule.within_tenure for rule in policy.rewards) or not policy.rewards
    years, stopped = _streak(facts, within_term=within)
    eligible_rules: list[Reward] = []
    refused: list[RewardRefusal] = []
    refused_rules: list[Reward] = []
    trace: list[TraceEntry] = []
    notes: list[str] = []
    for rule in policy.rewards:
        rule_years, rule_stop = (years, stopped) if rule.within_tenure else _streak(facts, within_term=False)
        hit = len(rule_years) >= rule.consecutive_excellent_years
        note = None
        if rule.within_tenure and facts.term is not None:
            for reading in rule.reading_ids:
                note = policy.readings[reading].text
                if note not in notes:
                    notes.append(note)
        trace.append(
            TraceEntry(
                rule.id,
                list(rule.cites),
                hit,
                {
                    "consecutive_excellent_years": len(rule_years),
                    "as_of_year": facts.as_of_year,
                    "years": sorted(rule_years),
                    "stopped_at": {"year": rule_stop[0], "because": rule_stop[1]} if rule_stop else None,
                    "term": _term_inputs(facts.term),
                },
                note,
            )
        )
        if not hit:
            continue
        against = _refusals(rule, facts) if rule.refused_while else []
        if rule.refused_while:
            trace.append(
                TraceEntry(
                    f"{rule.id}.refused",
                    list(rule.refused_cites),
                    bool(against),
                    {
                        "as_of": facts.as_of.isoformat() if facts.as_of else None,
                        "refused_while": list(rule.refused_while),
                        "in_force": [
                            {
                                "kind": a.kind,
                                "from": a.start.isoformat(),
                                "until": a.until.isoformat() if a.until else None,
                            }
                            for a in against
                        ],
                    },
                )
            )
        if against:
            refused_rules.append(rule)
            refused += [a for a in against if a not in refused]
        else:
            eligible_rules.append(rule)
    cited = eligible_rules or refused_rules
    cites = [c for r in cited for c in r.cites]
    if not eligible_rules:
        cites += [c for a in refused for c in a.cites]
    return RewardVerdict(
        policy=policy.id,
        policy_version=policy.version,
        eligible=bool(eligible_rules),
        consecutive_excellent_years=len(years),
        awards=tuple(sorted({a for r in eligible_rules for a in r.awards})),
        cites=tuple(dict.fromkeys(cites)),
        trace=trace_of(policy, trace),
        years=tuple(sorted(years)),
        stopped_at=stopped,
        term=_term_inputs(facts.term),
        refused=bool(refused_rules) and not eligible_rules,
        refused_because=tuple(refused),
        notes=tuple(notes),
    )
