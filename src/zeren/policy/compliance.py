"""Compliance: post + date range + performance records → per duty and period, met / missed / open /
not_applicable, with the records counted and the articles cited.

Readings (explicit, from the pack's ``compliance`` settings):
- A record counts in every period of the duty's kind that contains its date (inclusive bounds).
- Only records inside [from, to] (the tenure, or the part of it evaluated) count.
- A period that [from, to] covers only in part is judged under ``partial_period``: ``credit_only``
  (met if met, else not_applicable) or ``require`` (judged like a whole period).
- A period whose last day is after ``as_of`` and that is not yet met is ``open``.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from zeren.policy.accidents import grade_of
from zeren.policy.duties import Scope, duties_for
from zeren.policy.explain import TraceEntry
from zeren.policy.facts import ComplianceFacts, Event, Record
from zeren.policy.model import Policy
from zeren.policy.periods import Period, judging_year, period_of, periods_between, years_spanned
from zeren.policy.schema import Duty
from zeren.policy.vocabulary import GRADES


@dataclass(slots=True)
class Item:
    obligation: str
    cites: list[str]
    activity: str | None
    period: str
    required: int
    done: int
    status: str
    records: list[dict[str, Any]]
    reason: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "obligation": self.obligation,
            "cites": self.cites,
            "activity": self.activity,
            "period": self.period,
            "required": self.required,
            "done": self.done,
            "status": self.status,
            "records": self.records,
        }
        if self.period_start is not None:
            out["period_start"] = self.period_start.isoformat()
            out["period_end"] = self.period_end.isoformat() if self.period_end else None
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass(slots=True)
class ComplianceVerdict:
    policy: Policy
    items: list[Item]
    trace: list[TraceEntry]
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy.id,
            "policy_version": self.policy.version,
            "items": [i.as_dict() for i in self.items],
            "summary": self.summary(),
            "notes": self.notes,
            "trace": [t.as_dict(self.policy) for t in self.trace],
        }

    def summary(self) -> dict[str, int]:
        counts = {"met": 0, "missed": 0, "open": 0, "not_applicable": 0}
        for item in self.items:
            counts[item.status] += 1
        return counts


class Windows:
    """The counting windows of some slots, by activity, in groups of disjoint windows sorted by
    their first day: a count (activity, day ordinal, number of records) falls in at most one window
    of a group, found by one bisection. The one counting of the core — :meth:`Plan.count` (the
    plan's own windows, built once), :func:`count_in_slots`, and so :func:`evaluate_compliance` and
    the store. Counts may be records one by one, per day, or per coarser bucket (a month) as long
    as every window contains each bucket whole or not at all."""

    __slots__ = ("_groups", "_size")

    def __init__(self, slots: Sequence[Slot]) -> None:
        self._size = len(slots)
        self._groups: dict[str, list[tuple[list[int], list[int], list[int]]]] = {}
        for i in sorted(range(len(slots)), key=lambda i: (slots[i].first, slots[i].last)):
            slot = slots[i]
            groups = self._groups.setdefault(slot.activity, [])
            for firsts, lasts, indexes in groups:
                if lasts[-1] < slot.first:
                    firsts.append(slot.first)
                    lasts.append(slot.last)
                    indexes.append(i)
                    break
            else:
                groups.append(([slot.first], [slot.last], [i]))

    def count(self, counts: Iterable[tuple[str, int, int]]) -> list[int]:
        """The number of records counted in each slot, in the slots' order."""
        done = [0] * self._size
        groups = self._groups
        for activity, day, n in counts:
            for firsts, lasts, indexes in groups.get(activity, ()):
                k = bisect_right(firsts, day) - 1
                if k >= 0 and day <= lasts[k]:
                    done[indexes[k]] += n
        return done


def count_in_slots(slots: Sequence[Slot], counts: Iterable[tuple[str, int, int]]) -> list[int]:
    """The number of records counted in each slot (:class:`Windows`)."""
    return Windows(slots).count(counts)


class RecordIndex:
    """The facts' records by activity, sorted by date, to list those a slot counted."""

    def __init__(self, records: list[Record]) -> None:
        by_activity: dict[str, list[tuple[int, int]]] = {}
        for position, record in enumerate(records):
            by_activity.setdefault(record.activity, []).append((record.date.toordinal(), position))
        self._records = records
        self._days: dict[str, list[int]] = {}
        self._positions: dict[str, list[int]] = {}
        for activity, pairs in by_activity.items():
            pairs.sort()
            self._days[activity] = [d for d, _ in pairs]
            self._positions[activity] = [p for _, p in pairs]

    def records(self, slot: Slot) -> list[dict[str, Any]]:
        """The records dated in the slot's window."""
        days = self._days.get(slot.activity, [])
        lo, hi = bisect_left(days, slot.first), bisect_right(days, slot.last)
        out = []
        for position in self._positions.get(slot.activity, [])[lo:hi]:
            record = self._records[position]
            entry: dict[str, Any] = {"activity": record.activity, "date": record.date.isoformat()}
            if record.id is not None:
                entry["id"] = record.id
            out.append(entry)
        return out


_DUTIES: dict[tuple[int, str, str, str | None], tuple[Policy, Scope, list[Duty], list[Duty]]] = {}


def _duties(policy: Policy, role: str, level: str, kind: str | None) -> tuple[Scope, list[Duty], list[Duty]]:
    """:func:`duties_for` and the non-standing duties that do not bind, remembered per policy object
    (a recompute judges tens of thousands of posts with a handful of shapes)."""
    key = (id(policy), role, level, kind)
    found = _DUTIES.get(key)
    if found is None or found[0] is not policy:
        if len(_DUTIES) > 4096:
            _DUTIES.clear()
        scope, duties = duties_for(policy, role, level, kind)
        bound = {d.id for d in duties}
        unbound = [d for d in policy.duties if d.id not in bound and d.kind != "standing"]
        found = _DUTIES[key] = (policy, scope, duties, unbound)
    return found[1], found[2], found[3]


@dataclass(frozen=True, slots=True)
class Slot:
    """One duty × period to judge: the records of ``activity`` dated in [first, last] (ordinals,
    inclusive) are counted; fewer than ``required`` reads as ``unmet`` (with ``reason``)."""

    duty: Duty
    activity: str
    period: str
    period_start: dt.date
    period_end: dt.date
    first: int
    last: int
    required: int
    unmet: str
    reason: str | None

    def status(self, done: int) -> tuple[str, str | None]:
        """The verdict for ``done`` records: met, or what an unmet count reads as."""
        return ("met", None) if done >= self.required else (self.unmet, self.reason)


@dataclass(frozen=True, slots=True)
class Plan:
    """What judging one post shape over [from, to] as of a day comes to, before any record is read:
    the duties that bind (or not, for the trace) and the slots of the periodic and one-off duties.
    Event duties get their slots from the events (:meth:`slots_with`). A plan depends only on the
    policy, the post's role, level and department kind, the range and as_of, so a recompute of tens
    of thousands of posts builds a handful."""

    policy: Policy
    scope: Scope
    duties: tuple[Duty, ...]
    unbound: tuple[Duty, ...]
    steps: tuple[tuple[Duty, tuple[Slot, ...]], ...]
    """Each counted duty with its slots (none yet for event duties), in the duties' order."""
    from_: dt.date
    to: dt.date
    as_of: dt.date
    slots: tuple[Slot, ...]
    """The slots of the periodic and one-off duties (all slots when no event duty binds)."""
    has_events: bool
    activities: frozenset[str]
    """The activities any counted duty counts: no other record can change a verdict."""
    windows: Windows
    """The counting windows of :attr:`slots`."""

    def slots_with(self, facts_events: list[Event], sectors: list[str]) -> list[Slot]:
        """Every slot in the duties' order, those of event duties created by ``facts_events`` (for a
        post in charge of ``sectors``)."""
        out: list[Slot] = []
        for duty, slots in self.steps:
            if duty.kind == "event":
                out.extend(_event_slots(self.policy, duty, facts_events, sectors, self.from_, self.to, self.as_of))
            else:
                out.extend(slots)
        return out

    def count(self, counts: Iterable[tuple[str, int, int]]) -> list[int]:
        """The number of records counted in each of :attr:`slots` (:class:`Windows`)."""
        return self.windows.count(counts)


_PLANS: dict[tuple[int, str, str, str | None, dt.date, dt.date, dt.date], Plan] = {}


def compliance_plan(
    policy: Policy, role: str, level: str, kind: str | None, from_: dt.date, to: dt.date, as_of: dt.date
) -> Plan:
    """The :class:`Plan` of a post shape over [from_, to] as of ``as_of`` (remembered)."""
    key = (id(policy), role, level, kind, from_, to, as_of)
    found = _PLANS.get(key)
    if found is not None and found.policy is policy:
        return found
    if len(_PLANS) > 16384:
        _PLANS.clear()
    scope, duties, unbound = _duties(policy, role, level, kind)
    partial = policy.compliance.partial_period
    steps: list[tuple[Duty, tuple[Slot, ...]]] = []
    for duty in duties if scope.rule is not None else []:
        if duty.kind == "periodic":
            part_year = duty.part_year or policy.compliance.part_year
            steps.append((duty, tuple(_periodic_slots(duty, from_, to, as_of, partial, part_year))))
        elif duty.kind == "event":
            steps.append((duty, ()))
        elif duty.kind == "one_off" and duty.activity is not None:
            steps.append((duty, (_one_off_slot(duty, from_, to, as_of),)))
    slots = tuple(slot for _duty, duty_slots in steps for slot in duty_slots)
    plan = _PLANS[key] = Plan(
        policy=policy,
        scope=scope,
        duties=tuple(duties),
        unbound=tuple(unbound),
        steps=tuple(steps),
        from_=from_,
        to=to,
        as_of=as_of,
        slots=slots,
        has_events=any(duty.kind == "event" for duty, _slots in steps),
        activities=frozenset(duty.activity for duty, _slots in steps if duty.activity is not None),
        windows=Windows(slots),
    )
    return plan


# Which year judges a period ------------------------------------------------------------------
# A store keeps verdicts per calendar year: each post's plan covers its tenure within one year. A
# period that lies within the year is judged in it on the plan's records; a longer one (two years)
# in the year it ends, on the records of the whole period within the tenure (its carry); it has no
# verdict in the years before.


def judged_in(slot: Slot, year: int) -> bool:
    """Whether ``year``'s plan judges ``slot`` on its own records: a periodic duty's period that
    lies within the year; every other slot (events, one-off duties) of the year's plan."""
    if slot.duty.kind != "periodic":
        return True
    return len(years_spanned(slot.period_start, slot.period_end)) == 1 and slot.period_end.year == year


def carried_over(slot: Slot, year: int) -> bool:
    """A periodic duty's period that began in an earlier year and ends in ``year``: judged in
    ``year`` (:func:`~zeren.policy.periods.judging_year`) over all of it (:func:`carry`)."""
    return (
        slot.duty.kind == "periodic"
        and slot.period_start.year < year
        and judging_year(slot.period_start, slot.period_end) == year
    )


def judged_slots(plan: Plan, year: int) -> tuple[tuple[Slot, ...], dt.date | None]:
    """The slots of ``year``'s ``plan`` judged on its own records (:func:`judged_in`; the plan's
    own :attr:`Plan.slots` when that is all of them), and the first day of the earliest period that
    is carried into the year (:func:`carried_over`), None when there is none."""
    here = tuple(slot for slot in plan.slots if judged_in(slot, year))
    earliest = min((slot.period_start for slot in plan.slots if carried_over(slot, year)), default=None)
    return (plan.slots if len(here) == len(plan.slots) else here), earliest


def carry(
    plan: Plan, role: str, level: str, kind: str | None, tenure_start: dt.date, year: int
) -> tuple[dt.date, tuple[Slot, ...]] | None:
    """The carry of ``year``'s ``plan`` for a post shape whose tenure began on ``tenure_start``: the
    periods that began in an earlier year and end in this one, planned over the whole period
    within the tenure — (the day their records count from, their slots); None when there are none."""
    earliest = judged_slots(plan, year)[1]
    if earliest is None:
        return None
    since = max(tenure_start, earliest)
    whole = compliance_plan(plan.policy, role, level, kind, since, plan.to, plan.as_of)
    return since, tuple(slot for slot in whole.slots if carried_over(slot, year))


def credit_years(policies: Iterable[Policy], activity: str, day: dt.date) -> set[int]:
    """The years whose verdicts a record of ``activity`` on ``day`` can change under any of
    ``policies``: its own; for a duty counted over a longer period, the year that judges the period
    containing the day; for an event duty, the years of the events whose window (``within_days``)
    the day falls in (an accident on 31 December is met by going to the scene on 1 January)."""
    years = {day.year}
    for policy in policies:
        for duty in policy.duties:
            if duty.activity != activity:
                continue
            if duty.kind == "periodic" and duty.every is not None:
                period = period_of(duty.every, day)
                years.add(judging_year(period.start, period.end))
            elif duty.kind == "event" and duty.within_days:
                years.update(years_spanned(day - dt.timedelta(days=duty.within_days), day))
    return years


def evaluate_compliance(policy: Policy, facts: ComplianceFacts) -> ComplianceVerdict:
    """Judge ``facts``: per duty and period, the records counted, the verdict and its articles. (The
    store counts its credits into the same :class:`Plan`'s slots with the same :class:`Windows`.)"""
    post = facts.post
    plan = compliance_plan(policy, post.role, post.level, post.department_kind, facts.from_, facts.to, facts.as_of)
    scope = plan.scope
    trace: list[TraceEntry] = []
    notes: list[str] = []
    post_inputs = {"post.role": post.role, "post.level": post.level, "post.department_kind": post.department_kind}
    if scope.rule is not None:
        trace.append(TraceEntry(scope.rule.id, list(scope.rule.cites), scope.applies, dict(post_inputs)))
    else:
        notes.append(f"{policy.id} does not cover {post.role} at level {post.level}: no duties")
        return ComplianceVerdict(policy, [], trace, notes)
    if scope.applies == "by_reference":
        notes.append(f"参照执行: duties read as level {scope.read_as_level}")
    for duty in plan.unbound:
        trace.append(TraceEntry(duty.id, list(duty.cites), "does_not_bind", dict(post_inputs)))
    settings = policy.compliance
    if settings.reading:
        notes.append(policy.readings[settings.reading].text)
    index = RecordIndex(facts.records)
    items: list[Item] = []
    for duty, duty_slots in plan.steps:
        notes += [policy.readings[r].text for r in duty.reading_ids]
        if settings.part_year_reading and any(s.reason and s.reason.startswith("part_year") for s in duty_slots):
            notes.append(policy.readings[settings.part_year_reading].text)
        trace.append(
            TraceEntry(
                duty.id,
                list(duty.cites),
                "binds",
                {**post_inputs, "activity": duty.activity, "every": duty.every, "at_least": duty.at_least},
            )
        )
    counts = [(record.activity, record.date.toordinal(), 1) for record in facts.records]
    if plan.has_events:
        slots: Sequence[Slot] = plan.slots_with(facts.events, facts.post.sectors)
        counted = count_in_slots(slots, counts)
    else:
        slots, counted = plan.slots, plan.count(counts)
    for slot, done in zip(slots, counted, strict=True):
        status, reason = slot.status(done)
        items.append(
            Item(
                slot.duty.id,
                list(slot.duty.cites),
                slot.activity,
                slot.period,
                slot.required,
                done,
                status,
                index.records(slot) if done else [],
                reason,
                slot.period_start,
                slot.period_end,
            )
        )
    return ComplianceVerdict(policy, items, trace, list(dict.fromkeys(notes)))


def _periodic_slots(
    duty: Duty, start: dt.date, end: dt.date, as_of: dt.date, partial: str, part_year: str | None = None
) -> list[Slot]:
    """The slots of a periodic duty. A calendar year covered only in part follows the pack's
    ``part_year`` reading when it has one (pro rata rounded up, the whole count, or not judged,
    with ``reason`` ``part_year_pro_rata``/``part_year_whole``/``partial_period``); every other
    partial period follows ``partial_period``."""
    assert duty.activity is not None and duty.every is not None
    yearly = duty.every == "year" or (duty.every.startswith("years:1@"))
    slots = []
    for period in periods_between(duty.every, start, end):
        whole = period.start >= start and period.end <= end
        required = duty.at_least
        reason: str | None
        if not whole and yearly and part_year in ("pro_rata_up", "whole_count"):
            covered = (min(period.end, end) - max(period.start, start)).days + 1
            total = (period.end - period.start).days + 1
            if part_year == "pro_rata_up":
                required = -(-duty.at_least * covered // total)
            reason = "part_year_pro_rata" if part_year == "pro_rata_up" else "part_year_whole"
            unmet = "open" if period.end > as_of else "missed"
        elif period.end > as_of:
            unmet, reason = "open", None
        elif not whole and (partial == "credit_only" or (yearly and part_year == "not_judged")):
            unmet, reason = "not_applicable", "partial_period"
        else:
            unmet, reason = "missed", None
        slots.append(
            Slot(
                duty,
                duty.activity,
                period.id,
                period.start,
                period.end,
                max(period.start, start).toordinal(),
                min(period.end, end).toordinal(),
                required,
                unmet,
                reason,
            )
        )
    return slots


def _event_slots(
    policy: Policy,
    duty: Duty,
    events: list[Event],
    sectors: list[str],
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
) -> list[Slot]:
    assert duty.trigger is not None and duty.activity is not None and duty.within_days is not None
    slots = []
    threshold = GRADES.index(duty.trigger.min_grade)
    thresholds = policy.accidents.grades if policy.accidents else []
    for event in events:
        grade = event.grade or grade_of(thresholds, event.deaths, event.serious_injuries, event.direct_loss_yuan)[0]
        if GRADES.index(grade) < threshold:
            continue
        if duty.trigger.in_sector and (event.sector is None or event.sector not in sectors):
            continue
        day = event.occurred_at.date()
        if day < start or day > end:
            continue
        last = day + dt.timedelta(days=duty.within_days)
        label = event.id or day.isoformat()
        slots.append(
            Slot(
                duty,
                duty.activity,
                f"event:{label}",
                day,
                last,
                day.toordinal(),
                last.toordinal(),
                duty.at_least,
                "open" if last > as_of else "missed",
                None,
            )
        )
    return slots


def _one_off_slot(duty: Duty, start: dt.date, end: dt.date, as_of: dt.date) -> Slot:
    assert duty.activity is not None
    period = Period(start, end, "range", f"{start.isoformat()}/{end.isoformat()}")
    return Slot(
        duty,
        duty.activity,
        period.id,
        period.start,
        period.end,
        start.toordinal(),
        end.toordinal(),
        duty.at_least,
        "open" if end > as_of else "missed",
        None,
    )
