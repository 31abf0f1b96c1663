"""Period arithmetic: calendar months, quarters, halves, years and two-year cycles."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zeren.policy.periods import add_months, parse_period, period_of, periods_between
from zeren.policy.vocabulary import PERIOD_KINDS

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
kinds = st.sampled_from(PERIOD_KINDS)


def test_the_last_day_of_a_quarter_is_in_that_quarter() -> None:
    assert period_of("quarter", dt.date(2025, 6, 30)).id == "2025-Q2"
    assert period_of("quarter", dt.date(2025, 7, 1)).id == "2025-Q3"


def test_ids_follow_the_contract() -> None:
    day = dt.date(2025, 2, 11)
    assert [period_of(k, day).id for k in PERIOD_KINDS] == ["2025-02", "2025-Q1", "2025-H1", "2025", "2025/2026"]
    assert period_of("two_years", dt.date(2026, 5, 1)).id == "2025/2026"


def test_it_refuses_a_malformed_period_id() -> None:
    for bad in ("2025-13", "2025-Q5", "2025-H3", "25", "2026/2027", "2025/2027", "Q1-2025"):
        with pytest.raises(ValueError, match="period"):
            parse_period(bad)


def test_month_ends_clamp_when_adding_months() -> None:
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2025, 3, 1), 24) == dt.date(2027, 3, 1)


@given(kinds, days)
def test_a_period_contains_its_day_and_round_trips_through_its_id(kind: str, day: dt.date) -> None:
    period = period_of(kind, day)
    assert period.contains(day)
    assert parse_period(period.id) == period


@given(kinds, days, st.integers(min_value=0, max_value=2000))
def test_periods_between_tile_the_range_without_gaps(kind: str, start: dt.date, length: int) -> None:
    end = start + dt.timedelta(days=length)
    periods = periods_between(kind, start, end)
    assert periods[0].contains(start)
    assert periods[-1].contains(end)
    for before, after in itertools.pairwise(periods):
        assert after.start == before.end + dt.timedelta(days=1)


@given(days, st.integers(min_value=1, max_value=120))
def test_adding_months_always_moves_forward(day: dt.date, months: int) -> None:
    later = add_months(day, months)
    assert later > day
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
