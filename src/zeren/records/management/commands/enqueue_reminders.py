"""``zeren enqueue_reminders``: hand the daily job of ``zeren send_reminders`` to the background worker
(``zeren worker``) instead of running it in the scheduler's process — e.g. from cron,
``15 6 * * * cd /srv/zeren && .venv/bin/zeren enqueue_reminders``. Same options; the job's result
(the counts ``send_reminders`` prints) is kept with the job."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from zeren.jobs.models import Job
from zeren.jobs.services import job_create
from zeren.records.management.commands.send_reminders import _days
from zeren.records.reminders import reminder_days
from zeren.records.tasks import send_reminders_task


class Command(BaseCommand):
    help = "Enqueue the daily job (verdicts, reminders, escalations) for the background worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", default=None, help="days before a period closes to remind (default 14,3)")
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="run as of this date")
        parser.add_argument("--no-recompute", action="store_true", help="do not recompute verdicts first")

    def handle(self, *args: Any, **options: Any) -> None:
        days = _days(options["days"]) if options["days"] else list(reminder_days())
        today = options["date"] or timezone.localdate()
        params = {"today": today.isoformat(), "days": days, "recompute": not options["no_recompute"]}
        with transaction.atomic():
            job = job_create(kind=Job.Kind.REMINDERS, actor=None, task=send_reminders_task, params=params)
        self.stdout.write(f"{today}: reminders job {job.pk} queued (task {job.task_id})")
