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
from dataclasses import dataclass, field
from typing import Any

from zeren.policy.accidents import grade_of
from zeren.policy.duties import Scope, duties_for
from zeren.policy.explain import TraceEntry
from zeren.policy.facts import ComplianceFacts, Record
from zeren.policy.model import Policy
from zeren.policy.periods import Period, periods_between
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


class RecordIndex:
    """Records by activity, sorted by date, for counting by period with two bisections."""

    def __init__(self, records: list[Record]) -> None:
        by_activity: dict[str, list[tuple[int, int]]] = {}
        for position, record in enumerate(records):
            by_activity.setdefault(record.activity, []).append((record.date.toordinal(), position))
        self._records = records
        self._dates: dict[str, list[int]] = {}
        self._positions: dict[str, list[int]] = {}
        for activity, pairs in by_activity.items():
            pairs.sort()
            self._dates[activity] = [d for d, _ in pairs]
            self._positions[activity] = [p for _, p in pairs]

    def between(self, activity: str, start: dt.date, end: dt.date) -> tuple[int, int, str]:
        dates = self._dates.get(activity)
        if not dates:
            return 0, 0, activity
        lo = bisect_left(dates, start.toordinal())
        hi = bisect_right(dates, end.toordinal())
        return lo, hi, activity

    def records(self, span: tuple[int, int, str]) -> list[dict[str, Any]]:
        lo, hi, activity = span
        out = []
        for position in self._positions[activity][lo:hi]:
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


class CountIndex:
    """Records given as counts per activity and day (sorted or not): the same counting as
    :class:`RecordIndex` with two bisections over the distinct days and a running total, for callers
    that hold counts rather than records (the store's recompute). It lists no records."""

    def __init__(self, counts: dict[str, list[tuple[dt.date, int]]]) -> None:
        self._dates: dict[str, list[int]] = {}
        self._totals: dict[str, list[int]] = {}
        for activity, pairs in counts.items():
            merged: dict[int, int] = {}
            for day, n in pairs:
                ordinal = day.toordinal()
                merged[ordinal] = merged.get(ordinal, 0) + n
            days = sorted(merged)
            totals = [0]
            for ordinal in days:
                totals.append(totals[-1] + merged[ordinal])
            self._dates[activity] = days
            self._totals[activity] = totals

    def between(self, activity: str, start: dt.date, end: dt.date) -> tuple[int, int, str]:
        dates = self._dates.get(activity)
        if not dates:
            return 0, 0, activity
        totals = self._totals[activity]
        return totals[bisect_left(dates, start.toordinal())], totals[bisect_right(dates, end.toordinal())], activity

    def records(self, span: tuple[int, int, str]) -> list[dict[str, Any]]:
        return []


def evaluate_compliance(
    policy: Policy, facts: ComplianceFacts, *, counts: dict[str, list[tuple[dt.date, int]]] | None = None
) -> ComplianceVerdict:
    """Judge ``facts``. With ``counts`` (records as counts per activity and day, in place of
    ``facts.records``) the verdicts are the same as for that many records on those days, but the items
    list no records."""
    post = facts.post
    scope, duties, unbound = _duties(policy, post.role, post.level, post.department_kind)
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
    for duty in unbound:
        trace.append(TraceEntry(duty.id, list(duty.cites), "does_not_bind", dict(post_inputs)))
    settings = policy.compliance
    if settings.reading:
        notes.append(policy.readings[settings.reading].text)
    index: RecordIndex | CountIndex = CountIndex(counts) if counts is not None else RecordIndex(facts.records)
    items: list[Item] = []
    for duty in duties:
        if duty.kind == "periodic":
            items.extend(_periodic(duty, facts, index, settings.partial_period))
        elif duty.kind == "event":
            items.extend(_event(policy, duty, facts, index))
        elif duty.kind == "one_off" and duty.activity is not None:
            items.append(_one_off(duty, facts, index))
        else:
            continue
        if duty.reading:
            notes.append(policy.readings[duty.reading].text)
        trace.append(
            TraceEntry(
                duty.id,
                list(duty.cites),
                "binds",
                {**post_inputs, "activity": duty.activity, "every": duty.every, "at_least": duty.at_least},
            )
        )
    return ComplianceVerdict(policy, items, trace, list(dict.fromkeys(notes)))


def _periodic(duty: Duty, facts: ComplianceFacts, index: RecordIndex | CountIndex, partial: str) -> list[Item]:
    assert duty.activity is not None and duty.every is not None
    start, end, as_of = facts.from_, facts.to, facts.as_of
    cites = list(duty.cites)
    items = []
    for period in periods_between(duty.every, start, end):
        span = index.between(duty.activity, max(period.start, start), min(period.end, end))
        done = span[1] - span[0]
        whole = period.start >= start and period.end <= end
        reason = None
        if done >= duty.at_least:
            status = "met"
        elif period.end > as_of:
            status = "open"
        elif not whole and partial == "credit_only":
            status, reason = "not_applicable", "partial_period"
        else:
            status = "missed"
        items.append(
            Item(
                duty.id,
                cites,
                duty.activity,
                period.id,
                duty.at_least,
                done,
                status,
                index.records(span) if done else [],
                reason,
                period.start,
                period.end,
            )
        )
    return items


def _event(policy: Policy, duty: Duty, facts: ComplianceFacts, index: RecordIndex | CountIndex) -> list[Item]:
    assert duty.trigger is not None and duty.activity is not None and duty.within_days is not None
    items = []
    threshold = GRADES.index(duty.trigger.min_grade)
    thresholds = policy.accidents.grades if policy.accidents else []
    for event in facts.events:
        grade = event.grade or grade_of(thresholds, event.deaths, event.serious_injuries, event.direct_loss_yuan)[0]
        if GRADES.index(grade) < threshold:
            continue
        if duty.trigger.in_sector and (event.sector is None or event.sector not in facts.post.sectors):
            continue
        day = event.occurred_at.date()
        if day < facts.from_ or day > facts.to:
            continue
        last = day + dt.timedelta(days=duty.within_days)
        span = index.between(duty.activity, day, last)
        done = span[1] - span[0]
        status = "met" if done >= duty.at_least else ("open" if last > facts.as_of else "missed")
        label = event.id or day.isoformat()
        items.append(
            Item(
                duty.id,
                list(duty.cites),
                duty.activity,
                f"event:{label}",
                duty.at_least,
                done,
                status,
                index.records(span) if done else [],
                None,
                day,
                last,
            )
        )
    return items


def _one_off(duty: Duty, facts: ComplianceFacts, index: RecordIndex | CountIndex) -> Item:
    assert duty.activity is not None
    span = index.between(duty.activity, facts.from_, facts.to)
    done = span[1] - span[0]
    status = "met" if done >= duty.at_least else ("open" if facts.to > facts.as_of else "missed")
    period = Period(facts.from_, facts.to, "range", f"{facts.from_.isoformat()}/{facts.to.isoformat()}")
    return Item(
        duty.id,
        list(duty.cites),
        duty.activity,
        period.id,
        duty.at_least,
        done,
        status,
        index.records(span) if done else [],
        None,
        period.start,
        period.end,
    )
