"""``zeren rerun_job ID [--force]``: run a background job again after its worker died (kill -9, a
power cut). Without ``--force`` only a job that failed, or that has shown no progress for 15
minutes, runs again; with it, any job not done (when you know its worker is gone)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zeren.jobs.models import Job
from zeren.jobs.services import job_rerun
from zeren.problems import Problems


class Command(BaseCommand):
    help = "Enqueue a background job again (its work is all or nothing, or converges)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job_id", type=int)
        parser.add_argument("--force", action="store_true", help="even if it does not look lost")

    def handle(self, *args: Any, **options: Any) -> None:
        job = Job.objects.filter(pk=options["job_id"]).first()
        if job is None:
            raise CommandError(_("No background job %(id)s.") % {"id": options["job_id"]})
        try:
            job = job_rerun(job=job, actor=None, force=options["force"])
        except Problems as refused:
            raise CommandError(refused.message) from None
        self.stdout.write(_("Job %(id)s is queued again (task %(task)s).") % {"id": job.pk, "task": job.task_id})
