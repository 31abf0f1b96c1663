"""Working days by the official holiday calendar (zeren.policy.workdays): the shipped years, the
国庆 2025 case, unknown years as warnings, the file checks, and properties of the counting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zeren.policy.loader import PackError, read_yaml
from zeren.policy.supervision import extension_latest, listing_deadline_ok, publish_due, ticket_step
from zeren.policy.workdays import HolidayCalendar, builtin_years, parse_year, read_year

D = dt.date


@pytest.fixture(scope="module")
def calendar() -> HolidayCalendar:
    return HolidayCalendar(builtin_years())


def test_the_shipped_years_load_with_their_notices(calendar):
    assert calendar.known_years == [2024, 2025, 2026]
    notice = calendar.years[2025].notice
    assert notice.number == "国办发明电〔2024〕12号"
    assert notice.date == D(2024, 11, 12)
    assert calendar.years[2024].notice.number == "国办发明电〔2023〕7号"


def test_guoqing_2025_is_off_and_its_saturday_and_sunday_are_worked(calendar):
    for day in range(1, 9):
        info = calendar.day(D(2025, 10, day))
        assert not info.working and info.reason == "holiday" and info.name == "国庆节、中秋节"
        assert info.notice is not None and info.notice.number == "国办发明电〔2024〕12号"
    for worked in (D(2025, 9, 28), D(2025, 10, 11)):
        info = calendar.day(worked)
        assert worked.weekday() >= 5 and info.working and info.reason == "adjusted_workday"
    assert not calendar.day(D(2025, 10, 12)).working  # an ordinary Sunday


def test_ten_working_days_from_26_september_2025_skip_guoqing(calendar):
    answer = calendar.add_working_days(D(2025, 9, 26), 10)
    # 9/28 (周日上班), 9/29, 9/30, 10/9, 10/10, 10/11 (周六上班), 10/13, 10/14, 10/15, 10/16
    assert answer.date == D(2025, 10, 16)
    assert [d.day for d in answer.adjusted] == [D(2025, 9, 28), D(2025, 10, 11)]
    assert len(answer.skipped) == 8
    assert answer.certain


def test_a_day_beyond_the_known_years_is_a_warning_not_a_silent_guess(calendar):
    answer = calendar.add_working_days(D(2026, 12, 28), 10)
    assert answer.unknown_years == (2027,)
    assert not answer.certain
    assert answer.date == D(2027, 1, 11)  # by the weekend alone: 12/29–31, 1/1, 1/4–8, 1/11
    assert calendar.is_working_day(D(2027, 10, 1)).unknown_years == (2027,)
    assert calendar.is_working_day(D(2025, 10, 1)).unknown_years == ()


def test_ticket_steps_as_days_pass(calendar):
    due = D(2025, 10, 16)
    assert ticket_step(calendar, due_on=due, today=D(2025, 9, 26)).step == "none"
    assert ticket_step(calendar, due_on=due, today=D(2025, 10, 13)).step == "prompt"
    assert ticket_step(calendar, due_on=due, today=D(2025, 10, 17)).step == "urge"
    assert ticket_step(calendar, due_on=due, today=D(2025, 10, 23)).step == "summon"
    assert ticket_step(calendar, due_on=due, today=D(2025, 10, 30)).step == "notify"


def test_listed_hazard_timing(calendar):
    assert publish_due(calendar, D(2025, 9, 26)).date == D(2025, 10, 10)
    latest = extension_latest(calendar, D(2025, 12, 31))
    assert calendar.working_days_between(latest, D(2025, 12, 31)).count == 20
    assert calendar.working_days_between(latest + dt.timedelta(days=1), D(2025, 12, 31)).count == 19
    assert listing_deadline_ok(D(2025, 3, 1), D(2026, 3, 1))
    assert not listing_deadline_ok(D(2025, 3, 1), D(2026, 3, 2))
    assert not listing_deadline_ok(D(2025, 3, 1), D(2025, 3, 1))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bad_file_is_refused_with_each_problem_and_its_line(tmp_path):
    path = _write(
        tmp_path,
        "2027.yaml",
        "year: 2027\n"
        "notice:\n  title: 随便什么\n  number: x\n  date: 2026-11-01\n"
        "holidays:\n- {name: 国庆节, from: 2027-10-07, to: 2027-10-01}\n"
        "workdays:\n- {date: 2027-10-13, for: 国庆节}\n",
    )
    with pytest.raises(PackError) as caught:
        read_year(path)
    problems = caught.value.problems
    assert any(p.startswith(f"{path}:3:") and "标题" in p for p in problems)
    assert any(p.startswith(f"{path}:7:") and "早于起日" in p for p in problems)
    assert any(p.startswith(f"{path}:9:") and "星期三" in p for p in problems)


def test_the_file_name_must_be_its_year(tmp_path):
    shipped = Path(__file__).resolve().parents[2] / "src/zeren/packs/calendars/2025.yaml"
    path = _write(tmp_path, "2028.yaml", shipped.read_text(encoding="utf-8"))
    with pytest.raises(PackError, match="文件名是 2028 年"):
        read_year(path)


def test_a_good_new_year_loads(tmp_path):
    path = _write(
        tmp_path,
        "2027.yaml",
        "year: 2027\nnotice: {title: 国务院办公厅关于2027年部分节假日安排的通知, number: '', date: 2026-11-01}\n"
        "holidays:\n- {name: 国庆节, from: 2027-10-01, to: 2027-10-07}\nworkdays:\n- {date: 2027-09-26, for: 国庆节}\n",
    )
    year = parse_year(read_yaml(path), expected_year=2027)
    assert D(2027, 9, 26) in year.workdays and len(year.holidays) == 7


dates = st.dates(min_value=D(2023, 6, 1), max_value=D(2027, 6, 30))


@settings(max_examples=200, deadline=None)
@given(start=dates, n=st.integers(min_value=0, max_value=300))
def test_adding_then_counting_gives_back_n(calendar, start, n):
    answer = calendar.add_working_days(start, n)
    assert answer.date is not None
    assert calendar.working_days_between(start, answer.date).count == n
    if n:
        assert calendar.day(answer.date).working
        assert answer.date > start


@settings(max_examples=200, deadline=None)
@given(a=dates, b=dates, c=dates)
def test_counting_is_additive_and_antisymmetric(calendar, a, b, c):
    ab = calendar.working_days_between(a, b).count
    bc = calendar.working_days_between(b, c).count
    assert calendar.working_days_between(a, c).count == ab + bc
    assert calendar.working_days_between(b, a).count == -ab


@settings(max_examples=200, deadline=None)
@given(start=dates, n=st.integers(min_value=1, max_value=200))
def test_more_working_days_never_end_earlier_and_holidays_are_never_deadlines(calendar, start, n):
    one, more = calendar.add_working_days(start, n), calendar.add_working_days(start, n + 1)
    assert one.date is not None and more.date is not None and more.date > one.date
    assert calendar.day(one.date).reason != "holiday"
    walked = {(start + dt.timedelta(days=k)).year for k in range(1, (one.date - start).days + 1)}
    assert set(one.unknown_years) == walked - set(calendar.known_years)
