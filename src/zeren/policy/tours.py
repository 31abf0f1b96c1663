"""The inspection-tour cycle (巡查周期): which targets are toured in the cycle, due or overdue.

A pack's ``provisions`` of kind ``inspection_tour`` say who tours whom; one that sets ``every:`` gives
the cycle (河北 第十四条: every two years, 本级有关工作部门 and 下级党委、政府). The facts name the
targets of one touring jurisdiction — each a body, at the same level or the level below — and the
tours each target had. For each target the evaluator says:

* ``covered`` — toured in the cycle period containing ``as_of`` (e.g. 2025/2026), on or before ``as_of``;
* ``overdue`` — not toured in this period, and the whole previous period passed without a tour either
  (a cycle was missed), counting only a previous period that starts on or after ``since``;
* ``due`` — not toured in this period yet (it must be before the period ends, ``due_by``);
* ``not_in_cycle`` — the pack's cycle does not cover this kind of target;
* ``no_cycle`` — the pack sets no tour cycle (常州 第十二条 names none): nothing is due by the text.

Reading of the engine, stated in every verdict with a cycle: a cycle is a calendar period of the
pack's kind (``two_years``: 2025/2026, 2027/2028 — zeren.policy.periods), not a rolling span since
the last tour; a tour counts on its first day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from zeren.policy.explain import TraceEntry
from zeren.policy.facts import FactsError, problems_of
from zeren.policy.model import Policy
from zeren.policy.periods import Period, period_of
from zeren.policy.schema import Provision
from zeren.policy.verdicts import TraceItem, trace_of

TargetKind = Literal["party_committee", "government", "department", "party_committee_department"]
TargetLevel = Literal["same", "below"]
Status = Literal["covered", "due", "overdue", "not_in_cycle", "no_cycle"]

# The body kinds of the facts → the kinds a provision's ``targets`` name.
PROVISION_BODY: dict[str, str] = {
    "party_committee": "party_committee",
    "government": "government",
    "department": "departments",
    "party_committee_department": "party_committee_departments",
}

CALENDAR_NOTE = (
    "a cycle is a calendar period of the pack's kind, not a rolling span since the last tour; "
    "a tour counts on its first day"
)


class _Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TourTarget(_Facts):
    id: str = Field(min_length=1)
    body: TargetKind
    level: TargetLevel = "below"
    name: str | None = None


class TourHeld(_Facts):
    target: str = Field(min_length=1)
    date: dt.date


class TourCycleFacts(_Facts):
    as_of: dt.date
    since: dt.date | None = None
    """Cycles are judged from this date on (the pack's binding); an earlier period is never overdue."""
    targets: list[TourTarget] = Field(default_factory=list)
    tours: list[TourHeld] = Field(default_factory=list)


def parse_tour_cycle_facts(data: object) -> TourCycleFacts:
    try:
        facts = TourCycleFacts.model_validate(data)
    except ValidationError as exc:
        raise FactsError(problems_of(exc)) from None
    known = {t.id for t in facts.targets}
    unknown = [
        f"tours[{i}].target: {t.target!r} is not one of the targets"
        for i, t in enumerate(facts.tours)
        if t.target not in known
    ]
    ids = [t.id for t in facts.targets]
    doubled = sorted({i for i in ids if ids.count(i) > 1})
    if unknown or doubled:
        raise FactsError(unknown + [f"targets: {i!r} is named twice" for i in doubled])
    return facts


@dataclass(frozen=True, slots=True)
class TargetVerdict:
    target: str
    status: Status
    rule: str | None
    cites: tuple[str, ...]
    period: Period | None
    due_by: dt.date | None
    last_tour: dt.date | None
    previous_period: Period | None

    def as_dict(self) -> dict[str, Any]:
        def span(p: Period | None) -> dict[str, str] | None:
            return None if p is None else {"id": p.id, "from": p.start.isoformat(), "to": p.end.isoformat()}

        return {
            "target": self.target,
            "status": self.status,
            "rule": self.rule,
            "cites": list(self.cites),
            "period": span(self.period),
            "previous_period": span(self.previous_period),
            "due_by": self.due_by.isoformat() if self.due_by else None,
            "last_tour": self.last_tour.isoformat() if self.last_tour else None,
        }


@dataclass(frozen=True, slots=True)
class TourCycleVerdict:
    policy: str
    policy_version: str
    cycle: str | None
    items: tuple[TargetVerdict, ...]
    notes: tuple[str, ...]
    trace: tuple[TraceItem, ...]

    def of(self, status: Status) -> list[TargetVerdict]:
        return [i for i in self.items if i.status == status]

    def as_dict(self) -> dict[str, Any]:
        counts = {s: len(self.of(s)) for s in ("covered", "due", "overdue", "not_in_cycle", "no_cycle")}
        return {
            "policy": self.policy,
            "policy_version": self.policy_version,
            "cycle": self.cycle,
            "items": [i.as_dict() for i in self.items],
            "summary": {k: v for k, v in counts.items() if v},
            "notes": list(self.notes),
            "trace": [t.as_dict() for t in self.trace],
        }


def _covers(provision: Provision, target: TourTarget) -> bool:
    kind = PROVISION_BODY[target.body]
    return any(t.body == kind and t.level == target.level for t in provision.targets)


def evaluate_tour_cycle(policy: Policy, facts: TourCycleFacts) -> TourCycleVerdict:
    """Each target's place in the pack's tour cycle on ``as_of`` (see the module's docstring)."""
    trace: list[TraceEntry] = []
    notes: list[str] = []
    tours = [p for p in policy.provisions if p.kind == "inspection_tour"]
    cyclic = [p for p in tours if p.every is not None]
    held: dict[str, list[dt.date]] = {}
    for tour in facts.tours:
        if tour.date <= facts.as_of:
            held.setdefault(tour.target, []).append(tour.date)
    if any(tour.date > facts.as_of for tour in facts.tours):
        notes.append("tours after as_of are not counted")
    items: list[TargetVerdict] = []
    if not cyclic:
        notes.append(f"{policy.id} sets no inspection-tour cycle: no target is due by the text")
        cites = tuple(c for p in tours for c in p.cites)
        for p in tours:
            trace.append(TraceEntry(p.id, list(p.cites), "no cycle", {"every": None}))
        for target in facts.targets:
            dates = held.get(target.id, [])
            items.append(
                TargetVerdict(
                    target.id,
                    "no_cycle",
                    tours[0].id if tours else None,
                    cites,
                    None,
                    None,
                    max(dates) if dates else None,
                    None,
                )
            )
        return TourCycleVerdict(policy.id, policy.version, None, tuple(items), tuple(notes), trace_of(policy, trace))
    cycle = cyclic[0].every
    for target in facts.targets:
        dates = sorted(held.get(target.id, []))
        last = dates[-1] if dates else None
        provision = next((p for p in cyclic if _covers(p, target)), None)
        if provision is None:
            items.append(TargetVerdict(target.id, "not_in_cycle", None, (), None, None, last, None))
            trace.append(
                TraceEntry(
                    cyclic[0].id,
                    list(cyclic[0].cites),
                    "not_in_cycle",
                    {"target": target.id, "body": target.body, "level": target.level},
                )
            )
            continue
        assert provision.every is not None
        period = period_of(provision.every, facts.as_of)
        previous = period_of(provision.every, period.start - dt.timedelta(days=1))
        in_period = [d for d in dates if period.contains(d)]
        in_previous = [d for d in dates if previous.contains(d)]
        judged_previous = facts.since is None or previous.start >= facts.since
        status: Status
        if in_period:
            status = "covered"
        elif judged_previous and not in_previous:
            status = "overdue"
        else:
            status = "due"
        items.append(
            TargetVerdict(
                target.id,
                status,
                provision.id,
                tuple(provision.cites),
                period,
                period.end,
                last,
                previous if judged_previous else None,
            )
        )
        trace.append(
            TraceEntry(
                provision.id,
                list(provision.cites),
                status,
                {
                    "target": target.id,
                    "body": target.body,
                    "level": target.level,
                    "every": provision.every,
                    "period": period.id,
                    "tours_in_period": [d.isoformat() for d in in_period],
                    "previous_period": previous.id if judged_previous else None,
                    "tours_in_previous_period": [d.isoformat() for d in in_previous],
                    "since": facts.since.isoformat() if facts.since else None,
                },
            )
        )
    notes.append(CALENDAR_NOTE)
    for p in cyclic:
        notes += [policy.readings[r].text for r in p.reading_ids if r in policy.readings]
    return TourCycleVerdict(
        policy.id, policy.version, cycle, tuple(items), tuple(dict.fromkeys(notes)), trace_of(policy, trace)
    )
