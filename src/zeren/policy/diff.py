"""Comparison of two policies, section by section, with the articles: scope, duties (for a post, or
all), compliance settings, accident rules, accountability (each rule by what it does and its
condition; the one-vote veto with its restrictions and period; conflicts; procedure), influence
periods, rewards, provisions with their cycles and targets, and summons triggers. Rules are
compared by content, never by id, so two packs that word the same rule alike are the same."""

from __future__ import annotations

import json
from typing import Any

from zeren.policy.duties import duties_for, scope_of
from zeren.policy.model import Policy
from zeren.policy.schema import (
    CONDITIONAL_SECTIONS,
    Condition,
    ConditionalRule,
    Duty,
    Exemption,
    LighterPath,
    Mitigation,
    Referral,
)
from zeren.policy.vocabulary import ACTIVITY_NAMES_ZH, GRADE_NAMES_ZH, PERIOD_NAMES_ZH

Entry = dict[str, Any]


def _duty_entry(duty: Duty) -> Entry:
    if duty.kind == "periodic" and duty.activity and duty.every:
        text = f"{_every_text(duty.every)}至少{duty.at_least}次 {ACTIVITY_NAMES_ZH[duty.activity]}"
        key = f"periodic:{duty.activity}:{duty.every}:{duty.at_least}"
    elif duty.kind == "event" and duty.trigger:
        text = f"{duty.title}（{duty.trigger.min_grade} 及以上事故，{duty.within_days} 日内）"
        key = f"event:{duty.activity}:{duty.trigger.min_grade}:{duty.within_days}"
    else:
        text = duty.title
        key = f"{duty.kind}:{duty.topic or duty.id}"
    return {"text": text, "cites": list(duty.cites), "key": key, "levels": list(duty.binds.levels)}


def _row(section: str, topic: str, a: list[Entry], b: list[Entry]) -> dict[str, Any]:
    same = sorted(e["key"] for e in a) == sorted(e["key"] for e in b)
    return {"section": section, "topic": topic, "a": a, "b": b, "same": same}


def _rules_by(section: str, a: dict[str, list[Entry]], b: dict[str, list[Entry]]) -> list[dict[str, Any]]:
    return [_row(section, topic, a.get(topic, []), b.get(topic, [])) for topic in sorted(set(a) | set(b))]


def _duty_rows(a: Policy, b: Policy, role: str | None, level: str | None, kind: str | None) -> list[dict[str, Any]]:
    def grouped(policy: Policy) -> dict[str, list[Entry]]:
        duties = list(policy.duties) if role is None or level is None else duties_for(policy, role, level, kind)[1]
        out: dict[str, list[Entry]] = {}
        for duty in duties:
            out.setdefault(duty.topic or duty.id, []).append(_duty_entry(duty))
        return out

    return _rules_by("duties", grouped(a), grouped(b))


def condition_text(condition: Condition) -> str:
    """A pack condition as one line: ``grounds ∋ accident_responsibility``, ``all(…, …)``."""
    if condition.all is not None:
        return "all(" + ", ".join(condition_text(c) for c in condition.all) + ")"
    if condition.any is not None:
        return "any(" + ", ".join(condition_text(c) for c in condition.any) + ")"
    if condition.not_ is not None:
        return "not " + condition_text(condition.not_)
    if condition.equals is not None:
        return f"{condition.fact} = {condition.equals}"
    if condition.in_ is not None:
        return f"{condition.fact} ∈ {{{', '.join(condition.in_)}}}"
    if condition.contains is not None:
        return f"{condition.fact} ∋ {condition.contains}"
    return str(condition.fact)


def _entry(text: str, cites: list[str], key: object = None) -> Entry:
    return {"text": text, "cites": list(cites), "key": json.dumps(key if key is not None else text, sort_keys=True)}


def _conditional(rule: ConditionalRule) -> Entry:
    """A conditional rule compared by what it does and when, not by its id."""
    extra: dict[str, Any] = {}
    if isinstance(rule, Exemption):
        extra["grounds"] = sorted(rule.grounds)
    if isinstance(rule, Referral):
        extra["to"] = rule.to
    if isinstance(rule, Mitigation):
        extra["reason"], extra["effect"] = rule.reason, sorted(rule.effect)
    if isinstance(rule, LighterPath):
        extra["measures"], extra["ordered_by"] = sorted(rule.measures), rule.ordered_by
    when = condition_text(rule.when)
    text = when + "".join(f"；{k}: {v}" for k, v in extra.items())
    return _entry(text, list(rule.cites), {"when": rule.when.model_dump(by_alias=True, exclude_none=True), **extra})


