"""Adding a year of the holiday calendar (the administrator's ``zeren calendar_add``): checked by the
core (:func:`zeren.policy.workdays.parse_year`), stored with its text, audited."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from zeren.audit.services import record_event
from zeren.policy.loader import PackError
from zeren.policy.workdays import CalendarYear
from zeren.supervision.calendar import parse_text
from zeren.supervision.models import HolidayYear


def calendar_year_add(*, path: Path, save: bool, actor: str) -> CalendarYear:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError([f"{path}:1: 无法读取：{exc}"]) from None
    if not path.stem.isdigit():
        raise PackError([f"{path}:1: 文件名应为年份，例如 2027.yaml"])
    year = parse_text(text, name=str(path), expected_year=int(path.stem))
    if save:
        with transaction.atomic():
            row, _created = HolidayYear.objects.update_or_create(
                year=year.year,
                defaults={
                    "text": text,
                    "notice_title": year.notice.title,
                    "notice_number": year.notice.number,
                    "notice_date": year.notice.date,
                    "added_by": actor,
                },
            )
            record_event(
                actor=None,
                action="supervision.calendar.year_added",
                obj=row,
                data={
                    "year": year.year,
                    "notice": year.notice.cite,
                    "holidays": len(year.holidays),
                    "workdays": len(year.workdays),
                    "by": actor,
                },
            )
    return year
