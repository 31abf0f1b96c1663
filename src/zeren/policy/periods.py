"""Calendar periods: month, quarter, half-year, year, two years (docs/contracts.md ids), and cycles of N
whole years anchored on a start year (kind ``years:N@YYYY``, ids ``2018/2020``).

Periods follow the calendar year (China's fiscal year is the calendar year). A period includes its
first and last day: a record on 30 June counts in 2025-Q2 and 2025-H1. Two-year periods start in
odd years (2025/2026, 2027/2028), the cycle of 河北's 巡查 since the regulation's first full cycle.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_YEAR = re.compile(r"^(\d{4})$")
_TWO = re.compile(r"^(\d{4})/(\d{4})$")
_YEARS_KIND = re.compile(r"^years:([1-9][0-9]*)@([0-9]{4})$")
"""N-year cycles anchored on a start year: ``years:3@2018`` → 2018/2020, 2021/2023, …"""


@dataclass(frozen=True, slots=True, order=True)
class Period:
    start: dt.date
    end: dt.date
    """Inclusive."""
    kind: str
    id: str

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_of(kind: str, day: dt.date) -> Period:
    """The period of ``kind`` that contains ``day``."""
    y, m = day.year, day.month
    if kind == "month":
        return Period(dt.date(y, m, 1), _last_day(y, m), kind, f"{y}-{m:02d}")
    if kind == "quarter":
        q = (m - 1) // 3 + 1
        return Period(dt.date(y, 3 * q - 2, 1), _last_day(y, 3 * q), kind, f"{y}-Q{q}")
    if kind == "half_year":
        h = 1 if m <= 6 else 2
        return Period(dt.date(y, 6 * h - 5, 1), _last_day(y, 6 * h), kind, f"{y}-H{h}")
    if kind == "year":
        return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), kind, str(y))
    if kind == "two_years":
        first = y if y % 2 == 1 else y - 1
        return Period(dt.date(first, 1, 1), dt.date(first + 1, 12, 31), kind, f"{first}/{first + 1}")
    if cycle := _YEARS_KIND.match(kind):
        # N whole years in cycles anchored on a stated start year (a pack's every: {years: N, anchor: YYYY})
        years, anchor = int(cycle.group(1)), int(cycle.group(2))
        first = anchor + (y - anchor) // years * years
        last = first + years - 1
        return Period(dt.date(first, 1, 1), dt.date(last, 12, 31), kind, f"{first}/{last}" if years > 1 else str(first))
    raise ValueError(f"unknown period kind {kind!r}")


def periods_between(kind: str, start: dt.date, end: dt.date) -> list[Period]:
    """Every period of ``kind`` that overlaps [start, end], in order."""
    periods: list[Period] = []
    day = start
    while day <= end:
        period = period_of(kind, day)
        periods.append(period)
        day = period.end + dt.timedelta(days=1)
    return periods


def parse_period(text: str) -> Period:
    """The period named by an id (``2025-01``, ``2025-Q1``, ``2025-H1``, ``2025``, ``2025/2026``)."""
    if m := _MONTH.match(text):
        return period_of("month", dt.date(int(m.group(1)), int(m.group(2)), 1))
    if m := _QUARTER.match(text):
        return period_of("quarter", dt.date(int(m.group(1)), 3 * int(m.group(2)) - 2, 1))
    if m := _HALF.match(text):
        return period_of("half_year", dt.date(int(m.group(1)), 6 * int(m.group(2)) - 5, 1))
    if m := _YEAR.match(text):
        return period_of("year", dt.date(int(m.group(1)), 1, 1))
    if m := _TWO.match(text):
        first, second = int(m.group(1)), int(m.group(2))
        if second != first + 1 or first % 2 == 0:
            raise ValueError(f"not a two-year period: {text!r} (they run odd/even, e.g. 2025/2026)")
        return period_of("two_years", dt.date(first, 1, 1))
    raise ValueError(f"not a period id: {text!r} (e.g. 2025-01, 2025-Q1, 2025-H1, 2025, 2025/2026)")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months; a day past the end of the target month falls on its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def judging_year(start: dt.date, end: dt.date) -> int:
    """The year that judges the period [start, end]: the year it ends. A two-year period
    (2025/2026) is judged in 2026, on the records of both years; it has no verdict in 2025."""
    return end.year


def years_spanned(start: dt.date, end: dt.date) -> range:
    """The calendar years the period [start, end] reaches into."""
    return range(start.year, end.year + 1)
