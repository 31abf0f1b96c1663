"""/org/import/<job>/: an import's page refreshes itself with a progress bar while it waits or runs,
then shows the counts or the problems; a lost import can be run again."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zeren.jobs.models import Job
from zeren.org.models import Post

from .workbooks import build, organisation


@pytest.fixture
def queued(client, office_a):
    client.force_login(office_a)
    data = build(*organisation(["320412"], bodies_per=1, posts_per_body=2))
    client.post(reverse("org:organisation_import"), {"file": SimpleUploadedFile("org.xlsx", data)})
    return Job.objects.get()


def page(client, job):
    return client.get(reverse("org:organisation_import_job", args=[job.pk]))


def test_a_waiting_import_refreshes_itself_and_shows_a_progress_bar(client, queued):
    response = page(client, queued)
    assert response.status_code == 200
    assert '<meta http-equiv="refresh" content="2">' in response.text
    assert 'data-testid="progress"' in response.text
    assert "org.xlsx" in response.text


def test_a_running_import_shows_how_far_it_is(client, queued):
    Job.objects.filter(pk=queued.pk).update(state="running", started_at=timezone.now(), done=1, total=4)
    response = page(client, queued)
    assert 'value="25"' in response.text
    assert '<meta http-equiv="refresh"' in response.text


def test_a_finished_import_stops_refreshing(client, queued, run_tasks):
    run_tasks()
    response = page(client, queued)
    assert '<meta http-equiv="refresh"' not in response.text
    assert 'data-testid="progress"' not in response.text


def test_another_countys_office_cannot_see_the_import(client, queued, office_b):
    client.force_login(office_b)
    assert page(client, queued).status_code == 403


def test_an_import_whose_worker_died_can_be_run_again(client, queued, run_tasks, office_a):
    """kill -9 of the worker leaves the job running with no sign of life; after a while it may run again."""
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    Job.objects.filter(pk=queued.pk).update(state="running", updated_at=long_ago, attempts=1)
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=queued.task_id).update(status="RUNNING")  # the killed worker's claim
    assert "重新运行" in page(client, queued).text
    response = client.post(reverse("org:organisation_import_rerun", args=[queued.pk]))
    assert response.status_code == 302
    queued.refresh_from_db()
    assert queued.state == "queued"
    run_tasks()
    queued.refresh_from_db()
    assert (queued.state, queued.attempts) == ("succeeded", 2)
    assert Post.objects.count() == 2


def test_an_import_still_running_cannot_be_run_twice(client, queued):
    Job.objects.filter(pk=queued.pk).update(state="running", updated_at=timezone.now())
    response = client.post(reverse("org:organisation_import_rerun", args=[queued.pk]), follow=True)
    assert Job.objects.get(pk=queued.pk).state == "running"
    assert len(response.context["messages"]) == 1


def test_rerunning_is_post_only(client, queued):
    assert client.get(reverse("org:organisation_import_rerun", args=[queued.pk])).status_code == 405
