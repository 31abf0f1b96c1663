"""Loading what a compliance recompute judges, with the SQL that differs between PostgreSQL and
SQLite kept here: the appointments that overlap a year (:class:`Holding`), the credits counted per
appointment, activity and month (:func:`credit_counts`), and the accidents that create event duties
(:class:`Accidents`, :func:`compliance_events_for`).

Tens of thousands of rows are read at a time: the queries Django builds are run on a plain cursor,
without per-row converters, and SQLite's dates (returned as text) are converted here.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Collection, Generator, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from itertools import groupby
from operator import itemgetter
from typing import Any, Generic, NamedTuple, TypeVar

from django.db import connection
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from zeren.org.bindings import Bindings
from zeren.org.models import Appointment, Jurisdiction, Post
from zeren.policy.facts import Event
from zeren.policy.periods import add_months
from zeren.records.models import RecordCredit
from zeren.records.vocabulary import EVENT_ACTIVITIES

T = TypeVar("T")
FETCH = 20000
"""Rows fetched at a time (fetching row by row costs more than the query)."""
CHUNK = 500
"""Ids per IN (...) list on SQLite."""


def as_date(value: Any) -> Any:
    """A date column's value as a date (SQLite returns text on a plain cursor)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def in_chunks(ids: Collection[int]) -> Iterator[tuple[str, list[Any]]]:
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


# Accidents -----------------------------------------------------------------------------------


def compliance_events_for(post: Post, start: dt.date, end: dt.date) -> list[Event]:
    """The accidents that may create event duties for ``post`` between ``start`` and ``end``
    (inclusive, local dates), as the core's :class:`~zeren.policy.facts.Event` facts: every accident
    registered in zeren.accidents in the post's jurisdiction subtree, with its grade and sector.

    The core decides which of them bind (常州 第十条(六): a government deputy goes to the scene of a
    较大 or worse accident in a sector in charge within the pack's ``within_days``). The recompute
    reads the year's accidents once (:class:`Accidents`) and asks only for posts an event duty binds.
    When an accident is registered or regraded, zeren.accidents updates the verdicts of the posts of
    its jurisdiction and those above it at once.
    """
    return [event for _path, event in accident_events(post.body.jurisdiction.path, start, end)]


def accident_events(path: str, start: dt.date, end: dt.date) -> list[tuple[str, Event]]:
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


class Accidents:
    """The accidents of the year, read when the first post an event duty binds asks: once for the
    whole scope of a jurisdiction recompute (``scope`` its path, "" for all), once per jurisdiction
    asked about for a recompute of a few posts (``scope`` None)."""

    def __init__(self, start: dt.date, end: dt.date, scope: str | None) -> None:
        self.start, self.end, self.scope = start, end, scope
        self._events: dict[str, list[tuple[str, Event]]] = {}
        self._all_read = False

    def read(self, paths: Iterable[str]) -> None:
        """Read now the accidents :meth:`events_for` will be asked for with these paths, and no
        others after: a recompute judges its holdings while the credit counts still hold the
        connection (on PostgreSQL a query then would wait for ever), so asking about another path
        is an error."""
        for path in paths:
            self._read(path)
        self._all_read = True

    def events_for(self, path: str, first: dt.date, last: dt.date) -> list[Event]:
        """The accidents in the subtree at ``path`` between ``first`` and ``last`` (local dates)."""
        return [
            event
            for where, event in self._read(path)
            if where.startswith(path) and first <= event.occurred_at.date() <= last
        ]

    def _read(self, path: str) -> list[tuple[str, Event]]:
        read = self.scope if self.scope is not None and path.startswith(self.scope) else path
        if read not in self._events:
            if self._all_read:
                raise RuntimeError(f"the accidents at {read!r} were not read before the holdings were judged")
            self._events[read] = accident_events(read, self.start, self.end)
        return self._events[read]


# Appointments and credits --------------------------------------------------------------------


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


