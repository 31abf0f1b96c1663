"""A piece of long work someone started (an import, a recompute, reminders, a document): what it is,
who asked, where it stands and what came of it. The work runs as a task of Django's tasks API in
``zeren worker``; :attr:`Job.task_id` is the id of the task result of its latest run. The job's row is
written outside the work's own transaction, so a page can show its progress while it runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Kind(models.TextChoices):
        ORGANISATION_IMPORT = "organisation_import", _("Organisation import")
        RECOMPUTE = "recompute", _("Compliance recompute")
        REMINDERS = "reminders", _("Reminders")
        OVERDUE_LIST = "overdue_list", _("Overdue list")
        ASSESSMENT_PREFILL = "assessment_prefill", _("Assessment pre-fill")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Done")
        REFUSED = "refused", _("Refused: nothing changed")
        FAILED = "failed", _("Stopped by an error")

    kind = models.CharField(max_length=32, choices=Kind.choices)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    stage = models.CharField(max_length=64, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    params = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    problems = models.JSONField(default=list)
    error = models.TextField(blank=True)
    upload = models.BinaryField(null=True, editable=False)
    upload_name = models.CharField(max_length=255, blank=True)
    output = models.BinaryField(null=True, editable=False)  # a document the work made, to download
    output_name = models.CharField(max_length=255, blank=True)
    output_type = models.CharField(max_length=100, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    jurisdiction = models.ForeignKey(
        "org.Jurisdiction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task_id = models.CharField(max_length=64, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.state in {self.State.SUCCEEDED, self.State.REFUSED, self.State.FAILED}

    @property
    def percent(self) -> int | None:
        """How far the work is, 0–100, when it counts its steps (None: not known)."""
        if self.state == self.State.SUCCEEDED:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else None
