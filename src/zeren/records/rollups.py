"""The dashboard's rollups of the stored verdicts (:class:`~zeren.records.models.ComplianceTally`,
:class:`~zeren.records.models.ComplianceTrendTally`, :class:`~zeren.records.models.ComplianceMissedTally`),
rewritten by each recompute for the jurisdictions whose verdicts it changed, so that they always
equal an aggregation of the verdicts (the dashboard reads only them); and the whole tree's rollups of
those (:class:`~zeren.records.models.ComplianceTreeTally`,
:class:`~zeren.records.models.ComplianceTreeTrendTally`), kept by delta, so that they always equal a
GROUP BY of the jurisdictions' tallies (the dashboard of the whole tree reads only them).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection
from functools import partial
from operator import itemgetter
from typing import Any

from django.db import connection, connections

from zeren.records import partitions, verdict_store
from zeren.records.loading import in_chunks
from zeren.records.models import (
    ComplianceMissedTally,
    ComplianceRow,
    ComplianceTally,
    ComplianceTreeTally,
    ComplianceTreeTrendTally,
    ComplianceTrendTally,
)
from zeren.records.verdicts import COLUMNS

TALLY = ComplianceTally._meta.db_table
TREND = ComplianceTrendTally._meta.db_table
TREE = ComplianceTreeTally._meta.db_table
TREE_TREND = ComplianceTreeTrendTally._meta.db_table
ROLLUPS = tuple(table.model for table in partitions.ROLLUPS)
"""The dashboard's rollups of the stored verdicts, each of them per year."""
OF_A_YEAR = tuple(partitions.BY_YEAR)
"""The tables whose rows of a year a recompute of that year writes: the verdicts and their rollups
(what a benchmark or a test deletes to have a year computed from nothing)."""
REBUILD_FROM = 50
"""Below this many jurisdictions a refresh always updates the whole tree's rows by delta."""


