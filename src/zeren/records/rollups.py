"""The dashboard's rollups of the stored verdicts (:class:`~zeren.records.models.ComplianceTally`,
:class:`~zeren.records.models.ComplianceTrendTally`, :class:`~zeren.records.models.ComplianceMissedTally`),
rewritten by each recompute for the jurisdictions whose verdicts it changed, so that they always
equal an aggregation of the verdicts (the dashboard reads only them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.db import connection

from zeren.records.loading import in_chunks
from zeren.records.models import ComplianceMissedTally, ComplianceRow, ComplianceTally, ComplianceTrendTally


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
        start_month, end_month = "EXTRACT(MONTH FROM period_start)::integer", "EXTRACT(MONTH FROM period_end)::integer"
        closes = "CAST(date_trunc('month', period_end) AS date)"
    else:
        start_month = "CAST(strftime('%%m', period_start) AS integer)"
        end_month = "CAST(strftime('%%m', period_end) AS integer)"
        closes = "date(period_end, 'start of month')"
    months = " UNION ALL ".join(f"SELECT {m} AS m" for m in range(1, 13))
    dims = "jurisdiction_id, role, obligation, policy_id, policy_version, status"
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for condition, params in in_chunks(jurisdiction_ids):
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
        # Each judged verdict counts in every month of the year its period covers (a quarter's in its
        # three months, a year's in twelve, an event's in the days it had), with the month its period
        # closes, so that the dashboard counts a month only with the periods closed by then. The
        # verdicts are first counted by the months they span, then each count spread over its months
        # (on SQLite too the verdicts are read once, by their index by jurisdiction and year).
        cursor.execute(
            f"INSERT INTO {trend} (year, jurisdiction_id, month, closes, status, n) "  # noqa: S608
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
    if connection.vendor == "postgresql" and len(jurisdiction_ids) > 100:
        # Fresh statistics after a large rewrite, so that the dashboard's reads are planned well.
        for table in (tally, trend, missed):
            cursor.execute(f"ANALYZE {table}")
