"""Duty performance (履职): performance records with their evidence, and the compliance verdicts
computed from them.

A :class:`PerformanceRecord` says what was done (an activity of docs/contracts.md), on which date it
happened (the effective date, not the upload date), where, and with what result. It credits posts
(:class:`RecordCredit`): the post that led or chaired it and the posts that took part, each with the
appointment (the person holding the post) on that date. Records are never removed: a deletion sets
``deleted_at`` and every change is written to the audit trail with before/after.

:class:`ComplianceRow` holds one verdict of the policy core per appointment × obligation × period,
stored with the policy id and version that produced it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeren.org.models import Appointment, Jurisdiction, Person, Post
from zeren.records.vocabulary import ACTIVITY_CHOICES, STATUS_CHOICES


class PerformanceRecord(models.Model):
    """A duty performed (履职记录)."""

    activity = models.CharField(_("activity"), max_length=40, choices=ACTIVITY_CHOICES)
    occurred_on = models.DateField(_("date it happened"))
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="performance_records"
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    summary = models.TextField(_("summary or minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="performance_records_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="performance_records_deleted",
    )
    deletion_reason = models.CharField(_("reason for deletion"), max_length=300, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("performance record")
        verbose_name_plural = _("performance records")
        indexes = [
            models.Index(fields=["jurisdiction", "occurred_on"], name="records_rec_jur_date"),
            # the records list pages by seek on (date, id), newest first (zeren.listing.SeekPage)
            models.Index(fields=["occurred_on", "id"], name="records_rec_date_id"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_activity_display()}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Capacity(models.TextChoices):
    LEADER = "leader", _("Led or chaired")
    PARTICIPANT = "participant", _("Took part")


class Confirmation(models.TextChoices):
    """Whether the official credited confirms a record someone else (the office) entered for them."""

    NOT_ASKED = "", _("Recorded by the official")
    PENDING = "pending", _("Awaiting the official's confirmation")
    CONFIRMED = "confirmed", _("Confirmed by the official")
    DISPUTED = "disputed", _("Disputed by the official")


class RecordCredit(models.Model):
    """A post credited by a record, with the appointment (person in post) on the record's date.

    ``activity`` and ``occurred_on`` repeat the record's so that compliance counts are one
    GROUP BY over this table; ``active`` is false once the record is deleted, ``counts`` says
    whether the credit counts toward the post's obligations (see :mod:`zeren.records.vocabulary`).

    ``confirmation``: a record entered by someone else for an official who has an account waits for
    that official to confirm or dispute it (:func:`zeren.records.services.record_confirm`); an edit of
    the record asks again. A disputed record still counts until the office corrects or deletes it.
    """

    # No index of their own: (record, post), (post, date) and (appointment, date) below start with them.
    record = models.ForeignKey(PerformanceRecord, on_delete=models.PROTECT, related_name="credits", db_index=False)
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="performance_credits", db_index=False)
    appointment = models.ForeignKey(
        Appointment, on_delete=models.PROTECT, related_name="performance_credits", db_index=False
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="performance_credits")
    capacity = models.CharField(max_length=16, choices=Capacity.choices)
    counts = models.BooleanField(default=True)
    activity = models.CharField(max_length=40, choices=ACTIVITY_CHOICES)
    occurred_on = models.DateField()
    active = models.BooleanField(default=True)
    confirmation = models.CharField(max_length=16, choices=Confirmation.choices, blank=True, default="")
    confirmation_note = models.CharField(_("what is wrong with it"), max_length=500, blank=True)
    confirmation_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["record", "capacity", "post"]
        constraints = [models.UniqueConstraint(fields=["record", "post"], name="records_credit_once_per_post")]
        indexes = [
            # A year's recompute counts its credits by date: this index holds every column the count reads,
            # so PostgreSQL answers it from the index alone (an index-only scan of the year's range), at the
            # same cost with ten years stored as with one. Read through the plain date index, the year's
            # rows were fetched from all over the table (1.9 s against 0.7 s at 13.8M credits, ten years).
            # SQLite has no INCLUDE: there it is the plain date index.
            models.Index(
                fields=["occurred_on"],
                include=["appointment", "post", "activity", "counts", "active"],
                name="records_credit_date_cover",
            ),
            # A recompute counts the year's credits of the appointments its duties bind by appointment:
            # each one's range of dates read from this index alone, in appointment order, so that the
            # counts stream out as they are grouped instead of after a sort of the year's credits (a
            # province's year: first counts after 0.1 s rather than 0.7 s). SQLite: the plain index.
            models.Index(
                fields=["appointment", "occurred_on"],
                include=["activity", "counts", "active"],
                name="records_credit_appt_cover",
            ),
            models.Index(fields=["post", "occurred_on"], name="records_credit_post_date"),
            # The few credits an official disputed (the dashboard's flag, the office's list): without it
            # the province dashboard counted them by reading every credit (150 ms at 1.4M credits).
            models.Index(
                fields=["record"],
                name="records_credit_disputed",
                condition=models.Q(confirmation="disputed", active=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_id} → {self.post_id} ({self.capacity})"

    @property
    def confirmation_tone(self) -> str:
        """The status colour of the confirmation (zeren.css ``status-*``)."""
        return {"pending": "pending", "confirmed": "met", "disputed": "missed"}.get(self.confirmation, "")


class Hazard(models.Model):
    """A hazard found on an inspection, with the deadline set for its rectification."""

    record = models.ForeignKey(PerformanceRecord, on_delete=models.PROTECT, related_name="hazards")
    description = models.CharField(_("hazard found"), max_length=500)
    rectify_by = models.DateField(_("rectification deadline"))
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)

    class Meta:
        ordering = ["record", "rectify_by", "id"]
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")

    def __str__(self) -> str:
        return self.description


class Evidence(models.Model):
    """An evidence file (PDF, image, .docx), typed from its content, with its SHA-256.

    Removing evidence from a record sets ``removed_at``; the file itself stays."""

    record = models.ForeignKey(PerformanceRecord, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to="evidence/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    media_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["record", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")


class ComplianceRow(models.Model):
    """One verdict of the policy core: appointment × obligation × period, with the policy version."""

    # Derived data, rewritten in bulk by the recompute: no database-level foreign keys (their deferred
    # checks would double the cost of a province recompute); Django still cascades deletions. Nor a
    # single-column index where a composite one below starts with the column (every index costs the
    # bulk write of a province's verdicts).
    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="compliance_rows", db_constraint=False, db_index=False
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="compliance_rows", db_constraint=False, db_index=False
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="compliance_rows", db_constraint=False)
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, related_name="compliance_rows", db_constraint=False, db_index=False
    )
    role = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    obligation = models.CharField(max_length=80)
    activity = models.CharField(max_length=40, blank=True)
    period = models.CharField(max_length=40)
    period_start = models.DateField()
    period_end = models.DateField()
    required = models.PositiveIntegerField()
    done = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=STATUS_CHOICES)
    reason = models.CharField(max_length=32, blank=True)
    policy_id = models.CharField(max_length=64)
    policy_version = models.CharField(max_length=64)
    computed_on = models.DateField()

    class Meta:
        ordering = ["jurisdiction", "post", "period_start", "obligation"]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "obligation", "period"], name="records_compliance_one_per_period"
            )
        ]
        indexes = [
            models.Index(fields=["jurisdiction", "year"], name="records_cr_jur_year"),
            models.Index(fields=["year", "status"], name="records_cr_year_status"),
            models.Index(fields=["post", "year"], name="records_cr_post_year"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} {self.obligation} {self.period}: {self.status}"


class CalendarFeed(models.Model):
    """A personal iCalendar feed: a secret URL, revocable. The URL's token is shown to its owner once,
    when the feed is made; only its SHA-256 digest is stored (zeren.tokens, as for API tokens)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} feed"


