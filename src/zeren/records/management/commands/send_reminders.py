"""``zeren send_reminders``: the daily job (cron, e.g. ``15 6 * * * cd /srv/zeren && .venv/bin/zeren
send_reminders``). Recomputes the year's verdicts (and last year's in January: year-end rollover),
reminds officials before a period closes, escalates missed obligations one level up; removes the
evidence files kept for refused record forms that are more than a day old."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zeren.records.reminders import reminder_days, send_reminders


def _days(text: str) -> list[int]:
    try:
        days = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise CommandError(f"--days: {text!r} is not a comma-separated list of whole days, e.g. 14,3") from None
    if not days or any(d < 0 or d > 366 for d in days):
        raise CommandError(f"--days: {text!r}: each value must be between 0 and 366")
    return days


class Command(BaseCommand):
    help = "Daily job: update verdicts, remind officials before periods close, escalate missed obligations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", default=None, help="days before a period closes to remind (default 14,3)")
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="run as of this date")
        parser.add_argument("--no-recompute", action="store_true", help="do not recompute verdicts first")

    def handle(self, *args: Any, **options: Any) -> None:
        days = _days(options["days"]) if options["days"] else list(reminder_days())
        today = options["date"] or timezone.localdate()
        result = send_reminders(today=today, days_before=days, recompute=not options["no_recompute"])
        removed = result.stale_files_removed
        self.stdout.write(
            f"{today}: recomputed {result.recomputed or 'nothing'}; {result.reminders} reminders to "
            f"{result.reminded_users} officials; {result.escalations} escalations to {result.escalated_to} offices; "
            f"{result.without_email} accounts without an email address"
            + (f"; {removed} stale kept evidence files removed" if removed else "")
        )
