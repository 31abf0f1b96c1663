"""Supervision (督查督办): supervision tickets (督办单), listed hazards (挂牌督办), summonses held (约谈)
and the holiday calendar years an administrator added.

Deadlines are counted in working days by the official holiday calendar
(:mod:`zeren.policy.workdays`, :mod:`zeren.supervision.calendar`); each computed date is stored with
the warning the calendar gave (a year whose notice was not loaded), so a page can show it.
Tickets and listed hazards carry a ``version`` for optimistic locking; every change is audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zeren.org.models import Body, Jurisdiction, Person
from zeren.records.models import Hazard


class HolidayYear(models.Model):
    """A year of the holiday calendar added by an administrator (``zeren calendar_add``): the file's
    text, checked when added; it replaces a shipped year of the same number."""

    year = models.PositiveSmallIntegerField(unique=True)
    text = models.TextField()
    notice_title = models.CharField(max_length=200)
    notice_number = models.CharField(max_length=100, blank=True)
    notice_date = models.DateField()
    added_by = models.CharField(max_length=150, blank=True)
    added_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class SourceKind(models.TextChoices):
    MEETING = "meeting", _("Meeting decision")
    INSTRUCTION = "instruction", _("Leader's instruction")
    FINDING = "finding", _("Inspection tour finding")
    ASSESSMENT = "assessment", _("Assessment result")
    LISTED_HAZARD = "listed_hazard", _("Listed major hazard")
    SUMMONS = "summons", pgettext_lazy("source", "Summons")


class TicketState(models.TextChoices):
    ISSUED = "issued", _("Being handled")
    REPORTED = "reported", _("Completion reported")
    RETURNED = "returned", _("Returned for more work")
    CLOSED = "closed", _("Closed")


class Step(models.TextChoices):
    """Escalation steps as the days pass (zeren.policy.supervision.STEPS)."""

    NONE = "none", _("On schedule")
    PROMPT = "prompt", _("Reminder (提示)")
    URGE = "urge", _("Urged (催办)")
    SUMMON = "summon", _("Summons (约谈)")
    NOTIFY = "notify", _("Circulated (通报)")


class Ticket(models.Model):
    """A supervision ticket (督办单): a matter to be done by a lead body (主办) with assisting bodies
    (协办) within a number of working days, reviewed by the office that issued it."""

    number = models.CharField(_("ticket number"), max_length=40, unique=True)
    title = models.CharField(_("matter"), max_length=200)
    requirement = models.TextField(_("requirements"))
    issuer = models.ForeignKey(
        Jurisdiction, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="tickets_issued"
    )
    lead_body = models.ForeignKey(Body, verbose_name=_("lead body"), on_delete=models.PROTECT, related_name="tickets")
    assisting = models.ManyToManyField(Body, verbose_name=_("assisting bodies"), blank=True, related_name="+")
    source_kind = models.CharField(_("source"), max_length=16, choices=SourceKind.choices)
    source_label = models.CharField(_("source description"), max_length=300)
    source_reference = models.CharField(_("source reference"), max_length=100, blank=True)
    listed_hazard = models.ForeignKey(
        "ListedHazard", null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    summons = models.ForeignKey("SummonsHeld", null=True, blank=True, on_delete=models.PROTECT, related_name="tickets")
    issued_on = models.DateField(_("issued on"))
    working_days = models.PositiveSmallIntegerField(_("working days allowed"))
    due_on = models.DateField(_("due on"))
    due_warning = models.CharField(max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=TicketState.choices, default=TicketState.ISSUED)
    step = models.CharField(_("escalation"), max_length=16, choices=Step.choices, default=Step.NONE)
    step_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["state", "due_on"], name="supervision_ticket_open_due"),
            models.Index(fields=["issued_on", "id"], name="supervision_ticket_date_id"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state != TicketState.CLOSED


class EventKind(models.TextChoices):
    ISSUED = "issued", _("Issued")
    EXTENSION_ASKED = "extension_asked", _("Extension asked")
    EXTENSION_GRANTED = "extension_granted", _("Extension granted")
    EXTENSION_REFUSED = "extension_refused", _("Extension refused")
    REPORTED = "reported", _("Completion reported")
    RETURNED = "returned", _("Returned")
    CLOSED = "closed", _("Closed")
    ESCALATED = "escalated", _("Escalated")


class TicketEvent(models.Model):
    """One step of a ticket's history: who did what on which day, with the note they wrote."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    on = models.DateField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ticket", "at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind}"


