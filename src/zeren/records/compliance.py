"""Compliance: the policy core's verdicts per appointment × obligation × period, kept in
:class:`~zeren.records.models.ComplianceRow` with the policy id and version.

One recompute, for a jurisdiction subtree (or a set of posts) and a calendar year, is set-based:

1. one GROUP BY over :class:`~zeren.records.models.RecordCredit` counts the credits per
   appointment, activity and month (per day for event activities such as 赶赴现场);
2. one query loads the appointments that overlap the year, with their posts and jurisdictions,
   and the few policy bindings are resolved in memory (the same rule as
   :func:`zeren.org.bindings.binding_for`: the nearest binding up the tree valid on the date);
3. for each appointment, :func:`zeren.policy.compliance.evaluate_compliance` judges the post over
   its tenure within the year (from = max(tenure start, 1 January), to = min(tenure end,
   31 December)), split where the policy in force changes. A month's n records are passed as n
   references to one record dated on the month's first day inside the tenure: every period
   (month, quarter, half-year, year) that contains the real dates contains that day, so the
   verdicts are exactly those of the real records;
4. the verdicts are written in bulk (PostgreSQL COPY, SQLite executemany) to a temporary table
   and merged: new rows inserted, changed rows updated, rows no longer produced deleted.

Adding, editing or deleting a record calls :func:`compliance_update_for_posts` for the credited
posts and the record's year inside the same transaction.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from zeren.org.bindings import registry
from zeren.org.models import Appointment, Jurisdiction, PolicyBinding, Post
from zeren.policy.compliance import evaluate_compliance
from zeren.policy.duties import duties_for
from zeren.policy.facts import ComplianceFacts, Event
from zeren.policy.facts import Post as PostFacts
from zeren.policy.model import Policy
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
COMPARED = ("required", "done", "status", "reason", "policy_id", "policy_version", "period_start", "period_end")
KEY = ("appointment_id", "obligation", "period")
LOCK = 0x7A6572
"""The first key of the advisory lock that serialises recomputes of one year (PostgreSQL)."""


def compliance_events_for(post: Post, start: dt.date, end: dt.date) -> list[Event]:
    """The accidents that may create event duties for ``post`` between ``start`` and ``end``
    (inclusive, local dates), as the core's :class:`~zeren.policy.facts.Event` facts: every accident
    registered in zeren.accidents in the post's jurisdiction subtree, with its grade and sector.

    The core decides which of them bind (常州 第十条(六): a government deputy goes to the scene of a
    较大 or worse accident in a sector in charge within the pack's ``within_days``). The recompute
    calls this only for posts an event duty binds. When an accident is registered or regraded, the
    accident service should call :func:`compliance_update_for_posts` for the posts of that
    jurisdiction (until it does, the daily ``send_reminders`` recompute picks it up).
    """
    from zeren.accidents.models import Accident

    jurisdiction = post.body.jurisdiction
    first = dt.datetime.combine(start, dt.time.min, tzinfo=timezone.get_current_timezone())
    last = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone())
    accidents = Accident.objects.filter(
        jurisdiction__path__startswith=jurisdiction.path, occurred_at__gte=first, occurred_at__lt=last
    ).order_by("occurred_at", "id")
    return [
        Event.model_construct(
            kind="accident",
            occurred_at=timezone.localtime(a.occurred_at),
            grade=a.grade or None,  # type: ignore[arg-type]
            deaths=a.deaths,
            serious_injuries=a.serious_injuries,
            direct_loss_yuan=a.direct_loss_yuan,
            sector=a.sector or None,
            id=str(a.pk),
        )
        for a in accidents
    ]


@dataclass(frozen=True, slots=True)
class Holding:
    """An appointment that overlaps the year, with what the core needs of its post."""

    appointment_id: int
    post_id: int
    person_id: int
    jurisdiction_id: int
    path: str
    level: str
    role: str
    department_kind: str | None
    sectors: tuple[str, ...]
    start: dt.date
    end: dt.date | None


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

    def segments(self, path: str, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date, Policy]]:
        """[start, end] split where the policy in force changes; parts with no policy left out."""
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
        return out


class _Shapes:
    """Per policy, role, level and department kind: whether the core binds any countable duty
    (posts with none produce no rows and need no evaluation) and whether an event duty binds."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str, str, str, str | None], tuple[bool, bool]] = {}
        self._activities: dict[tuple[str, str, str, str, str | None], frozenset[str]] = {}

    def of(self, policy: Policy, role: str, level: str, kind: str | None) -> tuple[bool, bool]:
        key = (policy.id, policy.version, role, level, kind)
        found = self._cache.get(key)
        if found is None:
            _scope, duties = duties_for(policy, role, level, kind)
            activities = frozenset(d.activity for d in duties if d.kind != "standing" and d.activity is not None)
            events = any(d.kind == "event" for d in duties)
            found = self._cache[key] = (bool(activities), events)
            self._activities[key] = activities
        return found

    def activities(self, policy: Policy, role: str, level: str, kind: str | None) -> frozenset[str]:
        """The activities whose records the duties binding the shape count (event duties included)."""
        self.of(policy, role, level, kind)
        return self._activities[(policy.id, policy.version, role, level, kind)]


_POST_FACTS: dict[tuple[str, str, str | None, tuple[str, ...]], PostFacts] = {}


def _post_facts(role: str, level: str, kind: str | None, sectors: tuple[str, ...]) -> PostFacts:
    key = (role, level, kind, sectors)
    found = _POST_FACTS.get(key)
    if found is None:
        found = _POST_FACTS[key] = PostFacts.model_construct(
            role=role,  # type: ignore[arg-type]
            level=level,  # type: ignore[arg-type]
            department_kind=kind,  # type: ignore[arg-type]
            sectors=list(sectors),
        )
    return found


# Loading -------------------------------------------------------------------------------------


def _holdings(
    *, start: dt.date, end: dt.date, jurisdiction: Jurisdiction | None, post_ids: Collection[int] | None
) -> list[Holding]:
    qs = Appointment.objects.filter(start__lte=end).filter(Q(end__isnull=True) | Q(end__gte=start))
    if jurisdiction is not None:
        qs = qs.filter(post__body__jurisdiction__path__startswith=jurisdiction.path)
    if post_ids is not None:
        qs = qs.filter(post_id__in=list(post_ids))
    rows = qs.order_by().values_list(
        "id",
        "post_id",
        "person_id",
        "post__body__jurisdiction_id",
        "post__body__jurisdiction__path",
        "post__body__jurisdiction__level",
        "post__role",
        "post__body__department_kind",
        "post__sectors",
        "start",
        "end",
    )
    return [
        Holding(a, p, person, j, path, level, role, kind or None, tuple(sectors or ()), s, e)
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
) -> tuple[str, list[Any]]:
    """The GROUP BY that counts credits per appointment, activity and month (day for events).

    With ``wanted`` (on PostgreSQL), only the credits of those appointments in those activities are
    counted: a join with the (appointment, activity) pairs passed as two arrays."""
    if connection.vendor == "postgresql":
        month = "date_trunc('month', c.occurred_on)::date"
    else:
        month = "date(c.occurred_on, 'start of month')"
    events = ", ".join(f"'{a}'" for a in sorted(EVENT_ACTIVITIES))
    bucket = f"CASE WHEN c.activity IN ({events}) THEN c.occurred_on ELSE {month} END"
    scope, params = _scope_sql("c", jurisdiction=jurisdiction, post_ids=post_ids)
    join, join_params = "", []
    if wanted is not None and connection.vendor == "postgresql":
        pairs = sorted((a, activity) for a, activities in wanted.items() for activity in activities)
        join = (
            "JOIN unnest(%s::bigint[], %s::text[]) AS w(appointment_id, activity) "
            "ON c.appointment_id = w.appointment_id AND c.activity = w.activity "
        )
        join_params = [[a for a, _ in pairs], [activity for _, activity in pairs]]
    sql = (
        f"SELECT c.appointment_id, c.activity, {bucket} AS bucket, COUNT(*) "  # noqa: S608
        f"FROM {RecordCredit._meta.db_table} c {join}"
        f"WHERE c.counts AND c.active AND c.occurred_on >= %s AND c.occurred_on <= %s AND {scope} "
        f"GROUP BY c.appointment_id, c.activity, bucket"
    )
    return sql, [*join_params, start, end, *params]


FETCH = 20000
"""Rows fetched at a time (fetching row by row costs more than the query)."""


def _credit_counts(
    *,
    start: dt.date,
    end: dt.date,
    jurisdiction: Jurisdiction | None,
    post_ids: Collection[int] | None,
    wanted: dict[int, frozenset[str]],
) -> dict[int, list[tuple[str, dt.date, int]]]:
    """The credit counts of the activities ``wanted`` per appointment (the activities the duties
    binding its post count: no other count can change a verdict)."""
    out: dict[int, list[tuple[str, dt.date, int]]] = defaultdict(list)
    if not wanted:
        return out
    sql, params = credit_counts_sql(start=start, end=end, jurisdiction=jurisdiction, post_ids=post_ids, wanted=wanted)
    as_date = dt.date.fromisoformat
    postgres = connection.vendor == "postgresql"
    none: frozenset[str] = frozenset()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(FETCH):
            if postgres:
                for appointment_id, activity, bucket, n in batch:
                    out[appointment_id].append((activity, bucket, n))
            else:
                for appointment_id, activity, bucket, n in batch:
                    if activity in wanted.get(appointment_id, none):
                        out[appointment_id].append(
                            (activity, as_date(bucket) if isinstance(bucket, str) else bucket, n)
                        )
    return out


def _wanted(
    holdings: list[Holding], *, start: dt.date, end: dt.date, resolver: PolicyResolver, shapes: _Shapes
) -> dict[int, frozenset[str]]:
    """Per appointment, the activities counted by the duties that bind its post in the policies in
    force over its tenure within [start, end]; appointments with none are left out."""
    out: dict[int, frozenset[str]] = {}
    for h in holdings:
        first = max(h.start, start)
        last = min(h.end, end) if h.end is not None else end
        if last < first:
            continue
        activities: frozenset[str] = frozenset()
        for _s, _e, policy in resolver.segments(h.path, first, last):
            activities |= shapes.activities(policy, h.role, h.level, h.department_kind)
        if activities:
            out[h.appointment_id] = activities
    return out


# Evaluating ----------------------------------------------------------------------------------


def _rows_for(
    holding: Holding,
    *,
    year: int,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    resolver: PolicyResolver,
    shapes: _Shapes,
    counts: list[tuple[str, dt.date, int]],
) -> Iterator[tuple[Any, ...]]:
    first = max(holding.start, start)
    last = min(holding.end, end) if holding.end is not None else end
    if last < first:
        return
    for seg_start, seg_end, policy in resolver.segments(holding.path, first, last):
        countable, has_events = shapes.of(policy, holding.role, holding.level, holding.department_kind)
        if not countable:
            continue
        by_activity: dict[str, list[tuple[dt.date, int]]] = {}
        for activity, bucket, n in counts:
            day = bucket if activity in EVENT_ACTIVITIES else max(bucket, seg_start)
            if seg_start <= day <= seg_end:
                by_activity.setdefault(activity, []).append((day, n))
        events: list[Event] = []
        if has_events:
            events = compliance_events_for(_post_stub(holding), seg_start, seg_end)
        facts = ComplianceFacts.model_construct(
            post=_post_facts(holding.role, holding.level, holding.department_kind, holding.sectors),
            from_=seg_start,
            to=seg_end,
            as_of=as_of,
            records=[],
            events=events,
        )
        verdict = evaluate_compliance(policy, facts, counts=by_activity)
        for item in verdict.items:
            yield (
                holding.appointment_id,
                holding.post_id,
                holding.person_id,
                holding.jurisdiction_id,
                holding.role,
                year,
                item.obligation,
                item.activity or "",
                item.period,
                item.period_start or seg_start,
                item.period_end or seg_end,
                item.required,
                item.done,
                item.status,
                item.reason or "",
                policy.id,
                policy.version,
                as_of,
            )


def _post_stub(holding: Holding) -> Post:
    """The post of a holding, for :func:`compliance_events_for` (loaded only when an event duty binds)."""
    return Post.objects.select_related("body__jurisdiction").get(pk=holding.post_id)


@dataclass
class _Job:
    """What evaluating a year needs, loaded once (and inherited by the worker processes)."""

    year: int
    start: dt.date
    end: dt.date
    as_of: dt.date
    resolver: PolicyResolver
    shapes: _Shapes
    holdings: list[Holding]
    counts: dict[int, list[tuple[str, dt.date, int]]]
    stored: Stored = field(default_factory=dict)

    def rows(self, holding: Holding) -> list[tuple[Any, ...]]:
        return list(
            _rows_for(
                holding,
                year=self.year,
                start=self.start,
                end=self.end,
                as_of=self.as_of,
                resolver=self.resolver,
                shapes=self.shapes,
                counts=self.counts.get(holding.appointment_id, []),
            )
        )

    def diff(self, holding: Holding) -> Diff:
        """The holding's verdicts compared with its stored ones: (new rows, changed rows as
        (id, stored jurisdiction_id, *row), gone rows as (id, jurisdiction_id), the number of verdicts)."""
        rows = {(r[6], r[8]): r for r in self.rows(holding)}
        old_rows = self.stored.get(holding.appointment_id)
        if old_rows is None:
            return list(rows.values()), [], [], len(rows)
        new: list[tuple[Any, ...]] = []
        changed: list[tuple[Any, ...]] = []
        for key, row in rows.items():
            old = old_rows.get(key)
            if old is None:
                new.append(row)
            elif old[2:] != tuple(row[i] for i in _NEW):
                changed.append((old[0], old[1], *row))
        gone = [(old[0], old[1]) for key, old in old_rows.items() if key not in rows]
        return new, changed, gone, len(rows)

    def needs_database(self, holding: Holding) -> bool:
        """Whether an event duty binds the holding in some part of the year (its accidents are read)."""
        first = max(holding.start, self.start)
        last = min(holding.end, self.end) if holding.end is not None else self.end
        return any(
            self.shapes.of(policy, holding.role, holding.level, holding.department_kind)[1]
            for _s, _e, policy in self.resolver.segments(holding.path, first, last)
        )


WORKERS = min(2, os.cpu_count() or 1)
"""Processes that evaluate a large recompute (the core is pure Python: one per core)."""
PARALLEL_FROM = 20000
"""From this many appointments on, the evaluation is split between WORKERS forked processes."""
_JOB: _Job | None = None


def _evaluate_slice(bounds: tuple[int, int]) -> list[tuple[int, Diff]]:
    """The diffs of the slice's holdings that differ from what is stored (or produce verdicts:
    their number is needed), with their index."""
    assert _JOB is not None  # noqa: S101 - set before the fork
    out = []
    for i in range(bounds[0], bounds[1]):
        holding = _JOB_SLICE[i]
        if holding is not None:
            diff = _JOB.diff(holding)
            if diff[0] or diff[1] or diff[2]:
                out.append((i, diff))
            elif diff[3]:
                out.append((i, ([], [], [], diff[3])))
    return out


_JOB_SLICE: list[Holding | None] = []


def _evaluate_in_parallel(job: _Job, holdings: list[Holding]) -> list[Diff]:
    """Each holding's diff, in the holdings' order: the holdings an event duty binds are evaluated
    here (they read accidents from the database); the others, in contiguous slices, by forked
    worker processes that never touch the database and send back only what differs from the
    stored verdicts. The result does not depend on the split."""
    global _JOB, _JOB_SLICE  # inherited by the forked workers
    local = {i for i, h in enumerate(holdings) if job.needs_database(h)}
    _JOB = job
    _JOB_SLICE = [None if i in local else h for i, h in enumerate(holdings)]
    size = max(1, -(-len(_JOB_SLICE) // (WORKERS * 4)))
    slices = [(i, min(i + size, len(_JOB_SLICE))) for i in range(0, len(_JOB_SLICE), size)]
    try:
        with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
            parts = pool.map(_evaluate_slice, slices)
    finally:
        _JOB, _JOB_SLICE = None, []
    empty: Diff = ([], [], [], 0)
    out = [empty] * len(holdings)
    for part in parts:
        for i, diff in part:
            out[i] = diff
    for i in sorted(local):
        out[i] = job.diff(holdings[i])
    return out


# Writing -------------------------------------------------------------------------------------

COPY_ROWS = 200
"""From this many rows on, PostgreSQL loads them with COPY."""
CHUNK = 500
"""Ids per IN (...) list on SQLite."""
_TEMP = "records_cr_changed"
_STORED = ("id", "jurisdiction_id", "post_id", "person_id", "role", "activity", *COMPARED)
_NEW = tuple(COLUMNS.index(name) for name in _STORED[2:])
Stored = dict[int, dict[tuple[str, str], tuple[Any, ...]]]
"""Stored verdicts per appointment, by (obligation, period): (id, jurisdiction_id, compared columns)."""
Diff = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[int, int]], int]
"""(new rows, changed rows as (id, stored jurisdiction_id, *row), gone rows as (id, jurisdiction_id),
the number of verdicts)."""


def _day(value: Any) -> Any:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _stored(cursor: Any, *, year: int, jurisdiction: Jurisdiction | None, post_ids: Collection[int] | None) -> Stored:
    """The stored verdicts in scope and year, per appointment by (obligation, period): (id,
    jurisdiction_id, the compared columns)."""
    scope, params = _scope_sql("r", jurisdiction=jurisdiction, post_ids=post_ids)
    cursor.execute(
        f"SELECT r.appointment_id, r.obligation, r.period, {', '.join('r.' + c for c in _STORED)} "  # noqa: S608
        f"FROM {ComplianceRow._meta.db_table} r WHERE r.year = %s AND {scope}",
        [year, *params],
    )
    out: Stored = defaultdict(dict)
    if connection.vendor == "postgresql":  # dates come back as dates
        while batch := cursor.fetchmany(FETCH):
            for row in batch:
                out[row[0]][(row[1], row[2])] = row[3:]
        return dict(out)
    dates = (len(_STORED) - 2, len(_STORED) - 1)
    for row in cursor.fetchall():
        values = list(row[3:])
        for i in dates:
            values[i] = _day(values[i])
        out[row[0]][(row[1], row[2])] = tuple(values)
    return dict(out)


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
    """Write the difference with the stored verdicts: new rows inserted, changed rows updated,
    rows no longer produced deleted."""
    table = ComplianceRow._meta.db_table
    postgres = connection.vendor == "postgresql"
    if new:
        if postgres and len(new) > COPY_ROWS:
            _copy(cursor, table, COLUMNS, new)
        else:
            placeholders = ", ".join(["%s"] * len(COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({placeholders})", new)  # noqa: S608
    if changed:
        settable = [c for c in COLUMNS if c not in KEY]
        if postgres and len(changed) > COPY_ROWS:
            cursor.execute(f"CREATE TEMPORARY TABLE {_TEMP} (LIKE {table}) ON COMMIT DROP")
            _copy(cursor, _TEMP, ("id", *COLUMNS), changed)
            updates = ", ".join(f"{c} = n.{c}" for c in settable)
            cursor.execute(f"UPDATE {table} r SET {updates} FROM {_TEMP} n WHERE r.id = n.id")  # noqa: S608
            cursor.execute(f"DROP TABLE {_TEMP}")
        else:
            updates = ", ".join(f"{c} = %s" for c in settable)
            positions = [COLUMNS.index(c) + 1 for c in settable]
            cursor.executemany(
                f"UPDATE {table} SET {updates} WHERE id = %s",  # noqa: S608
                [(*(row[i] for i in positions), row[0]) for row in changed],
            )
    for condition, params in _in_chunks(gone):
        cursor.execute(f"DELETE FROM {table} WHERE id {condition}", params)  # noqa: S608
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
        t1 = clock()
        shapes = _Shapes()
        wanted = _wanted(holdings, start=start, end=end, resolver=resolver, shapes=shapes)
        counts = _credit_counts(start=start, end=end, jurisdiction=jurisdiction, post_ids=post_ids, wanted=wanted)
        t2 = clock()
        with connection.cursor() as cursor:
            stored = _stored(cursor, year=year, jurisdiction=jurisdiction, post_ids=post_ids)
        t_stored = clock() - t2
        job = _Job(year, start, end, as_of, resolver, shapes, holdings, counts, stored)
        # Only the appointments some countable duty binds produce verdicts.
        judged = [h for h in holdings if h.appointment_id in wanted]
        if progress is None and len(judged) >= PARALLEL_FROM and WORKERS > 1:
            diffs = _evaluate_in_parallel(job, judged)
        else:
            iterable: Iterable[Holding] = progress(holdings) if progress is not None else holdings
            diffs = [job.diff(h) for h in iterable if h.appointment_id in wanted]
        new = [row for diff in diffs for row in diff[0]]
        changed = [row for diff in diffs for row in diff[1]]
        gone_rows = [pair for diff in diffs for pair in diff[2]]
        judged_ids = {h.appointment_id for h in judged}
        gone_rows.extend(
            (old[0], old[1])
            for appointment_id, old_rows in stored.items()
            if appointment_id not in judged_ids
            for old in old_rows.values()
        )
        result.evaluated = sum(1 for diff in diffs if diff[3])
        result.rows = sum(diff[3] for diff in diffs)
        touched = {row[3] for row in new}
        touched.update(j for row in changed for j in (row[1], row[5]))
        touched.update(j for _id, j in gone_rows)
        del job, counts, diffs, stored  # the credit counts are the largest thing held: free them before writing
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
