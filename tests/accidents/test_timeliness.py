"""Reporting timeliness from the core: county within 1 hour, each level above within 2 more."""

import pytest

from accidents.factories import at, register
from zeren.accidents.services import accident_set_report
from zeren.problems import Problems

pytestmark = pytest.mark.django_db


def test_no_report_times_means_unknown(office_a, wujin):
    assert register(office_a, wujin.jurisdiction, deaths=1).timeliness == "unknown"


def test_reports_within_the_deadlines_are_on_time(office_a, wujin):
    accident = register(
        office_a,
        wujin.jurisdiction,
        deaths=1,
        occurred_at=at("2025-05-03 09:10"),
        reports={"county": at("2025-05-03 09:50"), "city": at("2025-05-03 11:00")},
    )
    assert accident.timeliness == "on_time"


def test_a_late_county_report_is_late(office_a, wujin):
    accident = register(
        office_a,
        wujin.jurisdiction,
        deaths=1,
        occurred_at=at("2025-05-03 09:10"),
        reports={"county": at("2025-05-03 11:30"), "city": at("2025-05-03 12:00")},
    )
    assert accident.timeliness == "late"
    rows = {r["level"]: r["status"] for r in accident.verdict["reports"]}
    assert rows == {"county": "late", "city": "on_time"}


def test_a_missing_level_is_not_reported(office_a, wujin):
    accident = register(
        office_a,
        wujin.jurisdiction,
        deaths=3,
        occurred_at=at("2025-05-03 09:10"),
        reports={"county": at("2025-05-03 09:30"), "city": at("2025-05-03 10:30")},
    )
    assert accident.timeliness == "not_reported"  # a 较大 accident must reach the province


def test_entering_a_report_time_later_rechecks_timeliness(office_a, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=1, occurred_at=at("2025-05-03 09:10"))
    accident_set_report(actor=office_a, accident=accident, level="county", at=at("2025-05-03 09:20"))
    accident = accident_set_report(actor=office_a, accident=accident, level="city", at=at("2025-05-03 13:00"))
    assert accident.timeliness == "late"


def test_a_report_before_the_accident_is_refused(office_a, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=1, occurred_at=at("2025-05-03 09:10"))
    with pytest.raises(Problems):
        accident_set_report(actor=office_a, accident=accident, level="county", at=at("2025-05-03 08:00"))
    assert accident.reports.count() == 0