def _accountability(policy: Policy) -> dict[str, dict[str, list[Entry]]]:
    acc = policy.accountability
    sections: dict[str, dict[str, list[Entry]]] = {}
    if acc is None:
        return sections
    sections["grounds"] = {g.circumstance: [_entry(g.circumstance, list(g.cites))] for g in acc.grounds}
    sections["measures"] = {m.measure: [_entry(m.measure, list(m.cites))] for m in acc.measures}
    for name in ("exemption", "fault_tolerance", "lighter_path", "aggravate", "one_vote_veto", "lifetime", "referral"):
        rules = getattr(acc, name)
        if rules:
            sections.setdefault(name, {})[name] = [_conditional(r) for r in rules]
    sections["mitigate"] = {m.reason: [_conditional(m)] for m in acc.mitigate}
    if acc.one_vote_veto:
        veto = sections.setdefault("one_vote_veto", {})
        veto["restrictions"] = [
            _entry("、".join(acc.veto_restrictions), [c for r in acc.one_vote_veto for c in r.cites])
        ]
        period = acc.veto_period
        if period is not None:
            text = f"自决定之日起{period.months}个月" if period.months else f"未规定（{period.open}）"
            veto["period"] = [
                _entry(text, list(period.cites), {"months": period.months, "open": period.open is not None})
            ]
        else:
            veto["period"] = []
    if acc.conflicts:
        sections["conflicts"] = {
            "conflicts": [_entry(" × ".join(c.rules) + f"：{c.message}", [], sorted(c.rules)) for c in acc.conflicts]
        }
    if acc.procedure is not None:
        for step in ("propose", "investigate", "decide", "publish", "appeal"):
            value = getattr(acc.procedure, step)
            if value is not None:
                sections.setdefault("procedure", {})[step] = [_entry(f"{value.actor}：{value.text}", list(value.cites))]
        if acc.procedure.appeal_suspends_execution is not None:
            suspends = acc.procedure.appeal_suspends_execution
            sections.setdefault("procedure", {})["appeal_suspends_execution"] = [_entry(str(suspends), [])]
    return sections


def _every_text(every: str | None) -> str:
    if every is None:
        return "未规定周期"
    if every in PERIOD_NAMES_ZH:
        return PERIOD_NAMES_ZH[every]
    years, anchor = every.removeprefix("years:").split("@")
    return f"每{years}年（自{anchor}年起算）"


def _provisions(policy: Policy) -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = {}
    for p in policy.provisions:
        targets = [f"{t.level}:{t.body}" for t in p.targets]
        cycle = f"{_every_text(p.every)}；" if p.every else ""
        text = f"{cycle}{p.summary}" + (f"（对象：{'、'.join(targets)}）" if targets else "")
        key = {"every": p.every, "targets": sorted(targets), "by": p.by.model_dump() if p.by else None}
        out.setdefault(p.kind, []).append(_entry(text, list(p.cites), key))
    return out


def _summons(policy: Policy) -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = {}
    for rule in policy.summons:
        patterns = [
            f"{p.count}起{GRADE_NAMES_ZH[p.min_grade]}及以上（{'自然年度' if p.window else f'{p.months}个月内'}）"
            for p in rule.patterns
        ]
        text = f"{'或'.join(patterns)} → {rule.by.level} {rule.by.body} 约谈 {'、'.join(rule.summoned)}" + (
            f"，会同 {'、'.join(rule.with_)}" if rule.with_ else ""
        )
        key = {
            "patterns": sorted(json.dumps(p.model_dump(), sort_keys=True) for p in rule.patterns),
            "by": rule.by.model_dump(),
            "summoned": sorted(rule.summoned),
            "with": sorted(rule.with_),
        }
        out.setdefault(rule.level, []).append(_entry(text, list(rule.cites), key))
    return out


def _scope(policy: Policy) -> dict[str, list[Entry]]:
    entries = []
    for rule in policy.scope:
        text = f"{rule.applies}：{'、'.join(rule.roles)} @ {'、'.join(rule.levels)}" + (
            f"（按{rule.read_as_level}）" if rule.read_as_level else ""
        )
        key = [rule.applies, sorted(rule.roles), sorted(rule.levels), rule.read_as_level]
        entries.append(_entry(text, list(rule.cites), key))
    return {"scope": entries}


