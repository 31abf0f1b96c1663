"""The stored verdicts of a compliance recompute: read those in scope (:func:`stored`), compare them
with the verdicts the core gives (:func:`compare`) and write only the difference (:func:`write`:
PostgreSQL binary COPY for many rows, executemany otherwise).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar

from django.db import connection

from zeren.org.models import Jurisdiction
from zeren.records import partitions
from zeren.records.loading import FETCH, CountGroups, Counts, Holding, as_date, in_chunks, scope_sql
from zeren.records.models import ComplianceRow
from zeren.records.plans import Planner
from zeren.records.verdicts import COLUMNS, KEY, Context, rows_for

T = TypeVar("T")
COPY_ROWS = 200
"""From this many rows on, PostgreSQL loads them with COPY."""
Stored = dict[tuple[int, str, str], tuple[Any, ...]]
"""Stored verdicts by (appointment, obligation, period): (id, then the columns of :data:`COLUMNS`
but ``computed_on``), so that ``stored[1:] == row[:-1]`` when nothing changed."""
COMPARED = COLUMNS[:-1]
JURISDICTION_AT = 1 + COMPARED.index("jurisdiction_id")
"""Where a stored verdict (:data:`Stored`) holds its jurisdiction."""


def in_scope(
    *, year: int, jurisdiction: Jurisdiction | None, post_ids: Collection[int] | None
) -> tuple[str, list[Any]]:
    """The condition on the verdicts (alias ``r``) of a recompute's year and scope, with its parameters."""
    scope, params = scope_sql("r", jurisdiction=jurisdiction, post_ids=post_ids)
    return f"r.year = %s AND {scope}", [year, *params]


def stored(
    cursor: Any, *, year: int, jurisdiction: Jurisdiction | None, post_ids: Collection[int] | None
) -> Callable[[Callable[[], None]], Stored]:
    """A function ``read(free)`` that reads the stored verdicts in scope and year (see
    :data:`Stored`) on ``cursor`` (Django's), calling ``free()`` once their rows are received. It
    may run in another thread (:func:`~zeren.records.loading.alongside`): on PostgreSQL it runs the
    query on psycopg's cursor beneath, which waits for its turn on the connection."""
    condition, params = in_scope(year=year, jurisdiction=jurisdiction, post_ids=post_ids)
    sql = (
        f"SELECT r.id, {', '.join('r.' + c for c in COMPARED)} FROM {ComplianceRow._meta.db_table} r WHERE {condition}"  # noqa: S608
    )
    key = itemgetter(*(1 + COMPARED.index(c) for c in KEY))
    postgres = connection.vendor == "postgresql"
    raw = cursor.cursor if postgres else cursor

    def read(free: Callable[[], None]) -> Stored:  # uses only ``raw``: it may run in another thread
        raw.execute(sql, params)
        free()
        out: Stored = {}
        if postgres:  # dates come back as dates
            while batch := raw.fetchmany(FETCH):
                out.update(zip(map(key, batch), batch, strict=True))
            return out
        dates = [1 + COMPARED.index(c) for c in ("period_start", "period_end")]
        for row in raw.fetchall():
            values = list(row)
            for i in dates:
                values[i] = as_date(values[i])
            out[key(row)] = tuple(values)
        return out

    return read


class Compared(NamedTuple):
    """What :func:`compare` found."""

    new: list[tuple[Any, ...]]
    """Verdict rows (:data:`COLUMNS`) no stored verdict has the key of."""
    changed: list[tuple[Any, ...]]
    """Verdict rows that differ from the stored one of their key, as (id, stored jurisdiction_id, *row)."""
    gone: Stored
    """The stored verdicts no appointment produced."""
    stored: int
    """How many verdicts were stored in scope."""
    rows: int
    """The verdicts produced."""
    evaluated: int
    """The appointments that produced some."""


def compare(
    holdings: Iterable[Holding],
    *,
    wanted: Collection[int],
    planner: Planner,
    counts: CountGroups,
    stored: Callable[[], Stored],
    context: Context,
) -> Compared:
    """Judge each holding in ``wanted``, in increasing appointment id, with its credit counts
    (``counts``, in the same order: they are consumed as they come), and compare its verdicts with
    the stored ones (``stored()``, asked for once the first counts are in), which are taken out of
    the stored verdicts as they are matched."""
    new: list[tuple[Any, ...]] = []
    changed: list[tuple[Any, ...]] = []
    rows = evaluated = 0
    none: Counts = []
    counted, found = next(counts, (None, none))
    remaining = stored()
    n_stored = len(remaining)
    pop = remaining.pop
    last = -1
    for holding in holdings:
        appointment_id = holding.appointment_id
        if appointment_id <= last:
            raise ValueError("holdings must come in increasing appointment id")
        last = appointment_id
        if appointment_id not in wanted:
            continue
        while counted is not None and counted < appointment_id:
            counted, found = next(counts, (None, none))
        produced = rows_for(holding, planner.segments(holding), found if counted == appointment_id else none, context)
        if produced:
            evaluated += 1
            rows += len(produced)
        for row in produced:
            old = pop((appointment_id, row[6], row[8]), None)
            if old is None:
                new.append(row)
            elif old[1:] != row[:-1]:
                changed.append((old[0], old[JURISDICTION_AT], *row))
    for _rest in counts:  # the counts of appointments not held: none, but finish the query
        pass
    return Compared(new, changed, remaining, n_stored, rows, evaluated)


