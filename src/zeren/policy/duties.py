"""Duty lists (责任清单): the duties of one post under a policy, each citing its article.

Scope first: whom the text covers directly, and whom by reference (参照), read as which level.
"""

from __future__ import annotations

from dataclasses import dataclass

from zeren.policy.model import Policy
from zeren.policy.schema import Duty, ScopeRule
from zeren.policy.verdicts import ArticleText, DutyItem, DutyListVerdict


@dataclass(frozen=True, slots=True)
class Scope:
    in_scope: bool
    applies: str | None
    """``direct``, ``by_reference`` or None (out of scope)."""
    read_as_level: str
    rule: ScopeRule | None


def scope_of(policy: Policy, role: str, level: str) -> Scope:
    """The first scope rule that covers a post; out of scope when none does."""
    for rule in policy.scope:
        if role in rule.roles and level in rule.levels:
            return Scope(True, rule.applies, rule.read_as_level or level, rule)
    return Scope(False, None, level, None)


def binds(duty: Duty, role: str, level: str, department_kind: str | None) -> bool:
    b = duty.binds
    if role not in b.roles:
        return False
    if b.levels and level not in b.levels:
        return False
    return not (b.department_kinds and department_kind not in b.department_kinds)


def duties_for(policy: Policy, role: str, level: str, department_kind: str | None = None) -> tuple[Scope, list[Duty]]:
    """The scope of a post and the duties that bind it (at the level its scope reads it as)."""
    scope = scope_of(policy, role, level)
    if not scope.in_scope:
        return scope, []
    return scope, [d for d in policy.duties if binds(d, role, scope.read_as_level, department_kind)]


def duty_item(policy: Policy, duty: Duty) -> DutyItem:
    return DutyItem(
        id=duty.id,
        title=duty.title,
        kind=duty.kind,
        activity=duty.activity,
        every=duty.every,
        at_least=duty.at_least if duty.kind in ("periodic", "event", "one_off") and duty.activity else None,
        countable=duty.activity is not None,
        topic=duty.topic,
        cites=tuple(duty.cites),
        articles=tuple(ArticleText(c, policy.cite(c).label, policy.cite(c).text) for c in duty.cites),
        readings=tuple(policy.readings[r].text for r in duty.reading_ids),
        part_year=duty.part_year or (policy.compliance.part_year if duty.kind == "periodic" else None),
    )


def duty_list(policy: Policy, role: str, level: str, department_kind: str | None = None) -> DutyListVerdict:
    """The duty list of a post (``as_dict()``: the JSON of ``zeren duties --json`` and the API)."""
    scope, duties = duties_for(policy, role, level, department_kind)
    notes = []
    if not scope.in_scope:
        notes.append(f"{policy.title} does not cover role {role} at level {level}")
    elif scope.applies == "by_reference":
        notes.append(f"参照执行: applies by reference, read as level {scope.read_as_level}")
    if scope.rule is not None:
        notes += [policy.readings[r].text for r in scope.rule.reading_ids]
    return DutyListVerdict(
        policy=policy.id,
        policy_version=policy.version,
        role=role,
        level=level,
        department_kind=department_kind,
        in_scope=scope.in_scope,
        applies=scope.applies,
        read_as_level=scope.read_as_level if scope.in_scope else None,
        scope_cites=tuple(scope.rule.cites) if scope.rule else (),
        items=tuple(duty_item(policy, d) for d in duties),
        notes=tuple(notes),
    )
