"""Rewards for assessment results (常州 第十九条, 河北 第二十条)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from zeren.policy.explain import TraceEntry
from zeren.policy.facts import FactsError, problems_of
from zeren.policy.model import Policy
from zeren.policy.verdicts import RewardVerdict, trace_of
from zeren.policy.vocabulary import Assessment


class RewardFacts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    assessments: dict[int, Assessment] = Field(default_factory=dict)
    """Annual assessment grades within the tenure, by year."""
    as_of_year: int
    """The latest assessment year considered: the streak counts back from it."""


def parse_reward_facts(data: object) -> RewardFacts:
    try:
        return RewardFacts.model_validate(data)
    except ValidationError as exc:
        raise FactsError(problems_of(exc)) from None


def evaluate_reward(policy: Policy, facts: RewardFacts) -> RewardVerdict:
    """Eligible when the last N assessed years up to ``as_of_year`` are consecutive and excellent."""
    streak = 0
    year = facts.as_of_year
    while facts.assessments.get(year) == "excellent":
        streak += 1
        year -= 1
    eligible_rules = []
    trace = []
    for rule in policy.rewards:
        hit = streak >= rule.consecutive_excellent_years
        trace.append(
            TraceEntry(
                rule.id, list(rule.cites), hit, {"consecutive_excellent_years": streak, "as_of_year": facts.as_of_year}
            )
        )
        if hit:
            eligible_rules.append(rule)
    return RewardVerdict(
        policy=policy.id,
        policy_version=policy.version,
        eligible=bool(eligible_rules),
        consecutive_excellent_years=streak,
        awards=tuple(sorted({a for r in eligible_rules for a in r.awards})),
        cites=tuple(c for r in eligible_rules for c in r.cites),
        trace=trace_of(policy, trace),
    )
