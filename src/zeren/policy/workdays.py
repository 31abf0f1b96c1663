"""Working days (工作日) by the official holiday calendar: the 国务院办公厅 notice of each year's
holidays (节假日安排) with its adjusted working days (调休上班的周六、周日).

The calendar is data: one YAML file per year (``zeren/packs/calendars/2025.yaml``), each giving the
notice (title, 文号, date) that every listed day rests on. An administrator adds a new year when its
notice is published (``zeren calendar_add``); :func:`parse_year` checks a file and reports every
problem as ``file:line: message``.

A day of a year whose notice is not loaded is judged by the weekend alone, and every answer that
looked at such a day says so (``unknown_years``): the page shows it as a warning, never as a silent
guess.

Counting (the reading used for every deadline "N 个工作日内"): the deadline is the N-th working day
after the start day; the start day itself is not counted (期间开始之日不计算在期间内).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zeren.policy.loader import PackError, RawPack, read_yaml, search_path, yaml_files

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "packs" / "calendars"
MAX_WORKING_DAYS = 3660
"""The most working days one question may count (about fourteen years): a bound, not a rule."""


@dataclass(frozen=True, slots=True)
class Notice:
    """The 国务院办公厅 notice a year's days rest on. ``number`` (文号) may be empty when it could not
    be verified; the title and the date never are."""

    title: str
    number: str
    date: dt.date

    @property
    def cite(self) -> str:
        when = f"{self.date.year}年{self.date.month}月{self.date.day}日"
        return f"《{self.title}》（{self.number}，{when}）" if self.number else f"《{self.title}》（{when}）"


@dataclass(frozen=True, slots=True)
class CalendarYear:
    year: int
    notice: Notice
    holidays: dict[dt.date, str]
    """放假日 → the holiday's name."""
    workdays: dict[dt.date, str]
    """调休上班日 (a Saturday or Sunday worked) → the holiday it makes up for."""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Day:
    """What the calendar says of one day: working or not, and why."""

    day: dt.date
    working: bool
    reason: str
    """``weekday``, ``weekend``, ``holiday`` (放假), ``adjusted_workday`` (调休上班)."""
    name: str = ""
    """The holiday's name for a holiday or an adjusted working day."""
    notice: Notice | None = None
    known: bool = True
    """False: the year's notice is not loaded; the day was judged by the weekend alone."""


@dataclass(frozen=True, slots=True)
class Answer:
    """A date or a count with what it rests on: the holidays skipped, the adjusted working days
    counted, and the years the calendar does not know (each a warning for the user)."""

    date: dt.date | None = None
    count: int | None = None
    working: bool | None = None
    skipped: tuple[Day, ...] = ()
    adjusted: tuple[Day, ...] = ()
    unknown_years: tuple[int, ...] = ()
    notices: tuple[Notice, ...] = field(default=())

    @property
    def certain(self) -> bool:
        return not self.unknown_years


