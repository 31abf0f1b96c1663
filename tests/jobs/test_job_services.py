"""Running long work as jobs: how a run ends (done, refused, failed), a second run of done work, and
when a job may run again."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from zeren.jobs.models import Job
from zeren.jobs.services import job_rerun, job_rerunnable, job_run
from zeren.problems import Problem, Problems

pytestmark = pytest.mark.django_db


class Queue:
    """A task stand-in that remembers what was enqueued."""

    def __init__(self) -> None:
        self.enqueued: list[dict] = []

    def enqueue(self, **kwargs):
        self.enqueued.append(kwargs)
        return type("Result", (), {"id": f"task-{len(self.enqueued)}"})()


@pytest.fixture
def job(office_a):
    return Job.objects.create(kind="recompute", requested_by=office_a, jurisdiction=office_a.jurisdiction)


def test_a_run_that_ends_well_keeps_its_result_and_progress(job):
    def work(job, progress):
        progress("2025", 1, 2)
        assert Job.objects.get(pk=job.pk).stage == "2025"  # reported at once, for the page
        return {"written": 7}

    assert job_run(job_id=job.pk, work=work) == {"written": 7}
    job.refresh_from_db()
    assert (job.state, job.result, job.attempts, job.done, job.total) == ("succeeded", {"written": 7}, 1, 1, 2)
    assert job.started_at and job.finished_at


def test_a_run_whose_input_is_refused_keeps_the_problems(job):
    def work(job, progress):
        raise Problems([Problem("没有代码为 999 的辖区", sheet="机构", row=3, column="辖区代码")])

    assert job_run(job_id=job.pk, work=work) == {"refused": 1}
    job.refresh_from_db()
    assert job.state == "refused"
    assert job.problems == [
        {
            "message": "没有代码为 999 的辖区",
            "field": "",
            "text": "工作表“机构”第 3 行“辖区代码”列：没有代码为 999 的辖区",
            "sheet": "机构",
            "row": 3,
            "column": "辖区代码",
        }
    ]


def test_a_run_that_breaks_is_recorded_and_raises_for_the_task_result(job):
    def work(job, progress):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        job_run(job_id=job.pk, work=work)
    job.refresh_from_db()
    assert (job.state, job.error) == ("failed", "RuntimeError: disk full")
    assert job_rerunnable(job)


def test_the_input_is_dropped_once_the_work_is_over_and_kept_to_run_again_after_an_error(job):
    Job.objects.filter(pk=job.pk).update(upload=b"110105194912310021")
    with pytest.raises(RuntimeError):
        job_run(job_id=job.pk, work=lambda job, progress: (_ for _ in ()).throw(RuntimeError("x")))
    assert bytes(Job.objects.get(pk=job.pk).upload) == b"110105194912310021"
    Job.objects.filter(pk=job.pk).update(state="queued")
    job_run(job_id=job.pk, work=lambda job, progress: {"n": 1})
    assert Job.objects.get(pk=job.pk).upload is None


def test_done_work_is_not_done_twice(job):
    calls = []
    job_run(job_id=job.pk, work=lambda job, progress: calls.append(1) or {"n": 1})
    assert job_run(job_id=job.pk, work=lambda job, progress: calls.append(2) or {"n": 2}) == {"n": 1}
    assert calls == [1]


def test_a_running_job_may_run_again_only_once_it_shows_no_life_for_a_while(job):
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(state="running", updated_at=now - dt.timedelta(minutes=5))
    job.refresh_from_db()
    assert not job_rerunnable(job, now=now)
    assert job_rerunnable(job, now=now + dt.timedelta(minutes=11))


def test_rerunning_resets_the_job_enqueues_it_and_is_audited(job, office_a):
    from zeren.audit.models import AuditEvent

    Job.objects.filter(pk=job.pk).update(state="failed", error="RuntimeError: x", attempts=1, task_id="task-0")
    job.refresh_from_db()
    queue = Queue()
    job_rerun(job=job, task=queue, actor=office_a)
    job.refresh_from_db()
    assert (job.state, job.error, job.task_id) == ("queued", "", "task-1")
    assert queue.enqueued == [{"job_id": job.pk}]
    event = AuditEvent.objects.get(action="jobs.job.rerun")
    assert (event.actor, event.data["previous_task_id"]) == (office_a, "task-0")


def test_a_job_waiting_or_done_is_not_rerun(job, office_a):
    with pytest.raises(Problems):
        job_rerun(job=job, task=Queue(), actor=office_a)
    Job.objects.filter(pk=job.pk).update(state="succeeded")
    job.refresh_from_db()
    with pytest.raises(Problems):
        job_rerun(job=job, task=Queue(), actor=office_a, force=True)


def test_the_command_reruns_a_job_with_the_task_of_its_last_run(office_a, run_tasks, settings):
    from zeren.org.models import Body, Post
    from zeren.records.triggers import inputs_changed

    body = Body.objects.create(
        code="320412-ZF", name="武进区人民政府", jurisdiction=office_a.jurisdiction, kind="government"
    )
    for code, role in (("320412-GH", "government_head"), ("320412-DS", "deputy_for_safety")):
        Post.objects.create(code=code, title=code, body=body, role=role)
    settings.ZEREN_RECOMPUTE_INLINE_POSTS = 1
    job = inputs_changed(jurisdictions=[body.jurisdiction_id], since=None, actor=office_a, reason="test").job
    first_task = job.task_id
    Job.objects.filter(pk=job.pk).update(state="running")  # as if its worker was killed
    with pytest.raises(CommandError):
        call_command("rerun_job", str(job.pk))  # not taken for lost yet
    out = io.StringIO()
    call_command("rerun_job", str(job.pk), "--force", stdout=out)
    job.refresh_from_db()
    assert job.state == "queued" and job.task_id != first_task and job.task_id in out.getvalue()
    run_tasks()
    job.refresh_from_db()
    assert job.state == "succeeded"


def test_the_command_names_a_job_that_does_not_exist(db):
    with pytest.raises(CommandError, match="999"):
        call_command("rerun_job", "999")
