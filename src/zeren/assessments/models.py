"""A year's assessment (考核) and its entries: the state zeren keeps around the pure computation
(:mod:`zeren.policy.assessment`).

An :class:`Assessment` is the assessing office's (its jurisdiction's) assessment of one year under one
scheme (考核细则, :mod:`zeren.policy.scheme`), pinned to the scheme's version and digest. It holds one
:class:`AssessmentEntry` per assessed jurisdiction, with the facts zeren pre-filled from its records,
the core's verdict on them (stored with the scheme and policy versions), the final score, grade,
vetoes and rank. :class:`ItemScore` rows hold what people enter on an item: the assessed body's
self-score with its evidence, the office's adjustment with its reason.

States: an assessment is 草稿 (draft: pre-filled, seen by the office only) → 进行中 (open: the assessed
bodies self-score) → 已公布 (published: the public sees it). An entry is 待自评 (pre-filled) → 已提交
(submitted) ⇄ 已退回 (returned, with a reason; resubmitted) → 已审核 (reviewed: accepted or adjusted
by the office) → 已审定 (approved). Both are edited under optimistic locking (``version``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zeren.jobs.models import Job
from zeren.org.models import Jurisdiction


class State(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("assessment state", "Draft")
    OPEN = "open", pgettext_lazy("assessment state", "Open for self-assessment")
    PUBLISHED = "published", pgettext_lazy("assessment state", "Published")


class EntryState(models.TextChoices):
    PREFILLED = "prefilled", pgettext_lazy("assessment entry state", "Awaiting self-assessment")
    SUBMITTED = "submitted", pgettext_lazy("assessment entry state", "Submitted")
    RETURNED = "returned", pgettext_lazy("assessment entry state", "Returned")
    REVIEWED = "reviewed", pgettext_lazy("assessment entry state", "Reviewed")
    APPROVED = "approved", pgettext_lazy("assessment entry state", "Approved")


class Grade(models.TextChoices):
    """The grades of the shipped schemes' bands (a scheme names its own; its labels are shown)."""

    EXCELLENT = "excellent", pgettext_lazy("assessment grade", "Excellent")
    GOOD = "good", pgettext_lazy("assessment grade", "Good")
    AVERAGE = "average", pgettext_lazy("assessment grade", "Pass")
    POOR = "poor", pgettext_lazy("assessment grade", "Fail")


class Assessment(models.Model):
    """The assessing office's assessment of a year under a scheme."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("assessing jurisdiction"), on_delete=models.PROTECT, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    scheme_id = models.CharField(max_length=64)
    scheme_version = models.CharField(max_length=64)
    scheme_digest = models.CharField(max_length=64)
    policy_id = models.CharField(max_length=64)
    policy_version = models.CharField(max_length=64)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    published = models.BooleanField(default=False)
    document_number = models.CharField(_("document number of the notice"), max_length=64, blank=True)
    ranking = models.JSONField(default=dict, blank=True)
    """The core's ranking (:func:`zeren.policy.assessment.rank`) as it was published."""
    prefill_job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    prefilled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="assessments_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-year", "jurisdiction__path"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year", "scheme_id"], name="assessments_one_per_scheme"),
        ]
        indexes = [models.Index(fields=["year", "state"], name="assessments_year_state")]

    def __str__(self) -> str:
        return self.title


class AssessmentEntry(models.Model):
    """One assessed jurisdiction in an assessment: pre-filled facts, the core's verdict, the result."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="entries")
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("assessed jurisdiction"),
        on_delete=models.PROTECT,
        related_name="assessment_entries",
    )
    state = models.CharField(_("state"), max_length=16, choices=EntryState.choices, default=EntryState.PREFILLED)
    facts = models.JSONField(default=dict, blank=True)
    """The facts zeren pre-filled (the core's facts but what people enter, which is in ItemScore)."""
    links = models.JSONField(default=dict, blank=True)
    """Where each pre-filled fact comes from: ``{"posts": {official: post code}}`` for the links."""
    verdict = models.JSONField(default=dict, blank=True)
    """The core's verdict on the facts and the entered scores, as last computed."""
    scheme_version = models.CharField(max_length=64, blank=True)
    policy_version = models.CharField(max_length=64, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    normalised_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    grade = models.CharField(max_length=32, blank=True)
    grade_label = models.CharField(max_length=32, blank=True)
    vetoed = models.BooleanField(default=False)
    rank = models.PositiveIntegerField(null=True, blank=True)
    quota = models.BooleanField(default=False)
    """Given the scheme's rank quota (先进) when published."""
    return_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["assessment", "jurisdiction__path"]
        verbose_name = _("assessment entry")
        verbose_name_plural = _("assessment entries")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "jurisdiction"], name="assessments_entry_once"),
        ]
        indexes = [models.Index(fields=["jurisdiction", "assessment"], name="assessments_entry_jur")]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.jurisdiction_id}"


class ItemScore(models.Model):
    """What people entered on one scored item of an entry: the assessed body's self-score (or 不涉及)
    with its evidence, the office's adjustment with its reason. The pre-filled score and its sources
    (``prefilled``, ``sources``) are copied from the verdict when the row is made."""

    entry = models.ForeignKey(AssessmentEntry, on_delete=models.CASCADE, related_name="item_scores")
    item = models.CharField(max_length=32)
    prefilled = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    sources = models.JSONField(default=list, blank=True)
    self_score = models.DecimalField(_("self-assessed score"), max_digits=7, decimal_places=2, null=True, blank=True)
    self_not_applicable = models.BooleanField(_("not applicable"), default=False)
    evidence = models.TextField(_("evidence"), blank=True)
    adjusted_score = models.DecimalField(_("adjusted score"), max_digits=7, decimal_places=2, null=True, blank=True)
    adjustment_reason = models.TextField(_("reason for the adjustment"), blank=True)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["entry", "item"]
        constraints = [models.UniqueConstraint(fields=["entry", "item"], name="assessments_item_once")]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.item}"
