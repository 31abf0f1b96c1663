"""zeren.org's background task: the organisation import of a workbook uploaded on /org/import/, run
by ``zeren worker`` (Django's tasks API). Another interface to
:func:`zeren.org.organisation_import.organisation_import`, with no logic of its own: the import is
all or nothing in one transaction, so a worker killed mid-import leaves nothing behind and the job
can run again."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from zeren.jobs.models import Job
from zeren.jobs.services import Progress, job_run
from zeren.org.organisation_import import organisation_import


@task()
def organisation_import_task(job_id: int) -> dict[str, Any]:
    return job_run(job_id=job_id, work=_import)


def _import(job: Job, progress: Progress) -> dict[str, Any]:
    progress("importing", 0, 1)
    # Refused rows raise Problems (sheet, row, column each): the job keeps them, nothing changed.
    result = organisation_import(
        data=bytes(job.upload or b""), user=job.requested_by, dry_run=bool(job.params.get("dry_run"))
    )
    progress("importing", 1, 1)
    return {
        "dry_run": result.dry_run,
        "created": dict(result.created),
        "updated": dict(result.updated),
        "unchanged": dict(result.unchanged),
        "summary": result.summary(),
    }
