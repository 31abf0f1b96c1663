"""Accountability cases (责任追究): the case and its workflow, the officials it concerns with the
engine's verdict, the decision, the restrictions it puts on people, and appeals.

A case is edited under optimistic locking: every change names the ``version`` it was made from; a
stale change is refused (and kept in the audit trail), never silently applied. Restrictions hang off
the :class:`~zeren.org.models.Person`, not the post, so they follow the person across transfers,
promotion and retirement (终身追责).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeren.accidents.models import Accident
from zeren.org.models import Body, Jurisdiction, Person, Post


class State(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    INVESTIGATING = "investigating", _("Under investigation")
    DETERMINED = "determined", _("Responsibility determined")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed without accountability")
    PUBLISHED = "published", _("Published")
    APPEALED = "appealed", _("Under appeal")
    APPEAL_DECIDED = "appeal_decided", _("Appeal decided")


class OpenedBy(models.TextChoices):
    OFFICE = "office", _("Safety committee office (提请)")
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    GOVERNMENT = "government", _("Government")


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="cases"
    )
    accident = models.ForeignKey(
        Accident, verbose_name=_("accident"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    opened_by = models.CharField(_("opened by"), max_length=24, choices=OpenedBy.choices, default=OpenedBy.OFFICE)
    proposal = models.TextField(_("proposal"), blank=True)
    facts_date = models.DateField(_("date of the facts"))
    lead_body = models.ForeignKey(
        Body, verbose_name=_("lead department"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    investigation_notes = models.TextField(_("investigation notes"), blank=True)
    state = models.CharField(_("state"), max_length=24, choices=State.choices, default=State.PROPOSED)
    version = models.PositiveIntegerField(default=1)
    policy_id = models.CharField(_("policy"), max_length=64)
    policy_version = models.CharField(_("policy version"), max_length=64)
    # The decision.
    deciding_body = models.CharField(_("deciding body"), max_length=100, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_text = models.TextField(_("findings and decision"), blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("accountability case")
        verbose_name_plural = _("accountability cases")
        constraints = [
            models.CheckConstraint(condition=models.Q(state__in=State.values), name="cases_case_state_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Evidence(models.Model):
    """An item of evidence gathered by the investigation (described; the originals stay on file)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=200, blank=True)
    received_on = models.DateField(_("received on"))
    description = models.TextField(_("description"), blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "received_on", "id"]

    def __str__(self) -> str:
        return self.title


class Responsibility(models.TextChoices):
    MAIN = "main", _("Main leadership responsibility")
    IMPORTANT = "important", _("Important leadership responsibility")
    DIRECT = "direct", _("Direct leadership responsibility")


class Status(models.TextChoices):
    IN_POST = "in_post", _("In post")
    TRANSFERRED = "transferred", _("Transferred")
    PROMOTED = "promoted", _("Promoted")
    RETIRED = "retired", _("Retired")


class Subject(models.Model):
    """One official the case concerns: the post held on the date of the facts, the responsibility
    degree, the grounds (circumstances), the case facts, and the engine's verdict (stored with the
    policy id and version that produced it)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey(
        Person, verbose_name=_("official"), on_delete=models.PROTECT, related_name="case_subjects"
    )
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status now"), max_length=16, choices=Status.choices, default=Status.IN_POST)
    responsibility = models.CharField(
        _("responsibility degree"), max_length=16, choices=Responsibility.choices, blank=True
    )
    circumstances = models.JSONField(_("grounds"), default=list)
    facts = models.JSONField(_("case facts"), default=dict)
    previous_year_by_hand = models.BooleanField(_("previous year's assessment entered by hand"), default=False)
    """The previous year's grade in ``facts`` was typed (人工录入) because zeren held no published
    result of the region for that year (常州 第二十五条(三)); a stored result always wins over it."""
    grounds_text = models.TextField(_("findings"), blank=True)
    no_measure_reason = models.TextField(_("reason for giving no measure"), blank=True)
    no_measure_basis = models.CharField(_("basis for giving no measure"), max_length=300, blank=True)
    """Recorded when the decision gives an official found responsible no measure (e.g. 尽职免责 found)."""
    verdict = models.JSONField(default=dict)
    verdict_policy = models.CharField(max_length=64, blank=True)
    verdict_version = models.CharField(max_length=64, blank=True)
    verdict_as_of = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["case", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="cases_subject_once_per_case")]

    def __str__(self) -> str:
        return f"{self.person} — {self.case.number}"


class DecidedMeasure(models.Model):
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="measures")
    measure = models.CharField(_("measure"), max_length=32)
    sanction = models.CharField(_("sanction"), max_length=32, blank=True)
    date = models.DateField(_("date"))
    cites = models.JSONField(default=list)
    revoked_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["subject", "id"]

    def __str__(self) -> str:
        return f"{self.measure}{':' + self.sanction if self.sanction else ''} {self.date}"


class RestrictionKind(models.TextChoices):
    NO_PROMOTION = "no_promotion", _("No promotion")
    NO_EQUIVALENT_POST = "no_equivalent_post", _("No post of equivalent rank")
    NO_IMPORTANT_POST = "no_important_post", _("No important post (重用)")
    NO_EXCELLENCE_OR_AWARD = "no_excellence_or_award", _("No excellence rating or award (评优评先)")
    NO_LEADERSHIP_POST = "no_leadership_post", _("No leadership post")


class Restriction(models.Model):
    """What a decision bars a person from, from ``start`` until ``until`` (the first day it no longer
    applies; null when the texts set no period, until the organisation department sets it with its
    basis). Lifted early only by an appeal decision."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="accountability_restrictions")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="restrictions")
    kind = models.CharField(_("restriction"), max_length=32, choices=RestrictionKind.choices)
    start = models.DateField(_("from"))
    until = models.DateField(_("until"), null=True, blank=True)
    until_basis = models.CharField(_("basis of the end"), max_length=300, blank=True)
    """Set when the organisation department fixes the end the texts left open (一票否决 "在相关规定时限内")."""
    cites = models.JSONField(default=list)
    because = models.JSONField(default=list)
    notes = models.JSONField(default=list)
    policy_id = models.CharField(max_length=64)
    policy_version = models.CharField(max_length=64)
    lifted_on = models.DateField(null=True, blank=True)
    lifted_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["person", "start", "kind"]
        indexes = [models.Index(fields=["person", "kind"], name="restriction_person_kind_idx")]

    def __str__(self) -> str:
        from zeren.cases.consequences import describe

        return describe(self)

    def in_force_on(self, day: datetime.date) -> bool:
        if self.lifted_on is not None and day >= self.lifted_on:
            return False
        return self.start <= day and (self.until is None or day < self.until)


class AppealOutcome(models.TextChoices):
    PENDING = "", _("Pending")
    UPHELD = "upheld", _("Decision upheld")
    VARIED = "varied", _("Decision varied")
    REVOKED = "revoked", _("Decision revoked")


class Appeal(models.Model):
    """A written appeal (书面申诉) to the deciding body; it does not suspend execution."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appeals")
    subject = models.ForeignKey(Subject, verbose_name=_("appellant"), on_delete=models.PROTECT, related_name="appeals")
    filed_on = models.DateField(_("filed on"))
    to_body = models.CharField(_("addressed to"), max_length=100)
    grounds = models.TextField(_("grounds of appeal"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=16, choices=AppealOutcome.choices, blank=True)
    outcome_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome_text = models.TextField(_("reasons"), blank=True)

    class Meta:
        ordering = ["case", "filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.subject.person} {self.filed_on}"
