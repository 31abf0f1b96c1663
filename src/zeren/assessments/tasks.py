"""zeren.assessments' background tasks (Django's tasks API, run by ``zeren worker``): another
interface to the same services, with no logic of their own.

* :data:`prefill_task`: the pre-fill of an assessment of many jurisdictions (a province's 2,785),
  with its progress on the assessment's page.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django_tasks import task

from zeren.assessments.models import Assessment
from zeren.assessments.services import prefill
from zeren.jobs.models import Job
from zeren.jobs.services import Progress, job_run
from zeren.problems import Problems


@task()
def prefill_task(job_id: int) -> dict[str, Any]:
    return job_run(job_id=job_id, work=_prefill)


def _prefill(job: Job, progress: Progress) -> dict[str, Any]:
    assessment = Assessment.objects.select_related("jurisdiction").filter(pk=job.params["assessment"]).first()
    if assessment is None:
        raise Problems(_("The assessment of this pre-fill no longer exists."))
    return prefill(assessment, progress)
