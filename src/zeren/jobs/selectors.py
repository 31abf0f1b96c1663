"""Reading jobs for a user: one sees the jobs one asked for, and those of one's jurisdiction subtree
(an office sees its county's imports); a superuser sees every job."""

from __future__ import annotations

from django.db import models

from zeren.accounts.access import AnyUser, get_object_for_user, scope_to_user, sees_everything
from zeren.jobs.models import Job


def jobs_for(user: AnyUser) -> models.QuerySet[Job]:
    if sees_everything(user):
        return Job.objects.all()
    if not user.is_authenticated:
        return Job.objects.none()
    return scope_to_user(Job.objects.all(), user, via="jurisdiction") | Job.objects.filter(requested_by=user)


def get_job_for_user(user: AnyUser, pk: int) -> Job:
    return get_object_for_user(jobs_for, user, pk=pk)
