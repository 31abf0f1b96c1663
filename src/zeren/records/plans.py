"""The core's plans for each appointment of a compliance recompute.

An appointment's tenure within the year (from = max(tenure start, 1 January), to = min(tenure end,
31 December)) is split where the policy in force changes (:meth:`zeren.org.bindings.Bindings.parts`);
for each part the core compiles a :class:`~zeren.policy.compliance.Plan` (the duties that bind the
post and their periods) and says which of its periods the year judges and which longer periods are
carried into it (:func:`~zeren.policy.compliance.judged_slots`, :func:`~zeren.policy.compliance.carry`).
A province has tens of thousands of appointments and a few hundred distinct answers: they are
remembered per part of the year, policies in force and post shape, for one recompute.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from zeren.org.bindings import Bindings, Part
from zeren.policy.compliance import Plan, Slot, carry, compliance_plan, judged_slots
from zeren.records.loading import Holding


class Segment(NamedTuple):
    """A part of a holding's tenure within the year under one policy, with the core's plan for it
    and what of the plan is judged this year."""

    start: dt.date
    end: dt.date
    plan: Plan
    slots: tuple[Slot, ...]
    """The plan's slots judged in this year: all of them, but for a period reaching into another
    year (two years), which is judged in the year it ends (see :attr:`carried`)."""
    carried: tuple[tuple[dt.date, tuple[Slot, ...]], ...] = ()
    """Periods that began in an earlier year and end in this one: (the day their records count
    from, their slots, planned over the whole period within the tenure)."""


def event_reach(plan: Plan) -> int:
    """The most days an event duty of the plan leaves after the event (常州 赶赴现场: 1)."""
    return max((duty.within_days or 0 for duty, _slots in plan.steps if duty.kind == "event"), default=0)


class Planner:
    """Each holding's segments with the core's plan for each, for one recompute of ``year``."""

    def __init__(self, bindings: Bindings, *, year: int, as_of: dt.date) -> None:
        self.bindings, self.year, self.as_of = bindings, year, as_of
        self.start, self.end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        self.count_from = self.start
        """The earliest day whose credits the year's verdicts need (before 1 January when a period
        that ends this year began in an earlier one)."""
        self.count_to = self.end
        """The last day whose credits the year's verdicts need (after 31 December when an event duty
        created late in the year may be met in the next one)."""
        self.events = False
        """Whether an event duty binds some holding asked about (see :meth:`has_events`)."""
        # Keyed by the identity of the bindings' answers, which the bindings keep (and intern) for
        # as long as this planner lives: equal answers are one object.
        self._segments: dict[tuple[int, str, str, str | None], list[Segment]] = {}
        self._judged: dict[int, tuple[Plan, tuple[Slot, ...], dt.date | None]] = {}
        self._by_shape: dict[tuple[str, dt.date, dt.date, str, str, str | None], list[Segment] | None] = {}

    def segments(self, holding: Holding) -> list[Segment]:
        first = max(holding.start, self.start)
        last = min(holding.end, self.end) if holding.end is not None else self.end
        if last < first:
            return []
        # Most holdings share a jurisdiction, a tenure covering the year and a post shape with many
        # others: their answer is found by one lookup (None: it depends on the tenure's start).
        shape = (holding.path, first, last, holding.role, holding.level, holding.department_kind)
        found = self._by_shape.get(shape, ())
        if found:
            return found
        parts = self.bindings.parts(holding.path, first, last)
        key = (id(parts), holding.role, holding.level, holding.department_kind)
        found = self._segments.get(key)
        if found is None:
            plans = self._plans(holding, parts)
            if all(self._judged_slots(plan)[1] is None for _s, _e, plan in plans):
                found = self._segments[key] = [Segment(s, e, plan, self._judged_slots(plan)[0]) for s, e, plan in plans]
            else:
                self._by_shape[shape] = None
                return [self._carried(holding, s, e, plan) for s, e, plan in plans]  # depends on the tenure
        self._by_shape[shape] = found
        return found

    def _plans(self, holding: Holding, parts: tuple[Part, ...]) -> list[tuple[dt.date, dt.date, Plan]]:
        role, level, kind, as_of = holding.role, holding.level, holding.department_kind, self.as_of
        plans = [(s, e, compliance_plan(policy, role, level, kind, s, e, as_of)) for s, e, policy in parts]
        for _s, e, plan in plans:
            if plan.has_events:
                self.events = True
                self.count_to = max(self.count_to, e + dt.timedelta(days=event_reach(plan)))
        return plans

    def _judged_slots(self, plan: Plan) -> tuple[tuple[Slot, ...], dt.date | None]:
        found = self._judged.get(id(plan))
        if found is None or found[0] is not plan:
            found = self._judged[id(plan)] = (plan, *judged_slots(plan, self.year))
        return found[1], found[2]

    def _carried(self, holding: Holding, start: dt.date, end: dt.date, plan: Plan) -> Segment:
        here = self._judged_slots(plan)[0]
        found = carry(plan, holding.role, holding.level, holding.department_kind, holding.start, self.year)
        if found is None:
            return Segment(start, end, plan, here)
        self.count_from = min(self.count_from, found[0])
        return Segment(start, end, plan, here, (found,))

    def activities(self, holding: Holding) -> frozenset[str]:
        """The activities counted by the duties that bind the holding's post over its tenure."""
        segments = self.segments(holding)
        if len(segments) == 1:
            return segments[0].plan.activities
        return frozenset().union(*(segment.plan.activities for segment in segments))

    def has_events(self, holding: Holding) -> bool:
        """Whether an event duty binds the holding in some part of the year (its accidents are read)."""
        return any(segment.plan.has_events for segment in self.segments(holding))
