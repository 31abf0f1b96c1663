"""The verdict rows of one appointment in a compliance recompute: its credit counts
(:mod:`zeren.records.loading`) counted into the slots of its plans (:mod:`zeren.records.plans`)
by the core (:func:`~zeren.policy.compliance.count_in_slots`, the counting
:func:`~zeren.policy.compliance.evaluate_compliance` does), one row per obligation and period
(:data:`COLUMNS`, the columns of :class:`~zeren.records.models.ComplianceRow`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from zeren.policy.compliance import Slot, count_in_slots, judged_in
from zeren.records.loading import Accidents, Holding
from zeren.records.plans import Segment
from zeren.records.vocabulary import EVENT_ACTIVITIES

COLUMNS = (
    "appointment_id",
    "post_id",
    "person_id",
    "jurisdiction_id",
    "role",
    "year",
    "obligation",
    "activity",
    "period",
    "period_start",
    "period_end",
    "required",
    "done",
    "status",
    "reason",
    "policy_id",
    "policy_version",
    "computed_on",
)
KEY = ("appointment_id", "obligation", "period")

SlotColumns = tuple[tuple[Any, ...], int, tuple[str, str]]
"""A slot's part of a verdict row: (obligation, activity, period, period_start, period_end,
required), the number required, and (status, reason) when fewer are done."""


@dataclass(frozen=True)
class Context:
    """What judging every holding of one recompute shares."""

    year: int
    as_of: dt.date
    daily: frozenset[int]
    """The first days (ordinals) of the months whose credits are counted per day."""
    accidents: Accidents
    columns: dict[int, tuple[Slot, SlotColumns]] = field(default_factory=dict)
    """Each slot's columns, by the slot's identity: the slots are the plans' (a few hundred plans
    for a province), kept alive with the entry for as long as the recompute runs."""

    def slot_columns(self, slot: Slot) -> SlotColumns:
        found = self.columns.get(id(slot))
        if found is None:
            columns = (slot.duty.id, slot.activity, slot.period, slot.period_start, slot.period_end, slot.required)
            found = self.columns[id(slot)] = (slot, (columns, slot.required, (slot.unmet, slot.reason or "")))
        return found[1]


MET = ("met", "")


def inside(
    counts: list[tuple[str, int, int]], start: dt.date, end: dt.date, daily: frozenset[int]
) -> list[tuple[str, int, int]]:
    """The credit counts dated in [start, end]. A month's credits come as one bucket dated on the
    month's first day; the credits are the tenure's, so when the range starts within a month
    because the tenure does, that month's bucket is moved to the range's first day. A month in
    which the policy changes is counted per day (``daily``: the ordinals of such months' first
    days), as are event activities."""
    first, last = start.toordinal(), end.toordinal()
    month = start.replace(day=1).toordinal()
    clamps = month < first and month not in daily
    out = []
    for activity, bucket, n in counts:
        if bucket < first:
            if not (clamps and bucket == month) or activity in EVENT_ACTIVITIES:
                continue  # before the range
            bucket = first
        if bucket <= last:
            out.append((activity, bucket, n))
    return out


def rows_for(
    holding: Holding, segments: list[Segment], counts: list[tuple[str, int, int]], context: Context
) -> list[tuple[Any, ...]]:
    """The holding's verdict rows (:data:`COLUMNS`): per segment, the credits dated in it counted
    into the plan's slots (:func:`inside`). Every period a duty counts (month, quarter, half-year,
    year, the tenure) contains either the whole bucket within the segment or none of it, so the
    counts are those of the real dates. A period that began in an earlier year is counted from its
    start within the tenure. Should two parts give a verdict for the same obligation and period,
    the later one is kept."""
    as_of, daily = context.as_of, context.daily
    head: tuple[Any, ...] = (holding.appointment_id, holding.post_id, holding.person_id, holding.jurisdiction_id)
    head += (holding.role, context.year)
    out: list[tuple[Any, ...]] = []
    for seg_start, seg_end, plan, slots, carried in segments:
        if not slots and not plan.has_events and not carried:
            continue
        within = inside(counts, seg_start, seg_end, daily)
        groups: list[tuple[Sequence[Slot], list[int]]]
        if plan.has_events:
            events = context.accidents.events_for(holding.path, seg_start, seg_end)
            every = plan.slots_with(events, holding.sectors)
            judged = [s for s in every if s.duty.kind != "event" and judged_in(s, context.year)]
            groups = [(judged, count_in_slots(judged, within))]
            created = [s for s in every if s.duty.kind == "event"]
            if created:  # each counted to the end of its window, into the next year if need be
                reach = max(seg_end, max(s.period_end for s in created))
                groups.append((created, count_in_slots(created, inside(counts, seg_start, reach, daily))))
        elif slots is plan.slots:  # the plan's own windows, built once
            groups = [(slots, plan.count(within))]
        else:
            groups = [(slots, count_in_slots(slots, within))]
        for since, reaching in carried:
            groups.append((reaching, count_in_slots(reaching, inside(counts, since, seg_end, daily))))
        tail = (plan.policy.id, plan.policy.version, as_of)
        for group, done in groups:
            for slot, n in zip(group, done, strict=True):
                columns, required, unmet = context.slot_columns(slot)
                out.append(head + columns + (n,) + (MET if n >= required else unmet) + tail)
    if len(segments) > 1:
        out = list({(row[6], row[8]): row for row in out}.values())
    return out
