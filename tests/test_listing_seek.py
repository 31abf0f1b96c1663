"""Seek paging by year windows (zeren.listing.SeekPage, ``by_year``): the windows cover every date once,
in reading order; and a list paged window by window — forward with ``after``, back with ``before`` —
shows exactly the rows, in exactly the order, of the plain single query."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zeren.listing import SeekPage, year_windows

days = st.dates(min_value=dt.date(2008, 1, 1), max_value=dt.date(2027, 12, 31))


def window_of(day, windows):
    return [i for i, (lo, hi) in enumerate(windows) if (lo is None or lo <= day) and (hi is None or day < hi)]


@given(start=days, edge=days, probe=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_every_date_is_in_exactly_one_window(start, edge, probe):
    for newest_first in (True, False):
        windows = year_windows(start, edge, newest_first=newest_first)
        assert len(window_of(probe, windows)) == 1, (windows, probe)


@given(start=days, edge=days)
def test_the_windows_come_in_reading_order_from_the_start_year_and_the_last_is_open(start, edge):
    older = year_windows(start, edge, newest_first=True)
    assert older[0][1] is None and older[-1][0] is None  # from the newest, down to the unbounded oldest
    assert older[0][0] in (None, dt.date(start.year, 1, 1))
    for (lo, _hi), (_lo2, hi2) in itertools.pairwise(older):
        assert hi2 == lo  # contiguous, each older than the one before
    newer = year_windows(start, edge, newest_first=False)
    assert newer[0][0] is None and newer[-1][1] is None
    assert newer[0][1] in (None, dt.date(start.year + 1, 1, 1))
    for (_lo, hi), (lo2, _hi2) in itertools.pairwise(newer):
        assert lo2 == hi
    # the widths double, so ten years take a handful of windows, not ten
    assert len(older) <= 6 and len(newer) <= 6


def test_a_start_outside_the_table_is_one_open_window():
    assert year_windows(dt.date(2020, 5, 1), dt.date(2024, 1, 1), newest_first=True) == [(None, None)]
    assert year_windows(dt.date(2025, 5, 1), dt.date(2024, 1, 1), newest_first=False) == [(None, None)]


def pages(queryset, size, *, by_year):
    """Every page forward from the first, then every page back from the last: their rows' ids."""
    forward, page = [], SeekPage.of(queryset, date_field="occurred_on", size=size, by_year=by_year)
    forward.append([r.pk for r in page.rows])
    while page.next_cursor is not None:
        page = SeekPage.of(queryset, date_field="occurred_on", size=size, after=str(page.next_cursor), by_year=by_year)
        forward.append([r.pk for r in page.rows])
    backward = []
    while page.previous_cursor is not None:
        page = SeekPage.of(
            queryset, date_field="occurred_on", size=size, before=str(page.previous_cursor), by_year=by_year
        )
        backward.append(([r.pk for r in page.rows], page.first))
    return forward, backward


records = st.lists(st.tuples(days, st.booleans()), max_size=40)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=records, size=st.integers(min_value=1, max_value=7))
def test_paging_by_year_shows_the_rows_of_the_single_query(world, office_a, drawn, size):
    from zeren.records.models import PerformanceRecord

    with transaction.atomic():
        PerformanceRecord.objects.bulk_create(
            PerformanceRecord(
                activity="led_inspection",
                occurred_on=day,
                jurisdiction=world.county_a if mine else world.county_b,
                created_by=office_a,
            )
            for day, mine in drawn
        )
        # a filter the (date, id) index does not serve, as a county's list is
        county = PerformanceRecord.objects.filter(jurisdiction=world.county_a)
        expected = list(county.order_by("-occurred_on", "-pk").values_list("pk", flat=True))
        plain, plain_back = pages(county, size, by_year=False)
        windowed, windowed_back = pages(county, size, by_year=True)
        assert windowed == plain
        assert windowed_back == plain_back
        assert [pk for page in windowed for pk in page] == expected
        if len(windowed) > 1:  # back from the last page, the first page is reached and says so
            assert windowed_back[-1] == (windowed[0], True)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_an_empty_table_is_an_empty_page():
    from zeren.records.models import PerformanceRecord

    page = SeekPage.of(PerformanceRecord.objects.all(), date_field="occurred_on", size=5, by_year=True)
    assert page.rows == [] and page.next_cursor is None and page.first
