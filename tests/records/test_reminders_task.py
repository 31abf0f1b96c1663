"""The daily job as a background task: ``zeren enqueue_reminders`` queues it, ``zeren worker`` sends
the same reminders ``zeren send_reminders`` would, and keeps the counts with the job."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from zeren.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(org):
    org.official.email = "zhao@example.org"
    org.official.save()
    return org.official


def test_the_enqueued_daily_job_reminds_the_official_once_run_by_the_worker(official, run_tasks):
    out = io.StringIO()
    call_command("enqueue_reminders", "--date", "2025-06-20", stdout=out)
    job = Job.objects.get(kind="reminders")
    assert f"reminders job {job.pk} queued" in out.getvalue()
    assert DBTaskResult.objects.get(id=job.task_id).task_path == "zeren.records.tasks.send_reminders_task"
    assert not mail.outbox  # nothing yet: the worker sends
    run_tasks()
    job.refresh_from_db()
    assert job.state == "succeeded"
    assert job.result["reminders"] >= 1 and job.result["recomputed"] == [2025]
    reminder = [m for m in mail.outbox if m.to == [official.email]]
    assert len(reminder) == 1 and "2025年第二季度" in reminder[0].body


def test_bad_days_are_refused_and_nothing_is_queued(official):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--days"):
        call_command("enqueue_reminders", "--days", "x")
    assert not Job.objects.exists()
