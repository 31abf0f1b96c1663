"""Accountability (责任追究): case facts → what the policy allows, with citations and a trace.

The order of reasoning:
1. the accident's grade (if an accident is involved);
2. grounds: the claimed circumstances the policy lists as grounds for accountability;
3. exemption (尽职免责) removes the grounds it covers — unless it conflicts with another rule that
   fired: then zeren applies neither the exemption nor a conflicting aggravation and reports the
   conflict naming both articles, for a person to resolve;
4. with the remaining grounds: fault tolerance, the lighter path, allowed measures, aggravation,
   mitigation, one-vote veto, lifetime accountability, referral;
5. decided measures → restrictions with their end dates: per restriction kind the longest period
   wins (常州 第三十条 "按照影响期长的规定执行"); a period the texts do not set is ``until: null``.

zeren computes what the law allows; a person decides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from zeren.policy.accidents import grade_of
from zeren.policy.explain import TraceEntry, evaluate
from zeren.policy.facts import AccountabilityFacts
from zeren.policy.model import Policy
from zeren.policy.periods import add_months
from zeren.policy.schema import ConditionalRule

BLOCKS_PROMOTION = ("no_promotion", "no_leadership_post")


@dataclass(slots=True)
class Restriction:
    kind: str
    start: dt.date
    until: dt.date | None
    cites: list[str]
    because: list[str]
    notes: list[str] = field(default_factory=list)

    def active_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.until is None or day < self.until)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "from": self.start.isoformat(),
            "until": self.until.isoformat() if self.until else None,
            "cites": self.cites,
            "because": self.because,
        }
        if self.notes:
            out["notes"] = self.notes
        return out


class _Run:
    """One evaluation: the facts as paths, the trace, the notes."""

    def __init__(self, policy: Policy, facts: AccountabilityFacts) -> None:
        self.policy = policy
        self.facts = facts
        self.trace: list[TraceEntry] = []
        self.notes: list[str] = []
        self.grade: str | None = None
        if facts.accident is not None and policy.accidents is not None:
            a = facts.accident
            self.grade, _, fired = grade_of(policy.accidents.grades, a.deaths, a.serious_injuries, a.direct_loss_yuan)
            cites = [c for g in policy.accidents.grades if g.id in fired for c in g.cites]
            if not cites:
                cites = [c for g in policy.accidents.grades if g.grade == "ordinary" for c in g.cites]
            self.trace.append(
                TraceEntry(
                    "accident-grade",
                    cites or ["NAT-493-3"],
                    self.grade,
                    {
                        "accident.deaths": a.deaths,
                        "accident.serious_injuries": a.serious_injuries,
                        "accident.direct_loss_yuan": a.direct_loss_yuan,
                    },
                )
            )
        self.env: dict[str, Any] = {f"facts.{k}": v for k, v in facts.facts.model_dump().items()}
        self.env.update(
            {
                "accident.present": facts.accident is not None,
                "accident.grade": self.grade,
                "responsibility": facts.responsibility,
                "circumstances": tuple(facts.circumstances),
                "official.status": facts.official.status,
                "official.role": facts.official.role,
                "official.level": facts.official.level,
            }
        )

    def check(self, rule: ConditionalRule, *, also: bool = True, note: str | None = None) -> bool:
        used: dict[str, Any] = {}
        result = evaluate(rule.when, self.env, used) and also
        self.trace.append(TraceEntry(rule.id, list(rule.cites), result, used, note))
        if result and rule.reading:
            self.notes.append(self.policy.readings[rule.reading].text)
        return result

    def fired(self, rules: list[Any], **kwargs: Any) -> list[Any]:
        return [rule for rule in rules if self.check(rule, **kwargs)]


def evaluate_accountability(policy: Policy, facts: AccountabilityFacts) -> dict[str, Any]:
    acc = policy.accountability
    if acc is None:
        raise ValueError(f"{policy.id} has no accountability rules")
    run = _Run(policy, facts)

    # 2. grounds
    listed = {g.circumstance: g for g in acc.grounds}
    grounds = []
    for circumstance in facts.circumstances:
        ground = listed.get(circumstance)
        run.trace.append(
            TraceEntry(
                ground.id if ground else f"ground:{circumstance}",
                list(ground.cites) if ground else [],
                ground is not None,
                {"circumstances": circumstance},
            )
        )
        if ground is None:
            run.notes.append(f"{circumstance} is not a ground for accountability in {policy.id}")
        else:
            grounds.append(ground)
            if ground.reading:
                run.notes.append(policy.readings[ground.reading].text)
    if facts.accident is None and "accident_responsibility" in facts.circumstances:
        run.notes.append("accident_responsibility is claimed but no accident is given: grade unknown")

    # 3. exemption, and the conflicts that keep zeren from choosing
    exemptions = [e for e in acc.exemption if run.check(e, also=any(g.circumstance in e.grounds for g in grounds))]
    aggravations = run.fired(acc.aggravate)
    fired_ids = {r.id for r in (*exemptions, *aggravations, *grounds)}
    conflicts = []
    for conflict in acc.conflicts:
        if all(rule_id in fired_ids for rule_id in conflict.rules):
            cites = [c for r in policy.rules() if r.id in conflict.rules for c in r.cites]
            conflicts.append({"rules": list(conflict.rules), "cites": cites, "message": conflict.message})
    contested = {rule_id for c in conflicts for rule_id in c["rules"]}
    exempted: set[str] = set()
    for exemption in exemptions:
        if exemption.id in contested:
            run.notes.append(f"{exemption.id} is contested (see conflicts): not applied until resolved")
            continue
        exempted.update(exemption.grounds)
    for aggravation in [a for a in aggravations if a.id in contested]:
        run.notes.append(f"{aggravation.id} is contested (see conflicts): not applied until resolved")
        aggravations.remove(aggravation)
    remaining = [g for g in grounds if g.circumstance not in exempted]
    accountable = bool(remaining)
    run.env["grounds"] = tuple(g.circumstance for g in remaining)

    # 4. what the remaining grounds allow
    tolerance = run.fired(acc.fault_tolerance, also=accountable)
    lighter = run.fired(acc.lighter_path, also=accountable)
    mitigations = run.fired(acc.mitigate, also=accountable)
    veto = run.fired(acc.one_vote_veto, also=accountable)
    lifetime = run.fired(acc.lifetime, also=accountable)
    referral = run.fired(acc.referral)
    if facts.facts.minor and not acc.lighter_path:
        run.notes.append(f"{policy.id} has no lighter path (说明情况/书面检查) for minor cases")
    if tolerance:
        run.notes.append("容错: the deciding body may exempt or lighten under the fault-tolerance principle")
    measures_allowed: list[dict[str, Any]] = []
    if accountable:
        measures_allowed = [{"measure": m.measure, "cites": list(m.cites)} for m in acc.measures]
        for path in lighter:
            measures_allowed += [{"measure": m, "cites": list(path.cites)} for m in path.measures]
    for m in acc.measures:
        if m.reading and accountable:
            run.notes.append(policy.readings[m.reading].text)

    # 5. consequences of what was decided
    restrictions = _restrictions(policy, facts, run, veto)
    promotable = not any(r.active_on(facts.as_of) for r in restrictions if r.kind in BLOCKS_PROMOTION)
    unknown = [r for r in restrictions if r.kind in BLOCKS_PROMOTION and r.until is None and r.start <= facts.as_of]
    if unknown:
        run.notes.append(
            "a promotion restriction has no end date in the texts: the answer stays no until "
            "the competent body sets its end"
        )
    allowed = {m["measure"] for m in measures_allowed}
    for decided in facts.decided:
        if decided.measure not in allowed:
            run.notes.append(
                f"decided measure {decided.measure} is not among the measures {policy.id} allows for these facts"
            )

    def part(applies: bool, rules: list[Any], **extra: Any) -> dict[str, Any]:
        return {"applies": applies, **extra, "cites": [c for r in rules for c in r.cites]}

    return {
        "policy": policy.id,
        "policy_version": policy.version,
        "accident_grade": run.grade,
        "accountable": accountable,
        "grounds": [{"circumstance": g.circumstance, "cites": list(g.cites)} for g in remaining],
        "exempt": part(bool(exempted), exemptions or list(acc.exemption), grounds=sorted(exempted)),
        "fault_tolerance": part(bool(tolerance), tolerance or list(acc.fault_tolerance)),
        "lighter_path": part(
            bool(lighter),
            lighter or list(acc.lighter_path),
            measures=[m for p in lighter for m in p.measures],
            ordered_by=lighter[0].ordered_by if lighter else None,
        ),
        "measures_allowed": measures_allowed,
        "aggravate": part(bool(aggravations), aggravations),
        "mitigate": part(
            bool(mitigations),
            mitigations,
            reasons=[m.reason for m in mitigations],
            effect=sorted({e for m in mitigations for e in m.effect}),
        ),
        "one_vote_veto": part(bool(veto), veto or list(acc.one_vote_veto)),
        "lifetime": part(bool(lifetime), lifetime, status=facts.official.status),
        "referral": part(bool(referral), referral, to=referral[0].to if referral else "supervision_commission"),
        "restrictions": [r.as_dict() for r in restrictions],
        "may_be_promoted_on_as_of": promotable,
        "conflicts": conflicts,
        "procedure": _procedure(policy),
        "notes": list(dict.fromkeys(run.notes)),
        "trace": [t.as_dict(policy) for t in run.trace],
    }


def _restrictions(
    policy: Policy, facts: AccountabilityFacts, run: _Run, veto: list[ConditionalRule]
) -> list[Restriction]:
    """Per restriction kind, the longest known period among the decided measures wins; measures whose
    period the texts do not set add an entry with ``until: None``."""
    known: dict[str, Restriction] = {}
    unset: dict[str, Restriction] = {}
    for decided in facts.decided:
        period = policy.influence_periods.get((decided.measure, decided.sanction))
        label = decided.measure if decided.sanction is None else f"discipline:{decided.sanction}"
        run.trace.append(
            TraceEntry(
                period.id if period else f"influence:{label}",
                list(period.cites) if period else [],
                bool(period),
                {
                    "decided.measure": decided.measure,
                    "decided.sanction": decided.sanction,
                    "decided.date": decided.date.isoformat(),
                },
            )
        )
        if period is None:
            continue
        if period.reading:
            run.notes.append(policy.readings[period.reading].text)
        for spec in period.restrictions:
            if spec.months is None:
                entry = unset.setdefault(spec.kind, Restriction(spec.kind, decided.date, None, [], []))
                entry.start = min(entry.start, decided.date)
                entry.cites += [c for c in period.cites if c not in entry.cites]
                entry.because.append(label)
                entry.notes = [f"the texts set no period for {spec.kind} after {', '.join(entry.because)}"]
                continue
            until = add_months(decided.date, spec.months)
            current = known.get(spec.kind)
            if current is None or until > (current.until or until):
                known[spec.kind] = Restriction(spec.kind, decided.date, until, list(period.cites), [label])
            else:
                current.because.append(label)
                current.cites += [c for c in period.cites if c not in current.cites]
    acc = policy.accountability
    if veto and acc is not None:
        cites = [c for rule in veto for c in rule.cites]
        start = min((d.date for d in facts.decided), default=None)
        if start is None:
            run.notes.append("one-vote veto: its restrictions start with the decision, which is not recorded yet")
        for kind in acc.veto_restrictions if start is not None else []:
            if kind in known:
                known[kind].cites += [c for c in cites if c not in known[kind].cites]
                known[kind].because.append("one_vote_veto")
            elif kind not in unset:
                assert start is not None
                note = "一票否决 '在相关规定时限内': the texts set no period; the deciding body sets it"
                unset[kind] = Restriction(kind, start, None, list(cites), ["one_vote_veto"], [note])
    for unset_kind, entry in unset.items():
        if unset_kind in known:
            known[unset_kind].notes += entry.notes
    result = list(known.values()) + [r for k, r in unset.items() if k not in known]
    return sorted(result, key=lambda r: (r.kind, r.start))


def _procedure(policy: Policy) -> dict[str, Any]:
    acc = policy.accountability
    proc = acc.procedure if acc else None
    out: dict[str, Any] = {}
    for step in ("propose", "investigate", "decide", "publish", "appeal"):
        value = getattr(proc, step) if proc else None
        out[step] = None if value is None else {"actor": value.actor, "text": value.text, "cites": list(value.cites)}
    out["appeal_suspends_execution"] = proc.appeal_suspends_execution if proc else None
    return out
