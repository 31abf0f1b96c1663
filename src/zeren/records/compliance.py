"""Compliance: the policy core's verdicts per appointment × obligation × period, kept in
:class:`~zeren.records.models.ComplianceRow` with the policy id and version.

One recompute, for a jurisdiction subtree (or a set of posts) and a calendar year, is set-based:

1. one query loads the appointments that overlap the year, with their posts and jurisdictions;
   the few policy bindings are resolved in memory (the same rule as
   :func:`zeren.org.bindings.binding_for`: the nearest binding up the tree valid on the date), and
   each appointment's tenure within the year (from = max(tenure start, 1 January), to =
   min(tenure end, 31 December)) is split where the policy in force changes. For each part the
   core compiles a :class:`~zeren.policy.compliance.Plan` (the duties that bind the post and their
   periods) — once per post shape and part, not per appointment;
2. one GROUP BY over :class:`~zeren.records.models.RecordCredit` counts the credits per
   appointment, activity and month, only in the activities each appointment's duties count (per
   day for event activities such as 赶赴现场, and in a month where a policy binding changes on
   another day than the first). Every period a duty counts (month, quarter, half-year, year, the
   tenure) holds a month's credits whole or not at all, so the counts are those of the real dates;
3. the plan counts them into its slots and reads the verdicts (:meth:`Plan.count`,
   :meth:`Slot.status`: the same code :func:`~zeren.policy.compliance.evaluate_compliance` runs);
4. the verdicts are compared with the stored ones and only the difference is written (PostgreSQL
   COPY, SQLite executemany): new rows inserted, changed rows updated, rows no longer produced
   deleted; then the dashboard's rollups of the jurisdictions touched are rewritten.

Adding, editing or deleting a record calls :func:`compliance_update_for_posts` for the credited
posts and the record's year inside the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from django.db import connection
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from zeren.org.bindings import registry
from zeren.org.models import Appointment, Jurisdiction, PolicyBinding, Post
from zeren.policy.compliance import Plan, Slot, compliance_plan, count_in_slots
from zeren.policy.facts import Event
from zeren.policy.model import Policy
from zeren.policy.periods import add_months
from zeren.records.models import (
    ComplianceMissedTally,
    ComplianceRow,
    ComplianceTally,
    ComplianceTrendTally,
    RecordCredit,
)
from zeren.records.vocabulary import EVENT_ACTIVITIES

T = TypeVar("T")
Progress = Callable[[Iterable[T]], Iterable[T]]

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
LOCK = 0x7A6572
"""The first key of the advisory lock that serialises recomputes of one year (PostgreSQL)."""


def compliance_events_for(post: Post, start: dt.date, end: dt.date) -> list[Event]:
    """The accidents that may create event duties for ``post`` between ``start`` and ``end``
    (inclusive, local dates), as the core's :class:`~zeren.policy.facts.Event` facts: every accident
    registered in zeren.accidents in the post's jurisdiction subtree, with its grade and sector.

    The core decides which of them bind (常州 第十条(六): a government deputy goes to the scene of a
    较大 or worse accident in a sector in charge within the pack's ``within_days``). The recompute
    reads the year's accidents once (:class:`_Accidents`) and asks only for posts an event duty binds.
    When an accident is registered or regraded, zeren.accidents updates the verdicts of the posts of
    its jurisdiction and those above it at once.
    """
    return [event for _path, event in _accident_events(post.body.jurisdiction.path, start, end)]


def _accident_events(path: str, start: dt.date, end: dt.date) -> list[tuple[str, Event]]:
    """The accidents in the subtree at ``path`` between ``start`` and ``end`` (local dates), each
    with the path of its jurisdiction."""
    from zeren.accidents.models import Accident

    zone = timezone.get_current_timezone()
    first = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    last = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    accidents = (
        Accident.objects.filter(jurisdiction__path__startswith=path, occurred_at__gte=first, occurred_at__lt=last)
        .select_related("jurisdiction")
        .order_by("occurred_at", "id")
    )
    return [
        (
            a.jurisdiction.path,
            Event.model_construct(
                kind="accident",
                occurred_at=timezone.localtime(a.occurred_at),
                grade=a.grade or None,  # type: ignore[arg-type]
                deaths=a.deaths,
                serious_injuries=a.serious_injuries,
                direct_loss_yuan=a.direct_loss_yuan,
                sector=a.sector or None,
                id=str(a.pk),
            ),
        )
        for a in accidents
    ]


class _Accidents:
    """The accidents of the year, read when the first post an event duty binds asks: once for the
    whole scope of a jurisdiction recompute (``scope`` its path, "" for all), once per jurisdiction
    asked about for a recompute of a few posts (``scope`` None)."""

    def __init__(self, start: dt.date, end: dt.date, scope: str | None) -> None:
        self.start, self.end, self.scope = start, end, scope
        self._events: dict[str, list[tuple[str, Event]]] = {}

    def events_for(self, path: str, first: dt.date, last: dt.date) -> list[Event]:
        """The accidents in the subtree at ``path`` between ``first`` and ``last`` (local dates)."""
        read = self.scope if self.scope is not None and path.startswith(self.scope) else path
        if read not in self._events:
            self._events[read] = _accident_events(read, self.start, self.end)
        return [
            event
            for where, event in self._events[read]
            if where.startswith(path) and first <= event.occurred_at.date() <= last
        ]


class Holding(NamedTuple):
    """An appointment that overlaps the year, with what the core needs of its post (a named tuple:
    a province loads tens of thousands)."""

    appointment_id: int
    post_id: int
    person_id: int
    jurisdiction_id: int
    path: str
    level: str
    role: str
    department_kind: str | None
    sectors_json: str | None
    """The post's sectors as stored (JSON text): decoded only for the few posts an event duty binds."""
    start: dt.date
    end: dt.date | None

    @property
    def sectors(self) -> list[str]:
        return list(json.loads(self.sectors_json or "[]"))


@dataclass
class RecomputeResult:
    year: int
    appointments: int = 0
    evaluated: int = 0
    rows: int = 0
    inserted_or_updated: int = 0
    deleted: int = 0
    timings: dict[str, float] = field(default_factory=dict)


class PolicyResolver:
    """The policy in force for a jurisdiction on a date, for many jurisdictions at once (the same
    rule as :func:`zeren.org.bindings.binding_for`, without a query per jurisdiction)."""

    def __init__(self) -> None:
        self._by_code: dict[str, list[tuple[int, int, dt.date, dt.date | None, bool, str]]] = defaultdict(list)
        for b in PolicyBinding.objects.select_related("jurisdiction").order_by("id"):
            self._by_code[b.jurisdiction.code].append(
                (b.jurisdiction.depth, b.jurisdiction_id, b.valid_from, b.valid_until, b.include_subtree, b.pack_id)
            )
        self._cache: dict[tuple[str, dt.date], Policy | None] = {}
        self._segments: dict[tuple[str, dt.date, dt.date], tuple[tuple[dt.date, dt.date, Policy], ...]] = {}
        self._interned: dict[tuple[tuple[dt.date, dt.date, int], ...], tuple[tuple[dt.date, dt.date, Policy], ...]] = {}

    def cut_days(self) -> set[dt.date]:
        """Every day on which some binding starts or stops being in force."""
        return {
            day
            for entries in self._by_code.values()
            for _depth, _jid, valid_from, valid_until, _subtree, _pack in entries
            for day in (valid_from, valid_until)
            if day is not None
        }

    def _candidates(self, path: str) -> list[tuple[int, int, dt.date, dt.date | None, bool, str, bool]]:
        codes = [c for c in path.strip("/").split("/") if c]
        out = []
        for code in codes:
            own = code == codes[-1]
            for entry in self._by_code.get(code, ()):
                out.append((*entry, own))
        return out

    def policy_on(self, path: str, on: dt.date) -> Policy | None:
        key = (path, on)
        if key in self._cache:
            return self._cache[key]
        best: tuple[int, dt.date, str] | None = None
        for depth, _jid, valid_from, valid_until, subtree, pack_id, own in self._candidates(path):
            if valid_from > on or (valid_until is not None and valid_until <= on):
                continue
            if not own and not subtree:
                continue
            if best is None or (depth, valid_from) > (best[0], best[1]):
                best = (depth, valid_from, pack_id)
        policy = registry().get(best[2]) if best is not None else None
        self._cache[key] = policy
        return policy

    def segments(self, path: str, start: dt.date, end: dt.date) -> tuple[tuple[dt.date, dt.date, Policy], ...]:
        """[start, end] split where the policy in force changes; parts with no policy left out.
        Equal answers are the same object (most of a province shares one)."""
        key = (path, start, end)
        found = self._segments.get(key)
        if found is not None:
            return found
        cuts = {start}
        for _depth, _jid, valid_from, valid_until, _subtree, _pack, _own in self._candidates(path):
            for day in (valid_from, valid_until):
                if day is not None and start < day <= end:
                    cuts.add(day)
        bounds = sorted(cuts)
        out = []
        for index, first in enumerate(bounds):
            last = bounds[index + 1] - dt.timedelta(days=1) if index + 1 < len(bounds) else end
            policy = self.policy_on(path, first)
            if policy is not None:
                out.append((first, last, policy))
        answer = tuple(out)
        interned = self._interned.setdefault(tuple((s, e, id(p)) for s, e, p in answer), answer)
        self._segments[key] = interned
        return interned


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


def _event_reach(plan: Plan) -> int:
    """The most days an event duty of the plan leaves after the event (常州 赶赴现场: 1)."""
    return max((duty.within_days or 0 for duty, _slots in plan.steps if duty.kind == "event"), default=0)


def years_of(activity: str, day: dt.date) -> set[int]:
    """The years whose verdicts a credit of ``activity`` on ``day`` can change: its own, and for an
    event activity early in January the year before (an accident on 31 December is met by going to
    the scene on 1 January), as far as the longest event window of any pack reaches."""
    years = {day.year}
    if activity in EVENT_ACTIVITIES:
        packs = registry()
        reach = max(
            (d.within_days or 0 for i in packs.ids() for d in packs.get(i).duties if d.kind == "event"),
            default=0,
        )
        years.add((day - dt.timedelta(days=reach)).year)
    return years


def _judged_here(slot: Slot, year_start: dt.date, year_end: dt.date) -> bool:
    """A periodic duty's period is judged in the year it ends, over all of it; other slots (events,
    one-off duties) in the year they arise."""
    if slot.duty.kind != "periodic":
        return True
    return year_start <= slot.period_start and slot.period_end <= year_end


class _Planner:
    """Each holding's segments with the core's :class:`~zeren.policy.compliance.Plan` for each,
    remembered per part of the year, policies in force and post shape (a province has tens of
    thousands of appointments and a few hundred distinct answers)."""

    def __init__(self, resolver: PolicyResolver, *, start: dt.date, end: dt.date, as_of: dt.date) -> None:
        self.resolver, self.start, self.end, self.as_of = resolver, start, end, as_of
        self.count_from = start
        """The earliest day whose credits the year's verdicts need (before 1 January when a period
        that ends this year began in an earlier one)."""
        self.count_to = end
        """The last day whose credits the year's verdicts need (after 31 December when an event duty
        created late in the year may be met in the next one)."""
        self._cache: dict[tuple[int, str, str, str | None], list[Segment]] = {}
        self._reaching: dict[int, tuple[Plan, tuple[Slot, ...], dt.date | None]] = {}

    def segments(self, holding: Holding) -> list[Segment]:
        first = max(holding.start, self.start)
        last = min(holding.end, self.end) if holding.end is not None else self.end
        if last < first:
            return []
        parts = self.resolver.segments(holding.path, first, last)
        key = (id(parts), holding.role, holding.level, holding.department_kind)
        found = self._cache.get(key)
        if found is None:
            role, level, kind, as_of = holding.role, holding.level, holding.department_kind, self.as_of
            plans = [(s, e, compliance_plan(policy, role, level, kind, s, e, as_of)) for s, e, policy in parts]
            for _s, e, plan in plans:
                if plan.has_events:
                    self.count_to = max(self.count_to, e + dt.timedelta(days=_event_reach(plan)))
            if not any(self._split(plan)[1] is not None for _s, _e, plan in plans):
                found = self._cache[key] = [Segment(s, e, plan, self._split(plan)[0]) for s, e, plan in plans]
            else:
                return [self._carry(holding, s, e, plan) for s, e, plan in plans]  # depends on the tenure
        return found

    def _split(self, plan: Plan) -> tuple[tuple[Slot, ...], dt.date | None]:
        """The plan's slots judged this year, and the first day of the earliest period that began
        before this year and ends in it (None when there is none)."""
        found = self._reaching.get(id(plan))
        if found is None or found[0] is not plan:
            here = tuple(slot for slot in plan.slots if _judged_here(slot, self.start, self.end))
            earlier = [slot.period_start for slot in plan.slots if self._carried_over(slot)]
            found = self._reaching[id(plan)] = (
                plan,
                plan.slots if len(here) == len(plan.slots) else here,
                min(earlier, default=None),
            )
        return found[1], found[2]

    def _carry(self, holding: Holding, start: dt.date, end: dt.date, plan: Plan) -> Segment:
        here, earliest = self._split(plan)
        if earliest is None:
            return Segment(start, end, plan, here)
        since = max(holding.start, earliest)
        self.count_from = min(self.count_from, since)
        whole = compliance_plan(
            plan.policy, holding.role, holding.level, holding.department_kind, since, end, self.as_of
        )
        carried = tuple(slot for slot in whole.slots if self._carried_over(slot))
        return Segment(start, end, plan, here, ((since, carried),))

    def _carried_over(self, slot: Slot) -> bool:
        """A periodic duty's period that began in an earlier year and ends in this one."""
        return slot.duty.kind == "periodic" and slot.period_start < self.start and slot.period_end <= self.end

    def activities(self, holding: Holding) -> frozenset[str]:
        """The activities counted by the duties that bind the holding's post over its tenure."""
        segments = self.segments(holding)
        if len(segments) == 1:
            return segments[0].plan.activities
        return frozenset().union(*(segment.plan.activities for segment in segments))

    def has_events(self, holding: Holding) -> bool:
        """Whether an event duty binds the holding in some part of the year (its accidents are read)."""
        return any(segment.plan.has_events for segment in self.segments(holding))


# Loading -------------------------------------------------------------------------------------


def _holdings(
    *, start: dt.date, end: dt.date, jurisdiction: Jurisdiction | None, post_ids: Collection[int] | None
) -> list[Holding]:
    qs = Appointment.objects.filter(start__lte=end).filter(Q(end__isnull=True) | Q(end__gte=start))
    if jurisdiction is not None:
        qs = qs.filter(post__body__jurisdiction__path__startswith=jurisdiction.path)
    if post_ids is not None:
        qs = qs.filter(post_id__in=list(post_ids))
    values = (
        qs.order_by()
        .annotate(sectors_json=Cast("post__sectors", TextField()))
        .values_list(
            "id",
            "post_id",
            "person_id",
            "post__body__jurisdiction_id",
            "post__body__jurisdiction__path",
            "post__body__jurisdiction__level",
            "post__role",
            "post__body__department_kind",
            "sectors_json",
            "start",
            "end",
        )
    )
    # The query Django builds, run on a plain cursor: tens of thousands of rows, no per-row converters.
    sql, params = values.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if connection.vendor == "postgresql":  # dates come back as dates
        return [
            Holding(a, p, person, j, path, level, role, kind or None, sectors, s, e)
            for a, p, person, j, path, level, role, kind, sectors, s, e in rows
        ]
    return [
        Holding(a, p, person, j, path, level, role, kind or None, sectors, _day(s), _day(e))
        for a, p, person, j, path, level, role, kind, sectors, s, e in rows
    ]


def _scope_sql(
    alias: str, *, jurisdiction: Jurisdiction | None, post_ids: Collection[int] | None
) -> tuple[str, list[Any]]:
    """A SQL condition restricting rows (with a ``post_id`` column) to the scope."""
    parts: list[str] = []
    params: list[Any] = []
    # A whole tree: every post lies under its root, unless there are other trees.
    if (
        jurisdiction is not None
        and jurisdiction.parent_id is None
        and post_ids is None
        and Jurisdiction.objects.filter(parent__isnull=True).count() == 1
    ):
        jurisdiction = None
    if jurisdiction is not None:
        post = Post._meta.db_table
        body = Post._meta.get_field("body").related_model._meta.db_table  # type: ignore[union-attr]
        jur = Jurisdiction._meta.db_table
        parts.append(
            f"{alias}.post_id IN (SELECT p.id FROM {post} p JOIN {body} b ON p.body_id = b.id "  # noqa: S608
            f"JOIN {jur} j ON b.jurisdiction_id = j.id WHERE j.path LIKE %s)"
        )
        params.append(jurisdiction.path + "%")
    if post_ids is not None:
        ids = sorted(set(post_ids)) or [0]
        parts.append(f"{alias}.post_id IN ({', '.join(['%s'] * len(ids))})")
        params.extend(ids)
    return (" AND ".join(parts) or "1=1"), params


def credit_counts_sql(
    *,
    start: dt.date,
    end: dt.date,
    jurisdiction: Jurisdiction | None = None,
    post_ids: Collection[int] | None = None,
    wanted: dict[int, frozenset[str]] | None = None,
    daily_months: Collection[dt.date] = (),
) -> tuple[str, list[Any]]:
    """The GROUP BY that counts credits per appointment, activity and month (day for event
    activities, and in ``daily_months``: months, given by their first day, in which a policy
    binding starts or ends on another day than the first).

    With ``wanted`` (on PostgreSQL), only the credits of those appointments in those activities are
    counted: a join with the (appointment, activity) pairs passed as two arrays."""
    if connection.vendor == "postgresql":
        month = "date_trunc('month', c.occurred_on)::date"
    else:
        month = "date(c.occurred_on, 'start of month')"
    events = ", ".join(f"'{a}'" for a in sorted(EVENT_ACTIVITIES))
    within = "(c.occurred_on >= %s AND c.occurred_on < %s)"
    daily = " OR ".join([f"c.activity IN ({events})"] + [within] * len(daily_months))
    daily_params: list[Any] = []
    for first in sorted(daily_months):
        daily_params += [first, add_months(first, 1)]
    bucket = f"CASE WHEN {daily} THEN c.occurred_on ELSE {month} END"
    scope, params = _scope_sql("c", jurisdiction=jurisdiction, post_ids=post_ids)
    join, join_params = "", []
    if wanted is not None and connection.vendor == "postgresql":
        pairs = sorted((a, activity) for a, activities in wanted.items() for activity in activities)
        # Two comma-separated texts: far cheaper to send than two arrays of tens of thousands.
        join = (
            "JOIN unnest(string_to_array(%s, ',')::bigint[], string_to_array(%s, ',')) AS w(appointment_id, activity) "
            "ON c.appointment_id = w.appointment_id AND c.activity = w.activity "
        )
        join_params = [",".join(str(a) for a, _ in pairs), ",".join(activity for _, activity in pairs)]
    sql = (
        f"SELECT c.appointment_id, c.activity, {bucket} AS bucket, COUNT(*) "  # noqa: S608
        f"FROM {RecordCredit._meta.db_table} c {join}"
        f"WHERE c.counts AND c.active AND c.occurred_on >= %s AND c.occurred_on <= %s AND {scope} "
        f"GROUP BY c.appointment_id, c.activity, bucket"
    )
    return sql, [*daily_params, *join_params, start, end, *params]


FETCH = 20000
"""Rows fetched at a time (fetching row by row costs more than the query)."""
Counts = dict[int, list[tuple[str, int, int]]]
"""Per appointment: (activity, day ordinal of the bucket, number of credits)."""


def _credit_counts(
    *,
    start: dt.date,
    end: dt.date,
    jurisdiction: Jurisdiction | None,
    post_ids: Collection[int] | None,
    wanted: dict[int, frozenset[str]],
    daily_months: Collection[dt.date],
) -> Counts:
    """The credit counts of the activities ``wanted`` per appointment (the activities the duties
    binding its post count: no other count can change a verdict)."""
    out: Counts = defaultdict(list)
    if not wanted:
        return out
    sql, params = credit_counts_sql(
        start=start, end=end, jurisdiction=jurisdiction, post_ids=post_ids, wanted=wanted, daily_months=daily_months
    )
    postgres = connection.vendor == "postgresql"
    none: frozenset[str] = frozenset()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(FETCH):
            if postgres:
                for appointment_id, activity, bucket, n in batch:
                    out[appointment_id].append((activity, bucket.toordinal(), n))
            else:
                for appointment_id, activity, bucket, n in batch:
                    if activity in wanted.get(appointment_id, none):
                        out[appointment_id].append((activity, _day(bucket).toordinal(), n))
    return out


def _daily_months(resolver: PolicyResolver, start: dt.date, end: dt.date) -> set[dt.date]:
    """The months of [start, end] in which some binding starts or ends on another day than the
    first: credits there are counted per day, so that each part of the month counts its own."""
    return {day.replace(day=1) for day in resolver.cut_days() if start <= day <= end and day.day != 1}


# Evaluating ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    """What judging every holding of a recompute shares."""

    year: int
    start: dt.date
    end: dt.date
    as_of: dt.date
    daily: frozenset[int]
    """The first days (ordinals) of the months whose credits are counted per day."""
    accidents: _Accidents


SlotColumns = tuple[tuple[Any, ...], int, tuple[str, str]]
"""A slot's part of a verdict row: (obligation, activity, period, period_start, period_end,
required), the number required, and (status, reason) when fewer are done."""
_SLOT_COLUMNS: dict[int, tuple[Slot, SlotColumns]] = {}


def _slot_columns(slot: Slot) -> SlotColumns:
    found = _SLOT_COLUMNS.get(id(slot))
    if found is None or found[0] is not slot:
        if len(_SLOT_COLUMNS) > 65536:
            _SLOT_COLUMNS.clear()
        columns = (slot.duty.id, slot.activity, slot.period, slot.period_start, slot.period_end, slot.required)
        found = _SLOT_COLUMNS[id(slot)] = (slot, (columns, slot.required, (slot.unmet, slot.reason or "")))
    return found[1]


_MET = ("met", "")


def _inside(
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
    inside = []
    for activity, bucket, n in counts:
        if bucket < first:
            if not (clamps and bucket == month) or activity in EVENT_ACTIVITIES:
                continue  # before the range
            bucket = first
        if bucket <= last:
            inside.append((activity, bucket, n))
    return inside


def _rows_for(
    holding: Holding, segments: list[Segment], counts: list[tuple[str, int, int]], context: _Context
) -> list[tuple[Any, ...]]:
    """The holding's verdict rows (:data:`COLUMNS`): per segment, the credits dated in it counted
    into the plan's slots (:func:`_inside`). Every period a duty counts (month, quarter, half-year,
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
        inside = _inside(counts, seg_start, seg_end, daily)
        groups: list[tuple[Sequence[Slot], list[int]]]
        if plan.has_events:
            events = context.accidents.events_for(holding.path, seg_start, seg_end)
            every = plan.slots_with(events, holding.sectors)
            judged = [s for s in every if s.duty.kind != "event" and _judged_here(s, context.start, context.end)]
            groups = [(judged, count_in_slots(judged, inside))]
            created = [s for s in every if s.duty.kind == "event"]
            if created:  # each counted to the end of its window, into the next year if need be
                reach = max(seg_end, max(s.period_end for s in created))
                groups.append((created, count_in_slots(created, _inside(counts, seg_start, reach, daily))))
        elif slots is plan.slots:
            groups = [(slots, plan.count(inside))]
        else:
            groups = [(slots, count_in_slots(slots, inside))]
        for since, reaching in carried:
            groups.append((reaching, count_in_slots(reaching, _inside(counts, since, seg_end, daily))))
        tail = (plan.policy.id, plan.policy.version, as_of)
        for group, done in groups:
            for slot, n in zip(group, done, strict=True):
                columns, required, unmet = _slot_columns(slot)
                out.append(head + columns + (n,) + (_MET if n >= required else unmet) + tail)
    if len(segments) > 1:
        out = list({(row[6], row[8]): row for row in out}.values())
    return out


def _compare(
    holdings: Iterable[Holding],
    *,
    wanted: Collection[int],
    planner: _Planner,
    counts: Counts,
    stored: Stored,
    context: _Context,
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], int, int]:
    """Judge each holding in ``wanted`` and compare its verdicts with the stored ones, which are
    taken out of ``stored`` as they are matched. Returns the new rows, the changed rows as (id,
    stored jurisdiction_id, *row), the number of verdicts and of appointments with verdicts."""
    new: list[tuple[Any, ...]] = []
    changed: list[tuple[Any, ...]] = []
    rows = evaluated = 0
    jurisdiction_at = 1 + _COMPARED.index("jurisdiction_id")
    none: list[tuple[str, int, int]] = []
    pop = stored.pop
    for holding in holdings:
        appointment_id = holding.appointment_id
        if appointment_id not in wanted:
            continue
        produced = _rows_for(holding, planner.segments(holding), counts.get(appointment_id, none), context)
        if produced:
            evaluated += 1
            rows += len(produced)
        for row in produced:
            old = pop((appointment_id, row[6], row[8]), None)
            if old is None:
                new.append(row)
            elif old[1:] != row[:-1]:
                changed.append((old[0], old[jurisdiction_at], *row))
    return new, changed, rows, evaluated


# Writing -------------------------------------------------------------------------------------

COPY_ROWS = 200
"""From this many rows on, PostgreSQL loads them with COPY."""
CHUNK = 500
"""Ids per IN (...) list on SQLite."""
Stored = dict[tuple[int, str, str], tuple[Any, ...]]
"""Stored verdicts by (appointment, obligation, period): (id, then the columns of :data:`COLUMNS`
but ``computed_on``), so that ``stored[1:] == row[:-1]`` when nothing changed."""
_COMPARED = COLUMNS[:-1]


def _day(value: Any) -> Any:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _stored(cursor: Any, *, year: int, jurisdiction: Jurisdiction | None, post_ids: Collection[int] | None) -> Stored:
    """The stored verdicts in scope and year (see :data:`Stored`)."""
    scope, params = _scope_sql("r", jurisdiction=jurisdiction, post_ids=post_ids)
    cursor.execute(
        f"SELECT r.id, {', '.join('r.' + c for c in _COMPARED)} "  # noqa: S608
        f"FROM {ComplianceRow._meta.db_table} r WHERE r.year = %s AND {scope}",
        [year, *params],
    )
    appointment, obligation, period = (1 + _COMPARED.index(c) for c in KEY)
    out: Stored = {}
    if connection.vendor == "postgresql":  # dates come back as dates
        while batch := cursor.fetchmany(FETCH):
            out.update(((row[appointment], row[obligation], row[period]), row) for row in batch)
        return out
    dates = [1 + _COMPARED.index(c) for c in ("period_start", "period_end")]
    for row in cursor.fetchall():
        values = list(row)
        for i in dates:
            values[i] = _day(values[i])
        out[(row[appointment], row[obligation], row[period])] = tuple(values)
    return out


def _copy(cursor: Any, table: str, columns: Iterable[str], rows: list[tuple[Any, ...]]) -> None:
    with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _in_chunks(ids: Collection[int]) -> Iterator[tuple[str, list[Any]]]:
    """``IN`` conditions over ``ids``: one ``= ANY(%s)`` on PostgreSQL, lists of CHUNK on SQLite."""
    ordered = sorted(ids)
    if not ordered:
        return
    if connection.vendor == "postgresql":
        yield "= ANY(%s)", [ordered]
        return
    for i in range(0, len(ordered), CHUNK):
        part = ordered[i : i + CHUNK]
        yield f"IN ({', '.join(['%s'] * len(part))})", part


def _write(
    cursor: Any,
    new: list[tuple[Any, ...]],
    changed: list[tuple[Any, ...]],
    gone: list[int],
) -> None:
    """Write the difference with the stored verdicts: rows no longer produced deleted, new rows
    inserted, changed rows (``(id, *row)``) updated.

    On PostgreSQL many changed rows (after a pack update, every one) are deleted and inserted
    afresh rather than updated in place, which costs about half as much: verdicts are derived
    data that nothing refers to by id."""
    table = ComplianceRow._meta.db_table
    postgres = connection.vendor == "postgresql"
    if postgres and len(changed) > COPY_ROWS:
        gone = [*gone, *(row[0] for row in changed)]
        new = [*new, *(row[1:] for row in changed)]
        changed = []
    for condition, params in _in_chunks(gone):
        cursor.execute(f"DELETE FROM {table} WHERE id {condition}", params)  # noqa: S608
    if new:
        if postgres and len(new) > COPY_ROWS:
            _copy(cursor, table, COLUMNS, new)
        else:
            placeholders = ", ".join(["%s"] * len(COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({placeholders})", new)  # noqa: S608
    if changed:
        settable = [c for c in COLUMNS if c not in KEY]
        updates = ", ".join(f"{c} = %s" for c in settable)
        positions = [COLUMNS.index(c) + 1 for c in settable]
        cursor.executemany(
            f"UPDATE {table} SET {updates} WHERE id = %s",  # noqa: S608
            [(*(row[i] for i in positions), row[0]) for row in changed],
        )
    if postgres and len(new) + len(changed) + len(gone) > 5000:
        # Fresh statistics, so that the dashboards' queries are planned for the table as it now is.
        cursor.execute(f"ANALYZE {table}")


def refresh_tallies(cursor: Any, *, year: int, jurisdiction_ids: Collection[int]) -> None:
    """Rewrite the dashboard rollups (:class:`~zeren.records.models.ComplianceTally`,
    :class:`~zeren.records.models.ComplianceTrendTally`) of ``year`` for ``jurisdiction_ids`` from
    the stored verdicts: one GROUP BY each over those jurisdictions' rows."""
    if not jurisdiction_ids:
        return
    rows = ComplianceRow._meta.db_table
    tally = ComplianceTally._meta.db_table
    trend = ComplianceTrendTally._meta.db_table
    missed = ComplianceMissedTally._meta.db_table
    if connection.vendor == "postgresql":
        month = "EXTRACT(MONTH FROM period_end)::integer"
    else:
        month = "CAST(strftime('%%m', period_end) AS integer)"
    dims = "jurisdiction_id, role, obligation, policy_id, policy_version, status"
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for condition, params in _in_chunks(jurisdiction_ids):
        cursor.execute(f"DELETE FROM {tally} WHERE year = %s AND jurisdiction_id {condition}", [year, *params])  # noqa: S608
        cursor.execute(f"DELETE FROM {trend} WHERE year = %s AND jurisdiction_id {condition}", [year, *params])  # noqa: S608
        cursor.execute(f"DELETE FROM {missed} WHERE year = %s AND jurisdiction_id {condition}", [year, *params])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {missed} (year, jurisdiction_id, post_id, n) "  # noqa: S608
            f"SELECT year, jurisdiction_id, post_id, COUNT(*) FROM {rows} "
            f"WHERE year = %s AND jurisdiction_id {condition} AND status = 'missed' "
            f"GROUP BY year, jurisdiction_id, post_id",
            [year, *params],
        )
        cursor.execute(
            f"INSERT INTO {tally} (year, {dims}, n) SELECT year, {dims}, COUNT(*) FROM {rows} "  # noqa: S608
            f"WHERE year = %s AND jurisdiction_id {condition} GROUP BY year, {dims}",
            [year, *params],
        )
        cursor.execute(
            f"INSERT INTO {trend} (year, jurisdiction_id, month, status, n) "  # noqa: S608
            f"SELECT year, jurisdiction_id, {month}, status, COUNT(*) FROM {rows} "
            f"WHERE year = %s AND jurisdiction_id {condition} AND status IN ('met', 'missed') "
            f"AND period_end >= %s AND period_end <= %s GROUP BY year, jurisdiction_id, {month}, status",
            [year, *params, first, last],
        )
    if connection.vendor == "postgresql" and len(jurisdiction_ids) > 100:
        # Fresh statistics after a large rewrite, so that the dashboard's reads are planned well.
        for table in (tally, trend, missed):
            cursor.execute(f"ANALYZE {table}")


# The entry points ----------------------------------------------------------------------------


def compliance_recompute(
    *,
    year: int,
    jurisdiction: Jurisdiction | None = None,
    post_ids: Collection[int] | None = None,
    as_of: dt.date | None = None,
    progress: Progress[Holding] | None = None,
) -> RecomputeResult:
    """Recompute and store the verdicts of one calendar year for a jurisdiction subtree (all
    jurisdictions when None) or for some posts. Runs in the caller's transaction if there is one."""
    import time

    from django.db import transaction

    clock = time.perf_counter
    as_of = as_of or timezone.localdate()
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    result = RecomputeResult(year=year)
    t0 = clock()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # One recompute of a year at a time: each compares with what is stored, then writes.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK, year])
        holdings = _holdings(start=start, end=end, jurisdiction=jurisdiction, post_ids=post_ids)
        resolver = PolicyResolver()
        planner = _Planner(resolver, start=start, end=end, as_of=as_of)
        # Only the appointments some countable duty binds produce verdicts.
        wanted = {h.appointment_id: a for h in holdings if (a := planner.activities(h))}
        daily = _daily_months(resolver, planner.count_from, planner.count_to)
        t1 = clock()
        counts = _credit_counts(
            start=planner.count_from,
            end=planner.count_to,
            jurisdiction=jurisdiction,
            post_ids=post_ids,
            wanted=wanted,
            daily_months=daily,
        )
        t2 = clock()
        with connection.cursor() as cursor:
            stored = _stored(cursor, year=year, jurisdiction=jurisdiction, post_ids=post_ids)
        t_stored = clock() - t2
        new, changed, rows, evaluated = _compare(
            progress(holdings) if progress is not None else holdings,
            wanted=wanted,
            planner=planner,
            counts=counts,
            stored=stored,
            context=_Context(
                year,
                start,
                end,
                as_of,
                frozenset(day.toordinal() for day in daily),
                _Accidents(start, end, None if post_ids is not None else (jurisdiction.path if jurisdiction else "")),
            ),
        )
        # What is left of the stored verdicts was produced by no appointment: gone.
        jurisdiction_at = 1 + _COMPARED.index("jurisdiction_id")
        gone_rows = [(old[0], old[jurisdiction_at]) for old in stored.values()]
        result.evaluated, result.rows = evaluated, rows
        touched = {row[3] for row in new}
        touched.update(j for row in changed for j in (row[1], row[5]))
        touched.update(j for _id, j in gone_rows)
        del counts, stored  # the credit counts are the largest thing held: free them before writing
        t3 = clock()
        with connection.cursor() as cursor:
            _write(cursor, new, [(row[0], *row[2:]) for row in changed], [i for i, _j in gone_rows])
            refresh_tallies(cursor, year=year, jurisdiction_ids=touched)
        result.inserted_or_updated, result.deleted = len(new) + len(changed), len(gone_rows)
        t4 = clock()
    result.appointments = len(holdings)
    # "write" is loading the stored verdicts to compare with, plus writing the difference.
    result.timings = {
        "load": t1 - t0,
        "count": t2 - t1,
        "evaluate": t3 - t2 - t_stored,
        "write": t4 - t3 + t_stored,
        "total": t4 - t0,
    }
    return result


def compliance_update_for_posts(*, post_ids: Collection[int], years: Collection[int]) -> None:
    """Bring the stored verdicts of ``post_ids`` up to date for ``years`` (after a record changed)."""
    for year in sorted(set(years)):
        compliance_recompute(year=year, post_ids=post_ids)
