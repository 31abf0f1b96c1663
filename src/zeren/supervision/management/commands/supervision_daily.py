"""``zeren supervision_daily``: the daily job of supervision tickets — escalation steps (提示 → 催办 →
约谈 → 通报) and their emails (cron, e.g. ``30 6 * * * cd /srv/zeren && .venv/bin/zeren
supervision_daily``). ``--enqueue`` hands it to the background worker instead."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from zeren.jobs.models import Job
from zeren.jobs.services import job_create
from zeren.supervision.daily import supervision_daily
from zeren.supervision.tasks import supervision_daily_task


class Command(BaseCommand):
    help = "Daily job: move overdue supervision tickets up the escalation steps and email the offices."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="run as of this date")
        parser.add_argument("--enqueue", action="store_true", help="queue it for zeren worker instead")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or timezone.localdate()
        if options["enqueue"]:
            with transaction.atomic():
                job = job_create(
                    kind=Job.Kind.REMINDERS,
                    actor=None,
                    task=supervision_daily_task,
                    params={"today": today.isoformat(), "what": "supervision"},
                )
            self.stdout.write(f"{today}: supervision job {job.pk} queued (task {job.task_id})")
            return
        result = supervision_daily(today=today)
        steps = ", ".join(f"{k} {v}" for k, v in sorted(result.escalated.items())) or "none"
        self.stdout.write(
            f"{today}: escalated {steps}; {result.emails} emails; {result.without_email} office accounts without email"
        )