class ReminderSent(models.Model):
    """A reminder or escalation already sent, so the daily job sends each one once."""

    KINDS = [("due", "due"), ("escalation", "escalation")]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=KINDS)
    key = models.CharField(max_length=200)
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind", "key"], name="records_reminder_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class ComplianceTally(models.Model):
    """The dashboard's rollup of :class:`ComplianceRow`: how many verdicts per year, jurisdiction,
    role, obligation (with its policy) and status. Rewritten by the recompute for every jurisdiction
    whose verdicts changed (:func:`zeren.records.rollups.refresh_tallies`), so that it always equals
    a GROUP BY over the verdicts.

    The rollups are read by year and jurisdiction (their one index): their foreign keys have no
    index of their own, which a year's first computation would build again (records migration 0015);
    deleting a jurisdiction or post reads its rollups by scan."""

    year = models.PositiveSmallIntegerField()
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    role = models.CharField(max_length=32)
    obligation = models.CharField(max_length=80)
    policy_id = models.CharField(max_length=64)
    policy_version = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=STATUS_CHOICES)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["year", "jurisdiction"], name="records_tally_year_jur")]

    def __str__(self) -> str:
        return f"{self.year} {self.jurisdiction_id} {self.role} {self.obligation} {self.status}: {self.n}"


