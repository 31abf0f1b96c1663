"""Supervision (督查督办) timing, counted in working days (:mod:`zeren.policy.workdays`).

- a supervision ticket's (督办单) escalation steps as days pass: 提示 (three working days or fewer
  before the due date), 催办 (overdue), 约谈 (five working days overdue), 通报 (ten working days
  overdue) — the practice of 交办单/督办单 read in docs/supervision.md ([S28] 提示→约谈→督办);
- a listed hazard (挂牌督办): its notice published within five working days of the listing and of the
  摘牌销号, a deadline of at most one year, an extension asked at least twenty working days before the
  deadline (青岛 3+X [S24]).

These are local practice, not the regulations' text: the numbers are constants here, each named.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zeren.policy.workdays import Answer, HolidayCalendar

STEPS = ("none", "prompt", "urge", "summon", "notify")
"""Escalation steps, in order: 无, 提示, 催办, 约谈, 通报."""
PROMPT_BEFORE = 3
SUMMON_AFTER = 5
NOTIFY_AFTER = 10

PUBLISH_WITHIN = 5
EXTENSION_BEFORE = 20


@dataclass(frozen=True, slots=True)
class Step:
    step: str
    working_days_left: int
    """Working days from today (excluded) to the due date (included); negative once overdue."""
    answer: Answer


def ticket_step(calendar: HolidayCalendar, *, due_on: dt.date, today: dt.date) -> Step:
    """The escalation step an open ticket due on ``due_on`` has reached on ``today``."""
    answer = calendar.working_days_between(today, due_on)
    left = answer.count or 0
    if today <= due_on:
        step = "prompt" if left <= PROMPT_BEFORE else "none"
    else:
        overdue = -left
        step = "notify" if overdue >= NOTIFY_AFTER else "summon" if overdue >= SUMMON_AFTER else "urge"
    return Step(step, left, answer)


def publish_due(calendar: HolidayCalendar, since: dt.date) -> Answer:
    """The last day a listing's (or a delisting's) publication is due: five working days after it."""
    return calendar.add_working_days(since, PUBLISH_WITHIN)


def extension_latest(calendar: HolidayCalendar, deadline: dt.date) -> dt.date:
    """The last day an extension of a listed hazard may be asked: twenty working days before the
    deadline (the day with exactly twenty working days after it up to the deadline, or earlier)."""
    day = deadline
    while (calendar.working_days_between(day, deadline).count or 0) < EXTENSION_BEFORE:
        day -= dt.timedelta(days=1)
    return day


def listing_deadline_ok(listed_on: dt.date, deadline: dt.date) -> bool:
    """A listed hazard's deadline: after the listing, at most one year from it."""
    try:
        limit = listed_on.replace(year=listed_on.year + 1)
    except ValueError:  # 29 February
        limit = listed_on.replace(year=listed_on.year + 1, day=28)
    return listed_on < deadline <= limit
