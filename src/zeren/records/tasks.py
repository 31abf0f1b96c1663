"""zeren.records' background tasks (Django's tasks API, run by ``zeren worker``): another interface
to the same services, with no logic of their own.

* :data:`recompute_compliance`: the recompute the trigger (:mod:`zeren.records.triggers`) leaves to
  the background for a large scope;
* :data:`send_reminders_task`: the daily job of ``zeren send_reminders``, for a scheduler that
  enqueues (``zeren enqueue_reminders``) rather than runs it;
* :data:`overdue_workbook_task`: the overdue list (.xlsx) of a large subtree — a province's runs
  to hundreds of thousands of rows — made in the background and offered on the job's page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django_tasks import task

from zeren.jobs.models import Job
from zeren.jobs.services import Progress, job_attach, job_run
from zeren.problems import Problems
from zeren.records.exports import overdue_workbook
from zeren.records.reminders import send_reminders
from zeren.records.selectors import overdue_rows
from zeren.records.triggers import recompute_scope

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@task()
def recompute_compliance(job_id: int) -> dict[str, Any]:
    return job_run(job_id=job_id, work=_recompute)


def _recompute(job: Job, progress: Progress) -> dict[str, Any]:
    return recompute_scope(
        post_ids=job.params.get("post_ids", []),
        jurisdiction_ids=job.params.get("jurisdiction_ids", []),
        years=job.params["years"],
        progress=progress,
    )


@task()
def send_reminders_task(job_id: int) -> dict[str, Any]:
    return job_run(job_id=job_id, work=_reminders)


def _reminders(job: Job, progress: Progress) -> dict[str, Any]:
    progress("reminders", 0, 1)
    result = send_reminders(
        today=dt.date.fromisoformat(job.params["today"]),
        days_before=job.params.get("days") or None,
        recompute=job.params.get("recompute", True),
    )
    return dataclasses.asdict(result)


@task()
def overdue_workbook_task(job_id: int) -> dict[str, Any]:
    return job_run(job_id=job_id, work=_overdue)


def _overdue(job: Job, progress: Progress) -> dict[str, Any]:
    node, year = job.jurisdiction, int(job.params["year"])
    if node is None or job.requested_by is None:
        raise Problems(_("The jurisdiction or the account of this export no longer exists."))
    rows = overdue_rows(job.requested_by, node, year)
    count = rows.count()
    progress("rows", 0, count)
    data = overdue_workbook(node, year, rows.iterator(chunk_size=2000))
    job_attach(job=job, name=f"zeren-overdue-{node.code}-{year}.xlsx", content_type=XLSX, content=data)
    progress("rows", count, count)
    return {"rows": count}
