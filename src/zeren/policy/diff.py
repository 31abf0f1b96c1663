"""Comparison: what two policies require of the same post, topic by topic, with the articles."""

from __future__ import annotations

from typing import Any

from zeren.policy.duties import duties_for, scope_of
from zeren.policy.model import Policy
from zeren.policy.schema import CONDITIONAL_SECTIONS, Duty
from zeren.policy.vocabulary import ACTIVITY_NAMES_ZH, PERIOD_NAMES_ZH

Entry = dict[str, Any]


def _duty_entry(duty: Duty) -> Entry:
    if duty.kind == "periodic" and duty.activity and duty.every:
        text = f"{PERIOD_NAMES_ZH[duty.every]}至少{duty.at_least}次 {ACTIVITY_NAMES_ZH[duty.activity]}"
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


def _accountability(policy: Policy) -> dict[str, dict[str, list[Entry]]]:
    acc = policy.accountability
    sections: dict[str, dict[str, list[Entry]]] = {}
    if acc is None:
        return sections
    sections["grounds"] = {
        g.circumstance: [{"text": g.circumstance, "cites": list(g.cites), "key": g.circumstance}] for g in acc.grounds
    }
    sections["measures"] = {
        m.measure: [{"text": m.measure, "cites": list(m.cites), "key": m.measure}] for m in acc.measures
    }
    for name in ("exemption", "fault_tolerance", "aggravate", "one_vote_veto", "lifetime", "referral"):
        rules = getattr(acc, name)
        if rules:
            sections.setdefault(name, {})[name] = [{"text": r.id, "cites": list(r.cites), "key": name} for r in rules]
    for path in acc.lighter_path:
        sections.setdefault("lighter_path", {})["lighter_path"] = [
            {
                "text": "、".join(path.measures) + f"（{path.ordered_by}）",
                "cites": list(path.cites),
                "key": ",".join(sorted(path.measures)),
            }
        ]
    sections["mitigate"] = {
        m.reason: [{"text": m.reason, "cites": list(m.cites), "key": m.reason}] for m in acc.mitigate
    }
    if acc.procedure is not None:
        for step in ("propose", "investigate", "decide", "publish", "appeal"):
            value = getattr(acc.procedure, step)
            if value is not None:
                sections.setdefault("procedure", {})[step] = [
                    {
                        "text": f"{value.actor}：{value.text}",
                        "cites": list(value.cites),
                        "key": f"{value.actor}：{value.text}",
                    }
                ]
    return sections


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
    rows += _duty_rows(a, b, role, level, department_kind)
    acc_a, acc_b = _accountability(a), _accountability(b)
    for section in ("grounds", "measures", *CONDITIONAL_SECTIONS, "procedure"):
        rows += _rules_by(section, acc_a.get(section, {}), acc_b.get(section, {}))
    rows += _rules_by("influence_periods", _periods(a), _periods(b))
    rows += _rules_by("rewards", _rewards(a), _rewards(b))
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
