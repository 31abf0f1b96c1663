"""The holiday calendar in force: the years shipped with zeren (``zeren/packs/calendars``) and those an
administrator added (:class:`~zeren.supervision.models.HolidayYear`, which win), read by the pure core
:mod:`zeren.policy.workdays`. The warning for a year not loaded is written here, for the user."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils.translation import gettext as _

from zeren.policy.loader import raw_from_text
from zeren.policy.workdays import Answer, CalendarYear, HolidayCalendar, builtin_years, parse_year
from zeren.supervision.models import HolidayYear

_cache: dict[str, HolidayCalendar] = {}


def _stamp() -> str:
    rows = HolidayYear.objects.order_by("year").values_list("year", "added_at")
    return ";".join(f"{year}@{at.isoformat()}" for year, at in rows)


def calendar() -> HolidayCalendar:
    """The calendar of the shipped years and the added ones (rebuilt when an added year changes)."""
    stamp = _stamp()
    found = _cache.get(stamp)
    if found is None:
        added = [
            parse_text(row.text, name=f"{row.year}.yaml", expected_year=row.year) for row in HolidayYear.objects.all()
        ]
        found = HolidayCalendar([*builtin_years(), *added])
        _cache.clear()
        _cache[stamp] = found
    return found


def parse_text(text: str, *, name: str, expected_year: int | None) -> CalendarYear:
    """Check a year's file given as text (``name`` is shown in the ``file:line`` of each problem)."""
    return parse_year(raw_from_text(Path(name), text), expected_year=expected_year)


def warning(answer: Answer) -> str:
    """The user's warning for the years the calendar does not know ('' when it knows them all)."""
    if not answer.unknown_years:
        return ""
    years = "、".join(f"{year}年" for year in answer.unknown_years)
    return _("The holiday arrangements of %(years)s are not entered yet; counted by weekends only.") % {"years": years}


def add_working_days(start: dt.date, days: int) -> tuple[dt.date, str, Answer]:
    answer = calendar().add_working_days(start, days)
    assert answer.date is not None  # noqa: S101
    return answer.date, warning(answer), answer