def refresh_tallies(cursor: Any, *, year: int, jurisdiction_ids: Collection[int]) -> None:
    """Rewrite the dashboard rollups (:class:`~zeren.records.models.ComplianceTally`,
    :class:`~zeren.records.models.ComplianceTrendTally`, :class:`~zeren.records.models.ComplianceMissedTally`)
    of ``year`` for ``jurisdiction_ids`` from the stored verdicts: one GROUP BY each over those
    jurisdictions' rows; and bring the whole tree's rows of the year along.

    The whole tree's rows are kept by delta (each chunk's old tallies subtracted before they are
    deleted, the new ones added after they are written: two GROUP BYs of the chunk's tallies) unless
    the refresh rewrites at least a third of the jurisdictions the year's tallies hold (a recompute of
    the whole year, a pack update): then they are rebuilt from all the year's tallies at the end,
    one GROUP BY of them, which is the cheaper of the two."""
    if not jurisdiction_ids:
        return
    rows = ComplianceRow._meta.db_table
    missed = ComplianceMissedTally._meta.db_table
    if connection.vendor == "postgresql":
        start_month, end_month = "EXTRACT(MONTH FROM period_start)::integer", "EXTRACT(MONTH FROM period_end)::integer"
        closes = "CAST(date_trunc('month', period_end) AS date)"
    else:
        start_month = "CAST(strftime('%%m', period_start) AS integer)"
        end_month = "CAST(strftime('%%m', period_end) AS integer)"
        closes = "date(period_end, 'start of month')"
    months = " UNION ALL ".join(f"SELECT {m} AS m" for m in range(1, 13))
    dims = "jurisdiction_id, role, obligation, policy_id, policy_version, status"
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    by_delta = not _rebuilds(cursor, year, len(jurisdiction_ids))
    for condition, params in in_chunks(jurisdiction_ids):
        chunk = f"year = %s AND jurisdiction_id {condition}"
        if by_delta:
            add_to_tree(cursor, -1, chunk, [year, *params])
        cursor.execute(f"DELETE FROM {TALLY} WHERE {chunk}", [year, *params])  # noqa: S608
        cursor.execute(f"DELETE FROM {TREND} WHERE {chunk}", [year, *params])  # noqa: S608
        cursor.execute(f"DELETE FROM {missed} WHERE {chunk}", [year, *params])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {missed} (year, jurisdiction_id, post_id, n) "  # noqa: S608
            f"SELECT year, jurisdiction_id, post_id, COUNT(*) FROM {rows} "
            f"WHERE year = %s AND jurisdiction_id {condition} AND status = 'missed' "
            f"GROUP BY year, jurisdiction_id, post_id",
            [year, *params],
        )
        cursor.execute(
            f"INSERT INTO {TALLY} (year, {dims}, n) SELECT year, {dims}, COUNT(*) FROM {rows} "  # noqa: S608
            f"WHERE year = %s AND jurisdiction_id {condition} GROUP BY year, {dims}",
            [year, *params],
        )
        # Each judged verdict counts in every month of the year its period covers (a quarter's in its
        # three months, a year's in twelve, an event's in the days it had), with the month its period
        # closes, so that the dashboard counts a month only with the periods closed by then. The
        # verdicts are first counted by the months they span, then each count spread over its months
        # (on SQLite too the verdicts are read once, by their index by jurisdiction and year).
        cursor.execute(
            f"INSERT INTO {TREND} (year, jurisdiction_id, month, closes, status, n) "  # noqa: S608
            f"SELECT g.year, g.jurisdiction_id, months.m, g.closes, g.status, CAST(SUM(g.n) AS integer) FROM ("
            f"SELECT year, jurisdiction_id, lo, hi, closes, status, COUNT(*) AS n FROM ("
            f"SELECT year, jurisdiction_id, status, {closes} AS closes, "
            f"(CASE WHEN period_start < %s THEN 1 ELSE {start_month} END) AS lo, "
            f"(CASE WHEN period_end > %s THEN 12 ELSE {end_month} END) AS hi FROM {rows} "
            f"WHERE year = %s AND jurisdiction_id {condition} AND status IN ('met', 'missed') "
            f"AND period_start <= %s AND period_end >= %s) v "
            f"GROUP BY year, jurisdiction_id, lo, hi, closes, status) g "
            f"JOIN ({months}) months ON months.m BETWEEN g.lo AND g.hi "
            f"GROUP BY g.year, g.jurisdiction_id, months.m, g.closes, g.status",
            [first, last, year, *params, last, first],
        )
        if by_delta:
            add_to_tree(cursor, +1, chunk, [year, *params])
    if by_delta:
        drop_empty_tree_rows(cursor, "year = %s", [year])
    else:
        rebuild_tree(cursor, year)
    if connection.vendor == "postgresql" and len(jurisdiction_ids) > 100:
        # Fresh statistics after a large rewrite, so that the dashboard's reads are planned well.
        partitions.analyze(cursor, year, partitions.ROLLUPS)


# The columns of a verdict row (zeren.records.verdicts.COLUMNS) the rollups count by.
_POST, _JURISDICTION, _ROLE, _YEAR, _OBLIGATION = (
    COLUMNS.index(c) for c in ("post_id", "jurisdiction_id", "role", "year", "obligation")
)
_START, _END, _STATUS, _POLICY, _VERSION = (
    COLUMNS.index(c) for c in ("period_start", "period_end", "status", "policy_id", "policy_version")
)


JUDGED = frozenset(("met", "missed"))
"""The statuses the trend counts."""

YearTallies = list[tuple[Any, tuple[str, ...], list[tuple[Any, ...]]]]
"""Every rollup row of a year, per rollup: (model, columns, rows)."""