def _compliance(policy: Policy) -> dict[str, list[Entry]]:
    c = policy.compliance
    out = {"partial_period": [_entry(c.partial_period, [])]}
    cites = list(policy.readings[c.part_year_reading].cites) if c.part_year_reading else []
    out["part_year"] = [_entry(c.part_year or "未规定（按 partial_period）", cites, c.part_year)]
    return out


def _accidents(policy: Policy) -> dict[str, list[Entry]]:
    rules = policy.accidents
    if rules is None:
        return {}
    out: dict[str, list[Entry]] = {}
    for g in rules.grades:
        key = [g.deaths, g.serious_injuries, g.direct_loss_yuan]
        out.setdefault(f"grade:{g.grade}", []).append(
            _entry(f"死亡≥{g.deaths} 重伤≥{g.serious_injuries} 损失≥{g.direct_loss_yuan}", list(g.cites), key)
        )
    for r in rules.report_to:
        out.setdefault(f"report_to:{r.grade}", []).append(_entry(r.level, list(r.cites)))
    for i in rules.investigation:
        out.setdefault(f"investigation:{i.grade}", []).append(_entry(i.level, list(i.cites)))
    hours = [rules.unit_report_hours, rules.relay_report_hours]
    out["report_hours"] = [_entry(f"单位 {hours[0]} 小时；逐级 {hours[1]} 小时", list(rules.reporting_cites), hours)]
    days = [rules.regrade_window_days, rules.regrade_window_days_road_fire]
    out["regrade_window_days"] = [
        _entry(f"{days[0]} 日（道路交通、火灾 {days[1]} 日）", list(rules.regrade_cites), days)
    ]
    return out


def _periods(policy: Policy) -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = {}
    for (measure, sanction), period in policy.influence_periods.items():
        topic = measure if sanction is None else f"discipline:{sanction}"
        parts = [
            f"{r.kind} {r.months if r.months else '未规定'}{'个月' if r.months else ''}" for r in period.restrictions
        ]
        out[topic] = [{"text": "；".join(parts), "cites": list(period.cites), "key": "|".join(sorted(parts))}]
    return out


def _rewards(policy: Policy) -> dict[str, list[Entry]]:
    return {
        "rewards": [
            {
                "text": f"连续{r.consecutive_excellent_years}年优秀 → {'、'.join(r.awards)}",
                "cites": list(r.cites),
                "key": f"{r.consecutive_excellent_years}:{sorted(r.awards)}",
            }
            for r in policy.rewards
        ]
    }


def diff(
    a: Policy, b: Policy, role: str | None = None, level: str | None = None, department_kind: str | None = None
) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    if role is not None and level is not None:
        entries = []
        for policy in (a, b):
            scope = scope_of(policy, role, level)
            if scope.rule is None:
                entries.append([{"text": "不适用 (out of scope)", "cites": [], "key": "out"}])
            else:
                text = "直接适用" if scope.applies == "direct" else f"参照执行（按{scope.read_as_level}）"
                entries.append(
                    [{"text": text, "cites": list(scope.rule.cites), "key": f"{scope.applies}:{scope.read_as_level}"}]
                )
        rows.append(_row("scope", "scope", entries[0], entries[1]))
    else:
        rows += _rules_by("scope", _scope(a), _scope(b))
    rows += _duty_rows(a, b, role, level, department_kind)
    rows += _rules_by("compliance", _compliance(a), _compliance(b))
    rows += _rules_by("accidents", _accidents(a), _accidents(b))
    acc_a, acc_b = _accountability(a), _accountability(b)
    for section in ("grounds", "measures", *CONDITIONAL_SECTIONS, "conflicts", "procedure"):
        rows += _rules_by(section, acc_a.get(section, {}), acc_b.get(section, {}))
    rows += _rules_by("influence_periods", _periods(a), _periods(b))
    rows += _rules_by("rewards", _rewards(a), _rewards(b))
    rows += _rules_by("provisions", _provisions(a), _provisions(b))
    rows += _rules_by("summons", _summons(a), _summons(b))
    for row in rows:
        for entry in (*row["a"], *row["b"]):
            entry.pop("key", None)
    return {
        "a": {"policy": a.id, "policy_version": a.version},
        "b": {"policy": b.id, "policy_version": b.version},
        "post": {"role": role, "level": level, "department_kind": department_kind},
        "rows": rows,
        "differences": sum(1 for r in rows if not r["same"]),
    }
