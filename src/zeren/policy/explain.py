"""Explanations: every verdict carries a trace of the rules checked, fired or not.

A trace entry names the rule, the articles it cites with their text, the inputs it read and what
it concluded. Conditions record the facts they read, so "why" is always answerable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from zeren.policy.model import Policy
from zeren.policy.schema import Condition


@dataclass(slots=True)
class TraceEntry:
    rule: str
    cites: list[str]
    result: Any
    inputs: dict[str, Any] = field(default_factory=dict)
    note: str | None = None

    def as_dict(self, policy: Policy) -> dict[str, Any]:
        articles = []
        for cite in self.cites:
            piece = policy.cite(cite)
            articles.append({"id": cite, "label": piece.label, "text": piece.text})
        out: dict[str, Any] = {
            "rule": self.rule,
            "cites": self.cites,
            "articles": articles,
            "inputs": self.inputs,
            "result": self.result,
        }
        if self.note:
            out["note"] = self.note
        return out


def evaluate(condition: Condition, env: Mapping[str, Any], used: dict[str, Any]) -> bool:
    """Evaluate a pack condition over fact paths, recording each fact read in ``used``."""
    if condition.all is not None:
        return all([evaluate(c, env, used) for c in condition.all])
    if condition.any is not None:
        return any([evaluate(c, env, used) for c in condition.any])
    if condition.not_ is not None:
        return not evaluate(condition.not_, env, used)
    assert condition.fact is not None
    value = env.get(condition.fact)
    used[condition.fact] = list(value) if isinstance(value, (list, tuple, set, frozenset)) else value
    if condition.equals is not None:
        return bool(value == condition.equals)
    if condition.in_ is not None:
        return value in condition.in_
    if condition.contains is not None:
        return condition.contains in (value or ())
    return bool(value)
