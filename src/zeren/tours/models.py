"""Inspection tours (巡查) and rectification (整改).

A :class:`TourPlan` is one round (轮次) of a touring jurisdiction's tours in a year: its kind (定期,
专项, 随机), its dates and its group (:class:`GroupMember`: 组长, 副组长, members, experts). Each
:class:`Tour` is the visit of one target body (a lower-level party committee or government, or a
department of the same level) with the methods used, the documents seen and the 反馈 / 通报 issued;
its :class:`Finding` rows are the 问题清单.

A :class:`RectificationPlan` (整改方案) follows a tour, or another source (``source_kind`` +
``source_ref``: an assessment result, kept as a plain reference so this app imports no assessment);
its :class:`RectificationItem` rows are measures with a standard, a responsible unit and leader and a
deadline; :class:`ProgressReport` rows carry the progress and evidence; an item is closed (销号) by a
verifier who is not its rectifier; an overdue item is escalated to the parent jurisdiction; a
:class:`FollowUpCheck` (回头看) may reopen items. Files (:class:`Attachment`) are checked and stored as
the records' evidence is (:mod:`zeren.evidence`).

Every row that a page shows carries ``jurisdiction`` — the toured (rectifying) jurisdiction — so the
access layer scopes it with one indexed prefix query: the toured county sees its own tour, the city
that toured it sees it in its subtree.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zeren.org.models import Body, Jurisdiction, Person


class TourKind(models.TextChoices):
    REGULAR = "regular", pgettext_lazy("tour kind", "Regular")
    SPECIAL = "special", pgettext_lazy("tour kind", "Special")
    RANDOM = "random", pgettext_lazy("tour kind", "Random")


class GroupRole(models.TextChoices):
    LEADER = "leader", _("Group leader")
    DEPUTY = "deputy", _("Deputy group leader")
    MEMBER = "member", _("Group member")
    EXPERT = "expert", _("Expert")


class Method(models.TextChoices):
    """How a tour inspects (安委〔2016〕2号 and the 考核巡查 practice; 河北 第六条第（十）项 暗查暗访)."""

    BRIEFING = "briefing", _("Hearing reports")
    RECORDS = "records", _("Reviewing the ledgers")
    INTERVIEWS = "interviews", _("Individual talks")
    SITE_QUESTIONS = "site_questions", _("Questions on site")
    SYMPOSIUM = "symposium", _("Symposium")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")
    UNANNOUNCED = "unannounced", _("Unannounced visits")
    SPOT_CHECKS = "spot_checks", _("Spot checks of enterprises")


class TourPlan(models.Model):
    """One round of tours of a touring jurisdiction (巡查计划)."""

    organiser = models.ForeignKey(
        Jurisdiction, verbose_name=_("touring jurisdiction"), on_delete=models.PROTECT, related_name="tour_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    round = models.PositiveSmallIntegerField(_("round"))
    kind = models.CharField(_("kind of tour"), max_length=16, choices=TourKind.choices)
    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-year", "-round", "-id"]
        verbose_name = _("tour plan")
        verbose_name_plural = _("tour plans")
        constraints = [
            models.UniqueConstraint(fields=["organiser", "year", "round"], name="tours_plan_round_once"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="tours_plan_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


class GroupMember(models.Model):
    plan = models.ForeignKey(TourPlan, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role in the group"), max_length=16, choices=GroupRole.choices)

    class Meta:
        ordering = ["plan", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "person"], name="tours_member_once")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class TourStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    FEEDBACK = "feedback", _("Feedback given")


class Tour(models.Model):
    """The tour of one target body in a round: methods, documents seen, findings, 反馈 and 通报."""

    plan = models.ForeignKey(TourPlan, on_delete=models.PROTECT, related_name="tours")
    target = models.ForeignKey(Body, verbose_name=_("toured body"), on_delete=models.PROTECT, related_name="tours")
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="tours")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    methods = models.JSONField(_("methods used"), default=list, blank=True)
    documents_seen = models.TextField(_("documents seen"), blank=True)
    status = models.CharField(max_length=16, choices=TourStatus.choices, default=TourStatus.PLANNED)
    feedback_on = models.DateField(_("feedback given on"), null=True, blank=True)
    feedback_number = models.CharField(_("document number of the feedback"), max_length=60, blank=True)
    notice_number = models.CharField(_("document number of the notice"), max_length=60, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["plan", "start", "id"]
        verbose_name = _("tour")
        verbose_name_plural = _("tours")
        constraints = [
            models.UniqueConstraint(fields=["plan", "target"], name="tours_tour_target_once_per_plan"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="tours_tour_ends_after_start"),
        ]
        indexes = [models.Index(fields=["target", "start"], name="tours_tour_target_start")]

    def __str__(self) -> str:
        return f"{self.plan.title}：{self.target.name}"

    def method_labels(self) -> list[str]:
        labels = dict(Method.choices)
        return [str(labels[m]) for m in self.methods if m in labels]


class FindingLevel(models.TextChoices):
    GOVERNMENT = "government", _("Government level")
    ENTERPRISE = "enterprise", _("Enterprise level")


class Finding(models.Model):
    """A problem a tour found (问题清单): what, the criterion and the article breached, the level, who
    is responsible. ``article`` is an article id of ``policy_id`` (the pack in force where it was found)."""

    tour = models.ForeignKey(Tour, on_delete=models.PROTECT, related_name="findings")
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="tour_findings")
    number = models.PositiveIntegerField(_("number"))
    description = models.TextField(_("problem found"))
    criterion = models.CharField(_("criterion breached"), max_length=300)
    policy_id = models.CharField(max_length=64, blank=True)
    article = models.CharField(_("article breached"), max_length=40, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=FindingLevel.choices)
    responsible_body = models.ForeignKey(
        Body, verbose_name=_("responsible body"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responsible_enterprise = models.CharField(_("responsible enterprise"), max_length=200, blank=True)
    responsible_person = models.ForeignKey(
        Person,
        verbose_name=_("responsible official"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tour_findings",
    )
    found_on = models.DateField(_("found on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tour", "number"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [models.UniqueConstraint(fields=["tour", "number"], name="tours_finding_number_once")]
        indexes = [
            # the findings list pages by seek on (found_on, id), newest first, within a subtree
            models.Index(fields=["found_on", "id"], name="tours_finding_date_id"),
            models.Index(fields=["jurisdiction", "found_on"], name="tours_finding_jur_date"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.description[:40]}"

    @property
    def article_label(self) -> str:
        """The article breached as people read it (河北 第十四条), or "" when none or unknown."""
        from zeren.org.bindings import registry  # the policy registry, loaded once per process

        if not self.article or not self.policy_id:
            return ""
        try:
            return registry().get(self.policy_id).cite(self.article).label
        except (KeyError, ValueError, LookupError):
            return ""


class SourceKind(models.TextChoices):
    TOUR = "tour", _("Inspection tour")
    ASSESSMENT = "assessment", _("Assessment result")


class RectificationPlan(models.Model):
    """整改方案: the rectifying jurisdiction's plan after a tour's 反馈 (or after another source)."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="rectification_plans")
    source_kind = models.CharField(_("source"), max_length=16, choices=SourceKind.choices, default=SourceKind.TOUR)
    tour = models.OneToOneField(
        Tour, null=True, blank=True, on_delete=models.PROTECT, related_name="rectification_plan"
    )
    source_ref = models.CharField(_("source reference"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200)
    submitted_on = models.DateField(_("submitted on"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("rectification plan")
        verbose_name_plural = _("rectification plans")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(source_kind="tour") & models.Q(tour__isnull=False))
                | (~models.Q(source_kind="tour") & models.Q(tour__isnull=True)),
                name="tours_plan_tour_iff_tour_source",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ItemStatus(models.TextChoices):
    OPEN = "open", _("Being rectified")
    REPORTED = "reported", _("Reported done, awaiting sign-off")
    CLOSED = "closed", _("Signed off")


class RectificationItem(models.Model):
    """One item of a rectification plan (整改清单): measure, standard, responsible unit and leader,
    deadline. ``rectifier`` is the account that reported it done; only another may sign it off."""

    plan = models.ForeignKey(RectificationPlan, on_delete=models.PROTECT, related_name="items")
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="rectification_items")
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.PROTECT, related_name="rectification_items"
    )
    number = models.PositiveIntegerField(_("number"))
    measure = models.TextField(_("measure"))
    standard = models.CharField(_("standard to reach"), max_length=300)
    responsible_unit = models.ForeignKey(
        Body, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        Person, verbose_name=_("responsible leader"), on_delete=models.PROTECT, related_name="rectification_items"
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    rectifier = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_on = models.DateField(_("reported done on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_on = models.DateField(_("signed off on"), null=True, blank=True)
    closing_note = models.CharField(_("verification note"), max_length=500, blank=True)
    escalated_to = models.ForeignKey(
        Jurisdiction, null=True, blank=True, on_delete=models.PROTECT, related_name="escalated_rectification_items"
    )
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    reopened = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="tours_item_number_once"),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(closed_by__isnull=False, closed_on__isnull=False),
                name="tours_item_closed_has_verifier",
            ),
        ]
        indexes = [
            # the items list pages by seek on (deadline, id), within a subtree, by status
            models.Index(fields=["deadline", "id"], name="tours_item_deadline_id"),
            models.Index(fields=["jurisdiction", "deadline"], name="tours_item_jur_deadline"),
            models.Index(fields=["status", "deadline"], name="tours_item_status_deadline"),
            models.Index(fields=["escalated_to", "status"], name="tours_item_escalated"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.measure[:40]}"


class ProgressReport(models.Model):
    """A progress report on an item (整改进展), with evidence; ``completes`` reports the item done."""

    item = models.ForeignKey(RectificationItem, on_delete=models.PROTECT, related_name="reports")
    reported_on = models.DateField(_("reported on"))
    text = models.TextField(_("progress"))
    completes = models.BooleanField(_("rectification complete"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.reported_on}"


class FollowUpCheck(models.Model):
    """回头看: a later check of a plan's signed-off items; it may reopen them."""

    plan = models.ForeignKey(RectificationPlan, on_delete=models.PROTECT, related_name="follow_ups")
    checked_on = models.DateField(_("checked on"))
    conclusion = models.TextField(_("conclusion"))
    reopened_items = models.ManyToManyField(RectificationItem, blank=True, related_name="follow_ups")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "checked_on", "id"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.checked_on}"


class Attachment(models.Model):
    """An evidence file of a finding or a progress report (checked and stored like records' evidence:
    type from content, SHA-256, stored by checksum under MEDIA_ROOT)."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.PROTECT, related_name="files")
    report = models.ForeignKey(ProgressReport, null=True, blank=True, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(upload_to="evidence/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    media_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(finding__isnull=False, report__isnull=True)
                | models.Q(finding__isnull=True, report__isnull=False),
                name="tours_attachment_of_one",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")
