"""A background job's page (it refreshes itself while the job waits or runs) and the document the
job made. Jobs are loaded through :mod:`zeren.jobs.selectors` only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from zeren.jobs.models import Job
from zeren.jobs.selectors import get_job_for_user


@login_required
@require_GET
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    found = get_job_for_user(request.user, job_id)
    if found.kind == Job.Kind.ORGANISATION_IMPORT:
        return redirect("org:organisation_import_job", job_id=found.pk)
    return render(request, "jobs/job.html", {"job": found, "has_file": bool(found.output_name)})


@login_required
@require_GET
def job_file(request: HttpRequest, job_id: int) -> HttpResponse:
    found = get_job_for_user(request.user, job_id)
    if found.state != Job.State.SUCCEEDED or not found.output_name or found.output is None:
        raise Http404
    response = HttpResponse(bytes(found.output), content_type=found.output_type or "application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{found.output_name}"'
    return response
