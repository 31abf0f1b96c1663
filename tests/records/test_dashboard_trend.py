"""The dashboard's trend weighs each month by its verdicts: a month counts every judged verdict whose
period covers it (the quarter's duties as well as an event's), so one missed event duty among many
met recurring duties moves the month by its share only, never to 0%."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from zeren.org.models import Jurisdiction
from zeren.records.models import ComplianceRow
from zeren.records.rollups import refresh_tallies
from zeren.records.selectors import dashboard

pytestmark = pytest.mark.django_db
QUARTER = (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
EVENT = (dt.date(2025, 2, 10), dt.date(2025, 2, 17))  # go to the scene of an accident within a week


def verdict(org, obligation, period, start_end, status, required=1):
    start, end = start_end
    return ComplianceRow(
        appointment=org.appointment,
        post=org.gh_post,
        person=org.official_person,
        jurisdiction=org.gh_post.body.jurisdiction,
        role="government_head",
        year=2025,
        obligation=obligation,
        activity="led_inspection",
        period=period,
        period_start=start,
        period_end=end,
        required=required,
        done=required if status == "met" else 0,
        status=status,
        policy_id="hebei-2018",
        policy_version="test",
        computed_on=dt.date(2025, 5, 2),
    )


@pytest.fixture
def month_of_many_met_and_one_missed_event(org):
    rows = [verdict(org, f"quarterly-{i}", "2025-Q1", QUARTER, "met") for i in range(19)]
    rows.append(verdict(org, "go-to-the-scene", "event:1", EVENT, "missed"))
    ComplianceRow.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        refresh_tallies(cursor, year=2025, jurisdiction_ids={org.gh_post.body.jurisdiction_id})


def trend(user, today):
    node = Jurisdiction.objects.get(code="130000")
    return {point["period"]: point for point in dashboard(user, node, 2025, today=today).trend}


def test_one_missed_event_among_met_quarterly_duties_moves_its_month_by_its_share(
    month_of_many_met_and_one_missed_event, province_office
):
    points = trend(province_office, dt.date(2025, 5, 2))
    february = points["2025-02"]
    assert (february["met"], february["closed"], february["rate"]) == (19, 20, 95.0)
    assert [(points[m]["met"], points[m]["closed"]) for m in ("2025-01", "2025-03")] == [(19, 19), (19, 19)]
    assert "2025-04" not in points  # no verdict covers April
    assert february["label"]  # the axis shows a month, e.g. 2025年2月


def test_a_month_is_judged_with_the_periods_closed_by_then(month_of_many_met_and_one_missed_event, province_office):
    """Before the quarter has closed its verdicts are not judged in its months (met early reads as 100%);
    months not ended are left out."""
    points = trend(province_office, dt.date(2025, 3, 15))
    assert sorted(points) == ["2025-02"]
    assert (points["2025-02"]["met"], points["2025-02"]["closed"]) == (0, 1)
    assert "2025-03" not in trend(province_office, dt.date(2025, 3, 31))  # March has not ended on its last day
    assert trend(province_office, dt.date(2025, 4, 1))["2025-03"]["closed"] == 19
