"""The overdue list of a large subtree (a province's) is made in the background: the download link
leads to the job's page, which refreshes itself until the workbook is ready to download."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from internal_text import offences
from zeren.jobs.models import Job
from zeren.records.compliance import compliance_recompute

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 5, 20, 10, tzinfo=dt.UTC)


@pytest.fixture
def province_office(org, make_user):
    from zeren.org.models import Jurisdiction

    return make_user("hb-office", role="office", jurisdiction=Jurisdiction.objects.get(code="130000"))


@pytest.fixture
def overdue(org, settings):
    """正定县 missed 2025-Q1; any overdue list counts as large."""
    with time_machine.travel(NOW):
        compliance_recompute(year=2025)
    settings.ZEREN_EXPORT_INLINE_ROWS = 0


def test_a_large_overdue_list_is_made_by_the_worker_and_offered_on_the_jobs_page(
    client, overdue, province_office, run_tasks
):
    client.force_login(province_office)
    response = client.get(reverse("records:overdue_xlsx", kwargs={"code": "130000"}) + "?year=2025")
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job", args=[job.pk])
    assert (job.kind, job.state, job.jurisdiction.code, job.params) == (
        "overdue_list",
        "queued",
        "130000",
        {"year": 2025},
    )
    waiting = client.get(response.url)
    assert '<meta http-equiv="refresh" content="2">' in waiting.text and 'data-testid="progress"' in waiting.text
    run_tasks()
    ready = client.get(response.url)
    assert 'data-testid="job-file"' in ready.text and '<meta http-equiv="refresh"' not in ready.text
    download = client.get(reverse("jobs:job_file", args=[job.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="zeren-overdue-130000-2025.xlsx"'
    values = [str(c.value) for row in load_workbook(io.BytesIO(download.content)).active.iter_rows() for c in row]
    assert "2025年第一季度" in values and "130123-GH" in values
    assert offences("\n".join(v for v in values if v != "None")) == []
    job.refresh_from_db()
    assert job.result["rows"] == job.total > 0


def test_the_file_is_not_offered_before_it_is_made(client, overdue, province_office):
    client.force_login(province_office)
    client.get(reverse("records:overdue_xlsx", kwargs={"code": "130000"}) + "?year=2025")
    assert client.get(reverse("jobs:job_file", args=[Job.objects.get().pk])).status_code == 404


def test_another_jurisdictions_office_cannot_see_the_job_or_its_file(
    client, overdue, province_office, office_b, run_tasks
):
    client.force_login(province_office)
    client.get(reverse("records:overdue_xlsx", kwargs={"code": "130000"}) + "?year=2025")
    run_tasks()
    job = Job.objects.get()
    client.force_login(office_b)
    assert client.get(reverse("jobs:job", args=[job.pk])).status_code == 403
    assert client.get(reverse("jobs:job_file", args=[job.pk])).status_code == 403


def test_a_small_overdue_list_still_downloads_at_once(client, org, province_office):
    with time_machine.travel(NOW):
        compliance_recompute(year=2025)
    client.force_login(province_office)
    response = client.get(reverse("records:overdue_xlsx", kwargs={"code": "130000"}) + "?year=2025")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not Job.objects.exists()