def count_year_tallies(*, year: int, rows: Collection[tuple[Any, ...]]) -> YearTallies:
    """The rollups of ``year`` counted from ``rows``, which are all the verdicts the year holds
    (:data:`~zeren.records.verdicts.COLUMNS`: a recompute that rewrote every one of them, the first
    computation of a year or a pack update, has them in hand), in one pass rather than grouped again
    from the verdicts just written (:func:`write_year_tallies` writes them). The counts are those of
    :func:`refresh_tallies` and :func:`rebuild_tree`, which the tests hold them to."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    # Counted by C-level key functions, then the few distinct keys worked on.
    tally = Counter(map(itemgetter(_JURISDICTION, _ROLE, _OBLIGATION, _POLICY, _VERSION, _STATUS), rows))
    missed = Counter(map(itemgetter(_JURISDICTION, _POST), filter(lambda row: row[_STATUS] == "missed", rows)))
    # The months of the year each period covers and the month it closes, once per distinct period
    # (a few hundred, against tens of thousands of jurisdictions' periods).
    spans: dict[tuple[Any, Any], tuple[range, Any]] = {}
    for start, end in set(map(itemgetter(_START, _END), rows)):
        if start <= last and end >= first:
            spans[start, end] = (
                range(1 if start < first else start.month, 13 if end > last else end.month + 1),
                end.replace(day=1),
            )
    trend: defaultdict[tuple[Any, ...], int] = defaultdict(int)
    for (jurisdiction, start, end, status), n in Counter(
        map(itemgetter(_JURISDICTION, _START, _END, _STATUS), rows)
    ).items():
        if status in JUDGED and (span := spans.get((start, end))) is not None:
            months, closes = span
            for month in months:
                trend[jurisdiction, month, closes, status] += n
    tree: Counter[tuple[Any, ...]] = Counter()
    for (jurisdiction, role, obligation, policy, version, status), n in tally.items():
        tree["j", str(jurisdiction), "", "", status] += n
        tree["r", role, "", "", status] += n
        tree["o", obligation, policy, version, status] += n
    tree_trend: Counter[tuple[Any, ...]] = Counter()
    for (_jurisdiction, month, closes, status), n in trend.items():
        tree_trend[month, closes, status] += n
    return [
        (model, columns, [(year, *key, n) for key, n in counts.items()])
        for model, columns, counts in (
            (
                ComplianceTally,
                ("jurisdiction_id", "role", "obligation", "policy_id", "policy_version", "status"),
                tally,
            ),
            (ComplianceMissedTally, ("jurisdiction_id", "post_id"), missed),
            (ComplianceTrendTally, ("jurisdiction_id", "month", "closes", "status"), trend),
            (ComplianceTreeTally, ("kind", "item", "policy_id", "policy_version", "status"), tree),
            (ComplianceTreeTrendTally, ("month", "closes", "status"), tree_trend),
        )
    ]


def write_year_tallies(cursor: Any, *, year: int, tallies: YearTallies) -> None:
    """Replace every rollup row of ``year`` by ``tallies`` (:func:`count_year_tallies`).

    On PostgreSQL the year's partition of each rollup with many rows is replaced whole
    (:func:`~zeren.records.partitions.replace_year`: a COPY into a bare table, then its indexes
    built once), the others' rows deleted and inserted."""
    postgres = connection.vendor == "postgresql"
    if postgres:
        cursor.execute(f"SET LOCAL default_statistics_target = {partitions.QUICK_STATISTICS}")
    tables = [partitions.BY_YEAR[model] for model, _columns, _values in tallies]
    by_year = partitions.with_partition(cursor, year, tables)
    replaced, rewritten = [], []
    for table, (model, columns, values) in zip(tables, tallies, strict=True):
        names = ("year", *columns, "n")
        if table in by_year and len(values) > verdict_store.COPY_ROWS:
            # Filled by COPY into the new table's name, which replace_year gives.
            replaced.append((table, partial(verdict_store.copy_rows, cursor, model, names, values)))
            continue
        rewritten.append(table)
        cursor.execute(f"DELETE FROM {table.table} WHERE year = %s", [year])  # noqa: S608
        if postgres and len(values) > verdict_store.COPY_ROWS:
            verdict_store.copy_rows(cursor, model, names, values)
        elif values:
            cursor.executemany(
                f"INSERT INTO {table.table} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))})",  # noqa: S608
                values,
            )
    partitions.analyze(cursor, year, rewritten, by_year)
    if replaced:
        partitions.replace_year(cursor, year, replaced, lambda: None)
    if postgres:
        cursor.execute("SET LOCAL default_statistics_target TO DEFAULT")


def _rebuilds(cursor: Any, year: int, count: int) -> bool:
    """Whether a refresh of ``count`` jurisdictions rebuilds the whole tree's rows of ``year`` rather
    than updating them by delta: when they are at least a third of the jurisdictions the year's tallies
    hold (counted from the whole tree's per-jurisdiction rows, a read of the year's index entries).
    By delta, each of the jurisdictions' tallies is grouped twice (before and after) and added by
    upsert; rebuilt, each of the year's tallies is grouped once and inserted."""
    if count < REBUILD_FROM:
        return False
    cursor.execute(f"SELECT COUNT(DISTINCT item) FROM {TREE} WHERE year = %s AND kind = 'j'", [year])  # noqa: S608
    return 3 * count >= cursor.fetchone()[0]


