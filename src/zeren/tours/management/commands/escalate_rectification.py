"""``zeren escalate_rectification [--date YYYY-MM-DD]``: the daily job of the rectification items —
escalate the overdue ones one level up and remind that level's office (zeren.tours.reminders). Run it
from cron, e.g. ``20 6 * * * cd /srv/zeren && .venv/bin/zeren escalate_rectification``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from zeren.tours.reminders import escalate_and_remind


class Command(BaseCommand):
    help = "Escalate overdue rectification items one level up and remind that level's office."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="run as of this date")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or timezone.localdate()
        result = escalate_and_remind(today=today)
        self.stdout.write(
            f"{today}: {result.escalated} items escalated; {result.reminded} reminders to {result.offices} offices"
            f" ({result.without_email} without email)"
        )
