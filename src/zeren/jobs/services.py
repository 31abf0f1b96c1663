"""Long work as background tasks: a :class:`~zeren.jobs.models.Job` row says what is asked and how it
stands, a task of Django's tasks API (the ``django-tasks`` backport, database backend) does it in
``zeren worker``.

The task functions (``zeren.org.tasks``, ``zeren.records.tasks``) are another
interface to the apps' services: each hands :func:`job_run` the job's id and a function that calls
one service. Enqueuing writes the task's row in the caller's transaction, so a change and the work
it asks for commit or roll back together.

A worker killed mid-task (kill -9) leaves the job ``running`` and its work's own transaction rolled
back: every kind of work is all or nothing (an import) or converges (a recompute), so
:func:`job_rerun` may run it again.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from typing import Any, Protocol

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist

from zeren.audit.services import record_event
from zeren.jobs.models import Job
from zeren.org.models import Jurisdiction
from zeren.problems import Problems

STALE_AFTER = datetime.timedelta(minutes=15)
"""A job running this long without reporting progress is taken for lost (its worker was killed)."""

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: what the work is doing now, for the job's page."""

Work = Callable[[Job, Progress], dict[str, Any]]


class Enqueueable(Protocol):
    def enqueue(self, *args: Any, **kwargs: Any) -> Any: ...


def job_create(
    *,
    kind: str,
    actor: Any,
    task: Enqueueable,
    jurisdiction: Jurisdiction | None = None,
    params: dict[str, Any] | None = None,
    upload: bytes | None = None,
    upload_name: str = "",
) -> Job:
    """Record the work asked for and enqueue ``task`` for it (in the caller's transaction)."""
    job = Job.objects.create(
        kind=kind,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        jurisdiction=jurisdiction,
        params=params or {},
        upload=upload,
        upload_name=upload_name[:255],
    )
    return _enqueue(job, task)


def _enqueue(job: Job, task: Enqueueable) -> Job:
    result = task.enqueue(job_id=job.pk)
    job.task_id = str(result.id)
    job.save(update_fields=["task_id", "updated_at"])
    return job


def job_rerunnable(job: Job, *, now: datetime.datetime | None = None) -> bool:
    """A job may run again once it stopped with an error, or when it has been running without a sign
    of life for :data:`STALE_AFTER` (its worker died)."""
    if job.state == Job.State.FAILED:
        return True
    now = now or timezone.now()
    return job.state == Job.State.RUNNING and job.updated_at < now - STALE_AFTER


def job_rerun(*, job: Job, actor: Any, task: Enqueueable | None = None, force: bool = False) -> Job:
    """Enqueue the job's work again, with ``task`` or the task of its last run (``force``: even when it
    does not look lost, for an operator who knows its worker was killed). The work is all or nothing
    or converges, so a second run is safe."""
    if not force and not job_rerunnable(job):
        raise Problems(_("This work is not lost: it is waiting for the worker, running, or done."))
    if job.state == Job.State.SUCCEEDED:
        raise Problems(_("This work is done; it does not run again."))
    if task is None:
        try:
            task = default_task_backend.get_result(job.task_id).task
        except TaskResultDoesNotExist:
            raise Problems(_("The task of this work is no longer known; start the work anew.")) from None
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.QUEUED, stage="", done=0, total=0, error="", problems=[], result={}, updated_at=timezone.now()
    )
    job.refresh_from_db()
    record_event(
        actor=actor,
        action="jobs.job.rerun",
        obj=job,
        data={"kind": job.kind, "previous_task_id": job.task_id, "attempts": job.attempts},
        jurisdiction_path=job.jurisdiction.path if job.jurisdiction else "",
    )
    return _enqueue(job, task)


def job_attach(*, job: Job, name: str, content_type: str, content: bytes) -> None:
    """Keep the document the work made with the job, for its page to offer."""
    _update(job.pk, output=content, output_name=name[:255], output_type=content_type[:100])


def _update(job_id: int, **fields: Any) -> None:
    Job.objects.filter(pk=job_id).update(updated_at=timezone.now(), **fields)


def job_run(*, job_id: int, work: Work) -> dict[str, Any]:
    """Run ``work`` for the job and record how it ended: ``succeeded`` with its result, ``refused`` with
    the problems of a :class:`~zeren.problems.Problems` it raised (nothing changed), ``failed`` with the
    error of anything else (raised again, so the task result keeps the traceback). Call it outside a
    transaction: each progress report commits at once for the page to read."""
    job = Job.objects.get(pk=job_id)
    if job.state == Job.State.SUCCEEDED:
        return dict(job.result)  # a task run twice does the work once
    _update(job.pk, state=Job.State.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1)

    def progress(stage: str, done: int, total: int) -> None:
        _update(job.pk, stage=stage[:64], done=max(0, done), total=max(0, total))

    try:
        result = work(job, progress)
    except Problems as refused:
        _update(
            job.pk,
            state=Job.State.REFUSED,
            problems=[dataclasses.asdict(p) | {"text": str(p)} for p in refused.items],
            finished_at=timezone.now(),
            upload=None,
        )
        return {"refused": len(refused.items)}
    except Exception as error:
        _update(
            job.pk, state=Job.State.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now()
        )
        raise
    # The input is dropped once the work is over: an organisation workbook holds identity numbers,
    # of which zeren keeps only keyed digests. A failed or killed run keeps it, to run again.
    _update(job.pk, state=Job.State.SUCCEEDED, result=result, finished_at=timezone.now(), upload=None)
    return result