def _breakdowns(where: str, sign: str) -> str:
    """A SELECT of the whole tree's three breakdowns of the tallies matching ``where`` (which is in
    it three times), per year, with the counts signed by ``sign`` ('' or '-')."""
    return (
        f"SELECT year, 'j' AS kind, CAST(jurisdiction_id AS varchar(20)) AS item, '' AS policy_id, "  # noqa: S608
        f"'' AS policy_version, status, {sign}SUM(n) AS n FROM {TALLY} WHERE {where} "
        f"GROUP BY year, jurisdiction_id, status "
        f"UNION ALL SELECT year, 'r', role, '', '', status, {sign}SUM(n) FROM {TALLY} WHERE {where} "
        f"GROUP BY year, role, status "
        f"UNION ALL SELECT year, 'o', obligation, policy_id, policy_version, status, {sign}SUM(n) FROM {TALLY} "
        f"WHERE {where} GROUP BY year, obligation, policy_id, policy_version, status"
    )


def _trend_sums(where: str, sign: str) -> str:
    """A SELECT of the trend tallies matching ``where`` summed over their jurisdictions."""
    return (
        f"SELECT year, month, closes, status, {sign}SUM(n) AS n FROM {TREND} WHERE {where} "  # noqa: S608
        f"GROUP BY year, month, closes, status"
    )


TREE_COLUMNS = "year, kind, item, policy_id, policy_version, status"
TREE_TREND_COLUMNS = "year, month, closes, status"


def add_to_tree(cursor: Any, sign: int, where: str, params: list[Any]) -> None:
    """Add (``sign`` +1) or subtract (-1) the tallies and trend tallies matching ``where`` (a
    condition on their year and jurisdiction, with ``params``) to or from the whole tree's rows: one
    upsert each (``WHERE true`` keeps SQLite from reading the ``ON`` of the conflict clause as a
    join's). A count may come to 0: :func:`drop_empty_tree_rows` removes those rows."""
    s = "" if sign > 0 else "-"
    for table, columns, select, repeat in (
        (TREE, TREE_COLUMNS, _breakdowns(where, s), 3),
        (TREE_TREND, TREE_TREND_COLUMNS, _trend_sums(where, s), 1),
    ):
        cursor.execute(
            f"INSERT INTO {table} ({columns}, n) SELECT * FROM ({select}) d WHERE true "  # noqa: S608
            f"ON CONFLICT ({columns}) DO UPDATE SET n = {table}.n + excluded.n",
            params * repeat,
        )


def drop_empty_tree_rows(cursor: Any, where: str, params: list[Any]) -> None:
    """Remove the whole tree's rows (matching ``where``, on their year) whose count came to 0."""
    for table in (TREE, TREE_TREND):
        cursor.execute(f"DELETE FROM {table} WHERE {where} AND n = 0", params)  # noqa: S608


def rebuild_tree(cursor: Any, year: int) -> None:
    """Rewrite the whole tree's rows of ``year`` from all the year's tallies: one GROUP BY each."""
    for table, columns, select, repeat in (
        (TREE, TREE_COLUMNS, _breakdowns("year = %s", ""), 3),
        (TREE_TREND, TREE_TREND_COLUMNS, _trend_sums("year = %s", ""), 1),
    ):
        cursor.execute(f"DELETE FROM {table} WHERE year = %s", [year])  # noqa: S608
        cursor.execute(f"INSERT INTO {table} ({columns}, n) {select}", [year] * repeat)


def forget_jurisdictions(cursor: Any, jurisdiction_ids: Collection[int]) -> None:
    """Subtract the tallies of ``jurisdiction_ids``, of every year, from the whole tree's rows: for
    jurisdictions about to be deleted (their tallies go with them, by cascade)."""
    for condition, params in in_chunks(jurisdiction_ids):
        add_to_tree(cursor, -1, f"jurisdiction_id {condition}", params)
    drop_empty_tree_rows(cursor, "year IS NOT NULL", [])


def follow_jurisdiction_deleted(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    """``pre_delete`` of a :class:`~zeren.org.models.Jurisdiction`: its tallies are deleted with it
    (by cascade, after this signal), so take them out of the whole tree's rows first."""
    with connections[using].cursor() as cursor:
        forget_jurisdictions(cursor, [instance.pk])
