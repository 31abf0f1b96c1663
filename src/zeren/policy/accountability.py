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
from zeren.policy.verdicts import (
    AccountabilityVerdict,
    Cited,
    ConflictVerdict,
    Finding,
    NoMeasureVerdict,
    ProcedureStep,
    ProcedureVerdict,
    RestrictionPart,
    RestrictionVerdict,
    trace_of,
)

BLOCKS_PROMOTION = ("no_promotion", "no_leadership_post")


@dataclass(slots=True)
class Part:
    """One measure's (or the veto's) share of a restriction: its end, ``None`` while open."""

    because: str
    start: dt.date
    until: dt.date | None
    cites: list[str]
    set_by: str | None = None
    """The basis on which a competent body set an end the texts leave open."""


@dataclass(slots=True)
class Restriction:
    """One restriction kind: its parts combined — the earliest start and the latest end, an open
    end being the latest until a body sets it."""

    kind: str
    parts: list[Part]
    notes: list[str] = field(default_factory=list)

    @property
    def start(self) -> dt.date:
        return min(p.start for p in self.parts)

    @property
    def until(self) -> dt.date | None:
        ends = [p.until for p in self.parts]
        return None if any(e is None for e in ends) else max(e for e in ends if e is not None)

    @property
    def cites(self) -> list[str]:
        return list(dict.fromkeys(c for p in self.parts for c in p.cites))

    @property
    def because(self) -> list[str]:
        return list(dict.fromkeys(p.because for p in self.parts))

    def active_on(self, day: dt.date) -> bool:
        until = self.until
        return self.start <= day and (until is None or day < until)

    def frozen(self) -> RestrictionVerdict:
        parts = tuple(RestrictionPart(p.because, p.start, p.until, tuple(p.cites), p.set_by) for p in self.parts)
        notes = tuple(dict.fromkeys(self.notes))
        cites, because = tuple(self.cites), tuple(self.because)
        return RestrictionVerdict(self.kind, self.start, self.until, cites, because, parts, notes)


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
        if result:
            self.notes += [self.policy.readings[r].text for r in rule.reading_ids]
        return result

    def fired(self, rules: list[Any], **kwargs: Any) -> list[Any]:
        return [rule for rule in rules if self.check(rule, **kwargs)]


def evaluate_accountability(policy: Policy, facts: AccountabilityFacts) -> AccountabilityVerdict:
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
            run.notes += [policy.readings[r].text for r in ground.reading_ids]
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
            conflicts.append(ConflictVerdict(tuple(conflict.rules), tuple(cites), conflict.message))
    contested = {rule_id for c in conflicts for rule_id in c.rules}
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
    for m in acc.measures if accountable else []:
        run.notes += [policy.readings[r].text for r in m.reading_ids]

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

    def part(applies: bool, rules: list[Any], **details: Any) -> Finding:
        cites = tuple(c for r in rules for c in r.cites)
        return Finding(applies, cites, tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in details.items()))

    return AccountabilityVerdict(
        policy=policy.id,
        policy_version=policy.version,
        accident_grade=run.grade,
        accountable=accountable,
        grounds=tuple(Cited("circumstance", g.circumstance, tuple(g.cites)) for g in remaining),
        exempt=part(bool(exempted), exemptions or list(acc.exemption), grounds=sorted(exempted)),
        fault_tolerance=part(bool(tolerance), tolerance or list(acc.fault_tolerance)),
        lighter_path=part(
            bool(lighter),
            lighter or list(acc.lighter_path),
            measures=[m for p in lighter for m in p.measures],
            ordered_by=lighter[0].ordered_by if lighter else None,
        ),
        measures_allowed=tuple(Cited("measure", m["measure"], tuple(m["cites"])) for m in measures_allowed),
        aggravate=part(bool(aggravations), aggravations),
        mitigate=part(
            bool(mitigations),
            mitigations,
            reasons=[m.reason for m in mitigations],
            effect=sorted({e for m in mitigations for e in m.effect}),
        ),
        one_vote_veto=part(bool(veto), veto or list(acc.one_vote_veto)),
        lifetime=part(bool(lifetime), lifetime, status=facts.official.status),
        referral=part(bool(referral), referral, to=referral[0].to if referral else "supervision_commission"),
        restrictions=tuple(r.frozen() for r in restrictions),
        may_be_promoted_on_as_of=promotable,
        conflicts=tuple(conflicts),
        no_measure=NoMeasureVerdict(facts.no_measure.reason, facts.no_measure.basis) if facts.no_measure else None,
        procedure=_procedure(policy),
        notes=tuple(dict.fromkeys(run.notes)),
        trace=trace_of(policy, run.trace),
    )