def holdings(
    *, start: dt.date, end: dt.date, jurisdiction: Jurisdiction | None, post_ids: Collection[int] | None
) -> list[Holding]:
    qs = Appointment.objects.filter(start__lte=end).filter(Q(end__isnull=True) | Q(end__gte=start))
    if jurisdiction is not None:
        qs = qs.filter(post__body__jurisdiction__path__startswith=jurisdiction.path)
    if post_ids is not None:
        qs = qs.filter(post_id__in=list(post_ids))
    values = (
        qs.order_by("id")  # in increasing id, the order the credit counts come in (credit_counts)
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
        Holding(a, p, person, j, path, level, role, kind or None, sectors, as_date(s), as_date(e))
        for a, p, person, j, path, level, role, kind, sectors, s, e in rows
    ]


def every_post(jurisdiction: Jurisdiction | None, post_ids: Collection[int] | None) -> bool:
    """Whether a recompute's scope is every post there is: no jurisdiction or the root of the only
    tree (every post lies under its root, unless there are other trees), and no list of posts."""
    if post_ids is not None:
        return False
    return jurisdiction is None or (
        jurisdiction.parent_id is None and Jurisdiction.objects.filter(parent__isnull=True).count() == 1
    )


def scope_sql(
    alias: str, *, jurisdiction: Jurisdiction | None, post_ids: Collection[int] | None
) -> tuple[str, list[Any]]:
    """A SQL condition restricting rows (with a ``post_id`` column) to the scope."""
    parts: list[str] = []
    params: list[Any] = []
    if every_post(jurisdiction, post_ids):
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

    With ``wanted`` (on PostgreSQL), only the credits of those appointments are counted (a
    province's appointments with countable duties hold about a third of the credits): read from the
    covering index by appointment (``records_credit_appt_cover``), one range of dates per appointment,
    so that the counts come out in appointment order without sorting the year's credits (the caller
    drops the activities an appointment's duties do not count: filtering the pairs in the server
    cost more than sending their rows)."""
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
    scope, params = scope_sql("c", jurisdiction=jurisdiction, post_ids=post_ids)
    held, held_params = "", []
    if wanted is not None and connection.vendor == "postgresql":
        # One comma-separated text: far cheaper to send than an array of tens of thousands.
        held = "AND c.appointment_id = ANY(string_to_array(%s, ',')::bigint[]) "
        held_params = [",".join(map(str, wanted))]
    sql = (
        f"SELECT c.appointment_id, c.activity, {bucket} AS bucket, COUNT(*) "  # noqa: S608
        f"FROM {RecordCredit._meta.db_table} c "
        f"WHERE c.counts AND c.active AND c.occurred_on >= %s AND c.occurred_on <= %s {held}AND {scope} "
        f"GROUP BY c.appointment_id, c.activity, bucket"
    )
    return sql, [*daily_params, start, end, *held_params, *params]


Counts = list[tuple[str, int, int]]
"""One appointment's credit counts: (activity, day ordinal of the bucket, number of credits)."""
CountGroups = Generator[tuple[int, Counts], None, None]
"""Each counted appointment with its credit counts, in increasing appointment id."""


def credit_counts(
    cursor: Any,
    *,
    start: dt.date,
    end: dt.date,
    jurisdiction: Jurisdiction | None,
    post_ids: Collection[int] | None,
    wanted: dict[int, frozenset[str]],
    daily_months: Collection[dt.date],
) -> CountGroups:
    """The credit counts of the activities ``wanted`` per appointment (the activities the duties
    binding its post count: no other count can change a verdict), appointment by appointment in
    increasing id: the GROUP BY, ordered by appointment, is run on ``cursor`` when the first is
    asked for. On PostgreSQL its rows are received as the server produces them (psycopg's
    ``stream``, FETCH rows at a time): the caller judges the first appointments while the server is
    still counting the others. Close the iterator (``contextlib.closing``) if it may be left
    unfinished, so that the connection is free again."""
    if not wanted:
        return
    sql, params = credit_counts_sql(
        start=start, end=end, jurisdiction=jurisdiction, post_ids=post_ids, wanted=wanted, daily_months=daily_months
    )
    yield from _count_groups(cursor, sql + " ORDER BY c.appointment_id", params, wanted)