class HolidayCalendar:
    """The holiday calendar of the years given (a later year given twice replaces the earlier)."""

    def __init__(self, years: Iterable[CalendarYear]) -> None:
        self.years: dict[int, CalendarYear] = {}
        for year in years:
            self.years[year.year] = year
        self._days: dict[dt.date, tuple[bool, str, str, Notice]] = {}
        for year in sorted(self.years.values(), key=lambda y: y.year):
            for day, name in year.holidays.items():
                self._days[day] = (False, "holiday", name, year.notice)
            for day, name in year.workdays.items():
                self._days[day] = (True, "adjusted_workday", name, year.notice)

    @property
    def known_years(self) -> list[int]:
        return sorted(self.years)

    def day(self, day: dt.date) -> Day:
        found = self._days.get(day)
        if found is not None:
            working, reason, name, notice = found
            return Day(day, working, reason, name, notice)
        known = day.year in self.years
        weekend = day.weekday() >= 5
        of_year = self.years[day.year].notice if known else None
        return Day(day, not weekend, "weekend" if weekend else "weekday", notice=of_year, known=known)

    def is_working_day(self, day: dt.date) -> Answer:
        info = self.day(day)
        return Answer(
            date=day,
            working=info.working,
            skipped=() if info.working or info.reason != "holiday" else (info,),
            adjusted=(info,) if info.reason == "adjusted_workday" else (),
            unknown_years=() if info.known else (day.year,),
            notices=(info.notice,) if info.notice is not None else (),
        )

    def _walk(self, start: dt.date, step: int) -> Iterator[Day]:
        day = start
        while True:
            day = day + dt.timedelta(days=step)
            yield self.day(day)

    def add_working_days(self, start: dt.date, days: int) -> Answer:
        """The ``days``-th working day after ``start`` (``start`` not counted; 0: ``start`` itself)."""
        if days < 0 or days > MAX_WORKING_DAYS:
            raise ValueError(f"working days must be between 0 and {MAX_WORKING_DAYS}, not {days}")
        seen: list[Day] = []
        counted = 0
        end = start
        if days:
            for info in self._walk(start, 1):
                seen.append(info)
                if info.working:
                    counted += 1
                    if counted == days:
                        end = info.day
                        break
        return self._answer(seen, date=end, count=days)

    def working_days_between(self, start: dt.date, end: dt.date) -> Answer:
        """How many working days after ``start`` up to and including ``end`` (negative when ``end``
        is before ``start``: the working days from ``end`` excluded to ``start`` included)."""
        if abs((end - start).days) > MAX_WORKING_DAYS * 2:
            raise ValueError("the two dates are too far apart to count working days between them")
        low, high, sign = (start, end, 1) if end >= start else (end, start, -1)
        seen = [self.day(low + dt.timedelta(days=i)) for i in range(1, (high - low).days + 1)]
        count = sum(1 for info in seen if info.working)
        return self._answer(seen, date=end, count=sign * count)

    def _answer(self, seen: list[Day], *, date: dt.date, count: int) -> Answer:
        notices = tuple(dict.fromkeys(info.notice for info in seen if info.notice is not None))
        return Answer(
            date=date,
            count=count,
            skipped=tuple(info for info in seen if info.reason == "holiday"),
            adjusted=tuple(info for info in seen if info.reason == "adjusted_workday"),
            unknown_years=tuple(sorted({info.day.year for info in seen if not info.known})),
            notices=notices,
        )