def _restrictions(
    policy: Policy, facts: AccountabilityFacts, run: _Run, veto: list[ConditionalRule]
) -> list[Restriction]:
    """Each decided measure's influence period and the one-vote veto add parts; the parts of one
    kind combine into one restriction ending at the latest end (常州 第三十条 "按照影响期长的规定执行"),
    an open end being the latest until a competent body sets it (``set_ends``)."""
    by_kind: dict[str, Restriction] = {}

    def add(kind: str, part: Part, note: str | None = None) -> None:
        entry = by_kind.setdefault(kind, Restriction(kind, []))
        entry.parts.append(part)
        if note:
            entry.notes.append(note)

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
        run.notes += [policy.readings[r].text for r in period.reading_ids]
        for spec in period.restrictions:
            if spec.months is None:
                add(
                    spec.kind,
                    Part(label, decided.date, None, list(period.cites)),
                    f"the texts set no period for {spec.kind} after {label}",
                )
            else:
                add(spec.kind, Part(label, decided.date, add_months(decided.date, spec.months), list(period.cites)))
    acc = policy.accountability
    if veto and acc is not None:
        cites = list(dict.fromkeys(c for rule in veto for c in rule.cites))
        start = min((d.date for d in facts.decided), default=None)
        vp = acc.veto_period
        if start is None:
            run.notes.append("one-vote veto: its restrictions start with the decision, which is not recorded yet")
        elif vp is not None:
            cites += [c for c in vp.cites if c not in cites]
            until = add_months(start, vp.months) if vp.months is not None else None
            for kind in acc.veto_restrictions:
                add(kind, Part("one_vote_veto", start, until, list(cites)), vp.open)
    for set_end in facts.set_ends:
        entry = by_kind.get(set_end.kind)
        open_parts = [p for p in entry.parts if p.until is None] if entry else []
        if not open_parts:
            run.notes.append(f"set_ends: {set_end.kind} has no open end to set; ignored")
            continue
        assert entry is not None
        if set_end.until <= entry.start:
            run.notes.append(f"set_ends: the end of {set_end.kind} must come after its start; ignored")
            continue
        for part in open_parts:
            part.until, part.set_by = set_end.until, set_end.basis
    return sorted(by_kind.values(), key=lambda r: (r.kind, r.start))


RESPONSIBLE = ("main", "important", "direct")
"""Responsibility degrees a case may find (主要、重要、直接领导责任)."""


def decision_problems(responsibility: str | None, measures: list[str], reason: str, basis: str) -> list[str]:
    """What a decision for one official lacks: an official found to bear a responsibility degree and
    given no measure needs an explicit reason and its basis (e.g. an exemption found, CZ-26), so no
    page or document says both 主要领导责任 and 未给予问责处理 without saying why. Empty when complete."""
    if measures or responsibility not in RESPONSIBLE:
        return []
    problems = []
    if not reason.strip():
        problems.append("no_measure.reason: required when an official found responsible is given no measure")
    if not basis.strip():
        problems.append("no_measure.basis: required when an official found responsible is given no measure")
    return problems


def _procedure(policy: Policy) -> ProcedureVerdict:
    acc = policy.accountability
    proc = acc.procedure if acc else None

    def step(name: str) -> ProcedureStep | None:
        value = getattr(proc, name) if proc else None
        return None if value is None else ProcedureStep(value.actor, value.text, tuple(value.cites))

    return ProcedureVerdict(
        step("propose"),
        step("investigate"),
        step("decide"),
        step("publish"),
        step("appeal"),
        proc.appeal_suspends_execution if proc else None,
    )