COUNTING = ("enable_hashagg", "jit")
"""The planner settings the credit counts of a recompute turn off (PostgreSQL, for that query only):
hashing the groups, which the planner prefers to the index by appointment for a province's year but
must then sort before the first row goes out; and compiling the query (about 70 ms)."""


def _count_groups(cursor: Any, sql: str, params: list[Any], wanted: dict[int, frozenset[str]]) -> CountGroups:
    postgres = connection.vendor == "postgresql"
    none: frozenset[str] = frozenset()
    with connection.wrap_database_errors:
        rows: Iterable[Any]
        ordinal: Callable[[Any], int]
        if postgres:  # received as the server groups them (dates come back as dates)
            cursor.execute("; ".join(f"SET LOCAL {name} = off" for name in COUNTING))
            rows, ordinal = cursor.cursor.stream(sql, params, size=FETCH), dt.date.toordinal
        else:
            cursor.execute(sql, params)
            rows = (row for batch in iter(lambda: cursor.fetchmany(FETCH), []) for row in batch)
            ordinal = lambda value: int(as_date(value).toordinal())  # noqa: E731
        for appointment_id, group in groupby(rows, itemgetter(0)):
            activities = wanted.get(appointment_id, none)
            counts = [(activity, ordinal(bucket), n) for _a, activity, bucket, n in group if activity in activities]
            if counts:
                yield appointment_id, counts
        if postgres:
            cursor.execute("; ".join(f"SET LOCAL {name} TO DEFAULT" for name in COUNTING))


class Beside(Generic[T]):
    """Work run beside the caller's (:func:`alongside`)."""

    def __init__(self, result: Callable[[], T], free: threading.Event, failed: list[BaseException]) -> None:
        self._result, self._free, self._failed = result, free, failed

    def connection_free(self) -> None:
        """Wait until the work no longer needs the connection: before holding it across other work
        (the credit counts hold it from their first row to their last), which would otherwise wait
        for each other. Raises the work's error (as Django's) if its query failed."""
        self._free.wait()
        if self._failed:
            with connection.wrap_database_errors:
                raise self._failed[0]

    def result(self) -> T:
        """The work's result, waiting for it; its error raised (as Django's)."""
        with connection.wrap_database_errors:
            return self._result()


@contextmanager
def alongside(work: Callable[[Callable[[], None]], T]) -> Iterator[Beside[T]]:
    """On PostgreSQL, ``work(free)`` runs in a thread while the block goes on: it runs a query on the
    connection, calls ``free()`` once its rows are received, then converts them to Python values;
    meanwhile the block makes what needs no database, or waits on the network for another query
    (psycopg waits without holding Python's lock, and serialises the connection's use). ``work``
    must not use Django's ``connection`` (it is per thread). Elsewhere ``work`` is run first."""
    free, failed = threading.Event(), list[BaseException]()
    if connection.vendor != "postgresql":
        result = work(free.set)
        free.set()
        yield Beside(lambda: result, free, failed)
        return

    def run() -> T:
        try:
            return work(free.set)
        except BaseException as error:
            failed.append(error)  # before the caller waiting for the connection is woken
            raise
        finally:
            free.set()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="zeren-beside") as pool:
        yield Beside(pool.submit(run).result, free, failed)


@contextmanager
def meanwhile() -> Iterator[None]:
    """On PostgreSQL, the statements executed in the block are sent without waiting for their
    results (psycopg's pipeline mode), so that the server works on them while the client goes on
    with what it already has (e.g. converting the rows of an earlier query); their results are
    received at the end of the block and read after it. Elsewhere the statements run as they are
    executed. A statement's error is raised at the end of the block, as Django's error."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.wrap_database_errors, connection.connection.pipeline():
        yield


def daily_months(bindings: Bindings, start: dt.date, end: dt.date) -> set[dt.date]:
    """The months of [start, end] in which some binding starts or ends on another day than the
    first: credits there are counted per day, so that each part of the month counts its own."""
    return {day.replace(day=1) for day in bindings.cut_days() if start <= day <= end and day.day != 1}