# --------------------------------------------------------------------------- the files


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def parse_year(raw: RawPack, *, expected_year: int | None = None) -> CalendarYear:
    """Check one year's file (read by :func:`zeren.policy.loader.read_yaml`) and return its calendar.
    Every problem is reported (``file:line: message``, in Chinese: the administrator reads them);
    a file with any problem raises :class:`PackError`."""
    data = raw.data
    problems: list[str] = []

    def bad(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(f"{raw.where(loc)}: {message}")

    for key in sorted(set(data) - {"year", "notice", "holidays", "workdays"}):
        bad((key,), f"不认识的项“{key}”；只能有 year、notice、holidays、workdays")
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        bad(("year",), "year 应为 2000 至 2100 之间的年份，例如 year: 2027")
        year = None
    elif expected_year is not None and year != expected_year:
        bad(("year",), f"文件名是 {expected_year} 年，内容却是 {year} 年")
    notice_data = data.get("notice")
    notice: Notice | None = None
    if not isinstance(notice_data, dict):
        bad(("notice",), "缺少 notice（通知的 title 标题、number 文号、date 发布日期）")
    else:
        title = notice_data.get("title")
        number = notice_data.get("number", "")
        when = _date(notice_data.get("date"))
        for key in sorted(set(notice_data) - {"title", "number", "date"}):
            bad(("notice", key), f"notice 中不认识的项“{key}”")
        if not isinstance(title, str) or "节假日安排" not in title:
            bad(("notice", "title"), "notice.title 应为通知的标题，例如“国务院办公厅关于2027年部分节假日安排的通知”")
        if not isinstance(number, str):
            bad(("notice", "number"), 'notice.number（文号）应为文字，例如“国办发明电〔2026〕X号”；未能核实时写 ""')
        if when is None:
            bad(("notice", "date"), "notice.date 应为通知的发布日期，格式 YYYY-MM-DD")
        elif year is not None and when.year > year:
            bad(("notice", "date"), f"通知发布于 {when.isoformat()}，晚于它安排的 {year} 年")
        if isinstance(title, str) and isinstance(number, str) and when is not None:
            notice = Notice(title.strip(), number.strip(), when)
    holidays: dict[dt.date, str] = {}
    workdays: dict[dt.date, str] = {}
    items = data.get("holidays")
    if not isinstance(items, list) or not items:
        bad(("holidays",), "缺少 holidays（每个假日一项：name 名称、from 起、to 止）")
        items = []
    for index, item in enumerate(items):
        loc: tuple[str | int, ...] = ("holidays", index)
        if not isinstance(item, dict):
            bad(loc, "每个假日写作 {name: 国庆节, from: YYYY-MM-DD, to: YYYY-MM-DD}")
            continue
        name, start, end = item.get("name"), _date(item.get("from")), _date(item.get("to"))
        for key in sorted(set(item) - {"name", "from", "to"}):
            bad((*loc, key), f"假日中不认识的项“{key}”")
        if not isinstance(name, str) or not name.strip():
            bad((*loc, "name"), "假日缺少名称 name")
            name = ""
        if start is None or end is None:
            bad(loc, "假日的 from 和 to 都应为日期，格式 YYYY-MM-DD")
            continue
        if end < start:
            bad((*loc, "to"), f"{name}：止日 {end.isoformat()} 早于起日 {start.isoformat()}")
            continue
        if (end - start).days > 15:
            bad((*loc, "to"), f"{name}：连续放假 {(end - start).days + 1} 天，超过通知中任何假期的长度，请核对")
            continue
        if year is not None and not (_in_year(start, year) and _in_year(end, year)):
            bad(loc, f"{name}：日期不在 {year} 年内（只允许元旦假期从上一年12月下旬开始）")
            continue
        day = start
        while day <= end:
            if day in holidays:
                bad(loc, f"{day.isoformat()} 已列为“{holidays[day]}”的放假日，不能重复")
            holidays[day] = name.strip()
            day += dt.timedelta(days=1)
    items = data.get("workdays", [])
    if not isinstance(items, list):
        bad(("workdays",), "workdays 应为调休上班日的列表（没有调休时写 workdays: []）")
        items = []
    for index, item in enumerate(items):
        loc = ("workdays", index)
        if not isinstance(item, dict):
            bad(loc, "每个调休上班日写作 {date: YYYY-MM-DD, for: 国庆节}")
            continue
        day_ = _date(item.get("date"))
        name = item.get("for")
        for key in sorted(set(item) - {"date", "for"}):
            bad((*loc, key), f"调休上班日中不认识的项“{key}”")
        if day_ is None:
            bad((*loc, "date"), "调休上班日的 date 应为日期，格式 YYYY-MM-DD")
            continue
        if not isinstance(name, str) or not name.strip():
            bad((*loc, "for"), f"{day_.isoformat()}：写明为哪个假日调休（for）")
            name = ""
        if day_.weekday() < 5:
            weekday = "一二三四五"[day_.weekday()]
            bad((*loc, "date"), f"{day_.isoformat()} 是星期{weekday}，本来就是工作日；调休上班日只能是周六或周日")
            continue
        if year is not None and not _in_year(day_, year):
            bad((*loc, "date"), f"{day_.isoformat()} 不在 {year} 年内")
            continue
        if day_ in holidays:
            bad((*loc, "date"), f"{day_.isoformat()} 已列为放假日，不能同时是调休上班日")
            continue
        if day_ in workdays:
            bad((*loc, "date"), f"{day_.isoformat()} 重复列出")
        workdays[day_] = name.strip()
    if problems:
        raise PackError(problems)
    assert year is not None and notice is not None
    return CalendarYear(year, notice, holidays, workdays, str(raw.path))


def _in_year(day: dt.date, year: int) -> bool:
    return day.year == year or (day.year == year - 1 and day.month == 12 and day.day >= 25)


def read_year(path: Path) -> CalendarYear:
    """Read and check one year's file; the file's name (``2027.yaml``) must be its year."""
    raw = read_yaml(path)
    expected = int(path.stem) if path.stem.isdigit() else None
    if expected is None:
        raise PackError([f"{path}:1: 文件名应为年份，例如 2027.yaml"])
    return parse_year(raw, expected_year=expected)


def builtin_years(directories: list[Path] | None = None) -> list[CalendarYear]:
    """The years shipped with zeren (and those in ``ZEREN_CALENDARS`` directories, which win)."""
    found = yaml_files(directories if directories is not None else search_path("ZEREN_CALENDARS", BUILTIN_DIR))
    return [read_year(path) for _stem, path in sorted(found.items())]