class ExtensionState(models.TextChoices):
    ASKED = "asked", _("Waiting for the reviewer")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class Extension(models.Model):
    """An extension asked for a ticket or a listed hazard (one of the two), and the answer."""

    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.CASCADE, related_name="extensions")
    listed_hazard = models.ForeignKey(
        "ListedHazard", null=True, blank=True, on_delete=models.CASCADE, related_name="extensions"
    )
    asked_on = models.DateField(_("asked on"))
    working_days = models.PositiveSmallIntegerField(_("more working days"), null=True, blank=True)
    new_deadline = models.DateField(_("new deadline"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    state = models.CharField(max_length=16, choices=ExtensionState.choices, default=ExtensionState.ASKED)
    answered_on = models.DateField(null=True, blank=True)
    answer = models.TextField(blank=True)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["asked_on", "id"]

    def __str__(self) -> str:
        return f"{self.asked_on} {self.state}"


class SupervisionEvidence(models.Model):
    """An evidence file of a completion report or a 摘牌销号 (checked, stored and served by zeren.evidence)."""

    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence")
    listed_hazard = models.ForeignKey(
        "ListedHazard", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(upload_to="evidence/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    media_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class ListingState(models.TextChoices):
    LISTED = "listed", _("Listed")
    DELISTED = "delisted", _("Delisted (摘牌销号)")


class ListedHazard(models.Model):
    """A major hazard listed for supervision (挂牌督办) by the office of a level, with its notice,
    deadline (at most a year), responsible unit and leader, publication and 摘牌销号."""

    hazard = models.OneToOneField(Hazard, on_delete=models.PROTECT, related_name="listing")
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="listed_hazards"
    )
    lister = models.ForeignKey(Jurisdiction, verbose_name=_("listed by"), on_delete=models.PROTECT, related_name="+")
    notice_number = models.CharField(_("notice number"), max_length=60)
    title = models.CharField(_("hazard"), max_length=200)
    measures = models.TextField(_("rectification requirements"))
    responsible_body = models.ForeignKey(
        Body, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="listed_hazards"
    )
    responsible_leader = models.ForeignKey(
        Person, verbose_name=_("responsible leader"), on_delete=models.PROTECT, related_name="listed_hazards"
    )
    listed_on = models.DateField(_("listed on"))
    deadline = models.DateField(_("rectification deadline"))
    publish_due = models.DateField(_("publication due"))
    published = models.BooleanField(default=False)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=ListingState.choices, default=ListingState.LISTED)
    delisted_on = models.DateField(_("delisted on"), null=True, blank=True)
    delisting_note = models.TextField(_("delisting verification"), blank=True)
    delist_publish_due = models.DateField(null=True, blank=True)
    delist_published_on = models.DateField(null=True, blank=True)
    poor = models.BooleanField(default=False)
    poor_reason = models.TextField(_("why the rectification is poor"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-listed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["notice_number"], name="supervision_listing_notice_once")]

    def __str__(self) -> str:
        return f"{self.notice_number} {self.title}"


class SummonsHeld(models.Model):
    """A summons (约谈) the pack made due, as held: when, who attended, the requirements given."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction summoned"), on_delete=models.PROTECT, related_name="summonses"
    )
    rule = models.CharField(max_length=80)
    pattern = models.PositiveSmallIntegerField(default=0)
    due_on = models.DateField(_("due since"))
    accidents = models.JSONField(default=list)
    policy_id = models.CharField(max_length=64)
    policy_version = models.CharField(max_length=64)
    verdict = models.JSONField(default=dict)
    held_on = models.DateField(_("held on"))
    attendees = models.TextField(_("attendees"))
    requirements = models.TextField(_("rectification requirements"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "rule", "pattern", "due_on"], name="supervision_summons_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction_id} {self.rule} {self.due_on}"
