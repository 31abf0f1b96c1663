"""The accident register (生产安全事故登记): what happened, where, when it was reported to each level,
its grade by 国务院令第493号 and the grade's history, and who held leadership responsibility on the day.

The grade, the investigating level and the timeliness verdict are the policy core's
(:func:`zeren.policy.accidents.evaluate_accident`), stored with the policy id and version that gave them.
The grade rests on the casualties known within the regrade window (30 days, 7 for road traffic and
fire: 第十三条); later changes to the counts are recorded but leave the grade as it was.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeren.org.models import Appointment, Jurisdiction, Person, Post


class AccidentKind(models.TextChoices):
    """The core's ``kind``: road traffic and fire have a 7-day regrade window."""

    OTHER = "other", _("Production safety accident")
    ROAD_TRAFFIC = "road_traffic", _("Road traffic accident")
    FIRE = "fire", _("Fire")


class Grade(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary accident")
    RELATIVELY_LARGE = "relatively_large", _("Relatively large accident")
    MAJOR = "major", _("Major accident")
    EXTRAORDINARILY_SERIOUS = "extraordinarily_serious", _("Extraordinarily serious accident")


class ReportLevel(models.TextChoices):
    """The levels an accident is reported to, lowest first (第九条, 第十条)."""

    COUNTY = "county", _("County-level government and departments")
    CITY = "city", _("City-level government and departments")
    PROVINCE = "province", _("Provincial government and departments")
    STATE_COUNCIL = "state_council", _("State Council departments")


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("Reported on time")
    LATE = "late", _("Reported late (迟报)")
    NOT_REPORTED = "not_reported", _("Not reported (漏报)")
    UNKNOWN = "unknown", _("No report times entered yet")


class Accident(models.Model):
    title = models.CharField(_("title"), max_length=200)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="accidents"
    )
    sector = models.CharField(_("sector"), max_length=50, help_text=_("The sector (行业领域) it happened in."))
    kind = models.CharField(_("kind"), max_length=16, choices=AccidentKind.choices, default=AccidentKind.OTHER)
    enterprise = models.CharField(_("enterprise"), max_length=200, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    description = models.TextField(_("description"), blank=True)
    deaths = models.PositiveIntegerField(_("deaths"), default=0)
    serious_injuries = models.PositiveIntegerField(_("serious injuries"), default=0)
    missing = models.PositiveIntegerField(_("missing"), default=0)
    direct_loss_yuan = models.PositiveBigIntegerField(_("direct economic loss (yuan)"), default=0)
    # The counts the grade rests on: those known within the regrade window.
    graded_deaths = models.PositiveIntegerField(default=0, editable=False)
    graded_serious_injuries = models.PositiveIntegerField(default=0, editable=False)
    # The core's verdict.
    grade = models.CharField(_("grade"), max_length=32, choices=Grade.choices, editable=False)
    investigating_level = models.CharField(_("investigating level"), max_length=16, blank=True, editable=False)
    timeliness = models.CharField(
        _("reporting"), max_length=16, choices=Timeliness.choices, default=Timeliness.UNKNOWN, editable=False
    )
    regrade_until = models.DateTimeField(_("regrade window ends"), null=True, editable=False)
    verdict = models.JSONField(default=dict, editable=False)
    policy_id = models.CharField(_("policy"), max_length=64, editable=False)
    policy_version = models.CharField(_("policy version"), max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("accident")
        verbose_name_plural = _("accidents")
        indexes = [models.Index(fields=["jurisdiction", "occurred_at"], name="accident_where_when_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def occurred_on(self) -> datetime.date:
        return timezone.localdate(self.occurred_at)


class AccidentReport(models.Model):
    """When the accident was reported to one level (事故报告)."""

    accident = models.ForeignKey(Accident, on_delete=models.CASCADE, related_name="reports")
    level = models.CharField(_("level"), max_length=16, choices=ReportLevel.choices)
    at = models.DateTimeField(_("reported at"))

    class Meta:
        ordering = ["accident", "at"]
        constraints = [models.UniqueConstraint(fields=["accident", "level"], name="accident_one_report_per_level")]

    def __str__(self) -> str:
        return f"{self.accident} → {self.level} {self.at}"


class Grading(models.Model):
    """One entry of the grade history: the counts as changed, and whether the grade followed."""

    accident = models.ForeignKey(Accident, on_delete=models.CASCADE, related_name="gradings")
    recorded_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(_("changed at"))
    deaths = models.PositiveIntegerField(_("deaths"))
    serious_injuries = models.PositiveIntegerField(_("serious injuries"))
    missing = models.PositiveIntegerField(_("missing"))
    direct_loss_yuan = models.PositiveBigIntegerField(_("direct economic loss (yuan)"))
    grade = models.CharField(_("grade"), max_length=32, choices=Grade.choices)
    previous_grade = models.CharField(max_length=32, choices=Grade.choices, blank=True)
    within_window = models.BooleanField(default=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["accident", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.accident}: {self.grade}"

    @property
    def regraded(self) -> bool:
        return bool(self.previous_grade) and self.previous_grade != self.grade


class Basis(models.TextChoices):
    """Why an official holds leadership responsibility for an accident (属地 + 分管)."""

    PRINCIPAL = "principal", _("Principal of the territory (属地 主要负责人)")
    DEPUTY_FOR_SAFETY = "deputy_for_safety", _("Deputy for safety")
    SECTOR_DEPUTY = "sector_deputy", _("Deputy in charge of the sector")
    ADDED = "added", _("Added by the office")


class LeadershipResponsibility(models.Model):
    """An official who held leadership responsibility on the day of the accident, derived from the
    appointments in force then (or added by hand); excluded or re-included only with a reason."""

    accident = models.ForeignKey(Accident, on_delete=models.CASCADE, related_name="responsibilities")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="accident_responsibilities")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="+")
    appointment = models.ForeignKey(Appointment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(_("basis"), max_length=24, choices=Basis.choices)
    cites = models.JSONField(default=list)
    derived = models.BooleanField(default=True)
    included = models.BooleanField(_("included"), default=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["accident", "post__body__jurisdiction__depth", "basis", "id"]
        constraints = [
            models.UniqueConstraint(fields=["accident", "person", "post"], name="accident_responsibility_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.post})"