class ComplianceTrendTally(models.Model):
    """The dashboard's trend rollup of :class:`ComplianceRow`: met and missed verdicts per year,
    jurisdiction, month of the year that the period covers (a quarter's verdict counts in its three
    months, an event's in its own) and the month in which the period closes (its first day), so that
    a month is read with the periods closed by then."""

    year = models.PositiveSmallIntegerField()
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    month = models.PositiveSmallIntegerField()
    closes = models.DateField()
    status = models.CharField(max_length=16, choices=STATUS_CHOICES)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["year", "jurisdiction"], name="records_trend_year_jur")]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.jurisdiction_id} {self.status}: {self.n}"


class ComplianceMissedTally(models.Model):
    """The dashboard's rollup of missed verdicts per year and post (for the posts most behind)."""

    year = models.PositiveSmallIntegerField()
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["year", "jurisdiction"], name="records_missed_year_jur")]

    def __str__(self) -> str:
        return f"{self.year} {self.post_id}: {self.n} missed"


class TreeKind(models.TextChoices):
    """What a :class:`ComplianceTreeTally` row counts by."""

    JURISDICTION = "j", "jurisdiction"
    ROLE = "r", "role"
    OBLIGATION = "o", "obligation"


class ComplianceTreeTally(models.Model):
    """The whole tree's rollup of :class:`ComplianceTally`, which the dashboard of the whole tree (the
    only root, seen whole: a province office) reads instead of grouping every jurisdiction's tallies.

    Per year and status, three breakdowns, each a GROUP BY of the year's :class:`ComplianceTally` rows:
    ``kind`` j — per jurisdiction (``item`` its id in decimal); r — per role (``item`` the role); o — per
    obligation with its policy (``item`` the obligation, ``policy_id`` and ``policy_version`` set; they
    are '' for j and r). Kept by delta by :func:`zeren.records.rollups.refresh_tallies` (the
    jurisdictions it rewrites are subtracted before and added after), a row whose count reaches 0
    removed, so that it always equals that GROUP BY. ``n`` is a plain integer because a delta is
    added by an upsert (``ON CONFLICT … DO UPDATE SET n = n + excluded.n``) with a negative count;
    it is never negative once a refresh has ended. Whoever deletes tallies otherwise deletes these
    rows of the year too (a jurisdiction deleted: :func:`zeren.records.rollups.forget_jurisdictions`)."""

    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=1, choices=TreeKind.choices)
    item = models.CharField(max_length=80)
    policy_id = models.CharField(max_length=64, blank=True)
    policy_version = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=STATUS_CHOICES)
    n = models.IntegerField()

    class Meta:
        constraints = [
            # The upsert's conflict target; it also serves the dashboard's read of a year.
            models.UniqueConstraint(
                fields=["year", "kind", "item", "policy_id", "policy_version", "status"], name="records_tree_tally_key"
            )
        ]
        # the rows a delta brought to 0, found without reading the year's rows (drop_empty_tree_rows)
        indexes = [models.Index(fields=["year"], condition=models.Q(n=0), name="records_tree_tally_empty")]

    def __str__(self) -> str:
        return f"{self.year} {self.kind} {self.item} {self.policy_id} {self.status}: {self.n}"


class ComplianceTreeTrendTally(models.Model):
    """The whole tree's rollup of :class:`ComplianceTrendTally`: its rows of every jurisdiction summed
    per year, month, closing month and status (a GROUP BY of them), read by the dashboard of the whole
    tree for its trend. Kept by delta as :class:`ComplianceTreeTally` is, with the same plain ``n``."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    closes = models.DateField()
    status = models.CharField(max_length=16, choices=STATUS_CHOICES)
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "month", "closes", "status"], name="records_tree_trend_key")
        ]
        indexes = [models.Index(fields=["year"], condition=models.Q(n=0), name="records_tree_trend_empty")]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} closing {self.closes} {self.status}: {self.n}"
