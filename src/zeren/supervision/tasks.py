"""zeren.supervision's background task (Django's tasks API, run by ``zeren worker``): the daily job of
``zeren supervision_daily`` for a scheduler that enqueues it (``zeren supervision_daily --enqueue``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django_tasks import task

from zeren.jobs.models import Job
from zeren.jobs.services import Progress, job_run
from zeren.supervision.daily import supervision_daily


@task()
def supervision_daily_task(job_id: int) -> dict[str, Any]:
    return job_run(job_id=job_id, work=_daily)


def _daily(job: Job, progress: Progress) -> dict[str, Any]:
    progress("tickets", 0, 1)
    result = supervision_daily(today=dt.date.fromisoformat(job.params["today"]))
    progress("tickets", 1, 1)
    return dataclasses.asdict(result)