def copy_rows(
    cursor: Any, model: Any, columns: Sequence[str], rows: Sequence[tuple[Any, ...]], table: str = ""
) -> None:
    """Insert ``rows`` (values of ``columns``) into ``model``'s table, or ``table`` laid like it, by
    one binary COPY (PostgreSQL).

    The rows' ids are drawn from the model's identity in one query and sent with them: a COPY that
    leaves a column to a volatile default (``nextval``) inserts row by row, about three times the
    cost of the batches it makes otherwise (186k verdicts: 0.95 s against 0.3 s)."""
    meta = model._meta
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [meta.db_table])
    (sequence,) = cursor.fetchone()
    cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, len(rows)])
    ids = [i for (i,) in cursor.fetchall()]
    # Binary COPY sends each value in its column's own type: bigint, smallint, integer, varchar, date.
    types = [meta.get_field(c).db_type(connection).split("(")[0] for c in ("id", *columns)]
    with cursor.cursor.copy(
        f"COPY {table or meta.db_table} (id, {', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
    ) as copy:
        copy.set_types(types)
        for i, row in zip(ids, rows, strict=True):
            copy.write_row((i, *row))


def copy(cursor: Any, rows: list[tuple[Any, ...]], table: str = ComplianceRow._meta.db_table) -> None:
    """Insert verdict rows (:data:`COLUMNS`) by one binary COPY (PostgreSQL), into the verdict table
    or a table laid like it."""
    copy_rows(cursor, ComplianceRow, COLUMNS, rows, table)


def write(
    cursor: Any,
    new: list[tuple[Any, ...]],
    changed: list[tuple[Any, ...]],
    gone: list[int],
    *,
    year: int,
    every: tuple[str, list[Any]] | None = None,
    replaces_year: bool = False,
    meanwhile: Callable[[], T],
) -> T:
    """Write the difference with the stored verdicts: rows no longer produced deleted, new rows
    inserted, changed rows (``(id, *row)``) updated.

    On PostgreSQL many changed rows (after a pack update, every one) are deleted and inserted
    afresh rather than updated in place, which costs about half as much: verdicts are derived
    data that nothing refers to by id. When every stored verdict in scope is changed or gone,
    ``every`` (the scope's condition, :func:`in_scope`) deletes them by one scan instead of by id.

    Every row is of ``year`` (the recompute's): each statement names it, so that on PostgreSQL only
    the year's partition is read (:mod:`zeren.records.partitions`). ``replaces_year`` says that the
    rows new and changed are all the verdicts the year will hold (the recompute's scope is every
    verdict of the year, and none stored is left as it was): on PostgreSQL the year's partition is
    then replaced whole (:func:`~zeren.records.partitions.replace_year`).

    ``meanwhile()`` is run once, while the server builds a replaced partition's indexes, else after
    the writes; its result is returned."""
    table = ComplianceRow._meta.db_table
    postgres = connection.vendor == "postgresql"
    if replaces_year and len(new) + len(changed) > COPY_ROWS and partitions.VERDICTS.has_partition(cursor, year):
        rows = [*new, *(row[1:] for row in changed)]
        return partitions.replace_year(
            cursor, year, [(partitions.VERDICTS, lambda table: copy(cursor, rows, table))], meanwhile
        )
    if postgres and len(changed) > COPY_ROWS:
        gone = [*gone, *(row[0] for row in changed)]
        new = [*new, *(row[1:] for row in changed)]
        changed = []
        if every is not None:
            condition, params = every
            cursor.execute(f"DELETE FROM {table} r WHERE {condition}", params)  # noqa: S608
            # The year's lock keeps other recomputes out: a difference would be a bug, so fail.
            if cursor.rowcount != len(gone):
                raise RuntimeError(f"deleted {cursor.rowcount} stored verdicts in scope, expected {len(gone)}")
            gone = []
    for condition, params in in_chunks(gone):
        cursor.execute(f"DELETE FROM {table} WHERE year = %s AND id {condition}", [year, *params])  # noqa: S608
    if new:
        if postgres and len(new) > COPY_ROWS:
            copy(cursor, new)
        else:
            placeholders = ", ".join(["%s"] * len(COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({placeholders})", new)  # noqa: S608
    if changed:
        settable = [c for c in COLUMNS if c not in KEY]
        updates = ", ".join(f"{c} = %s" for c in settable)
        positions = [COLUMNS.index(c) + 1 for c in settable]
        cursor.executemany(
            f"UPDATE {table} SET {updates} WHERE year = %s AND id = %s",  # noqa: S608
            [(*(row[i] for i in positions), year, row[0]) for row in changed],
        )
    if postgres and len(new) + len(changed) + len(gone) > 5000:
        # Fresh statistics, so that the dashboards' queries are planned for the table as it now is.
        partitions.VERDICTS.analyze(cursor, year)
    return meanwhile()
