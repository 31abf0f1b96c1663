"""The jurisdiction tree (辖区) and the people who hold posts in it."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zeren.org.levels import Level
from zeren.terms import ROLE_LABELS


class Jurisdiction(models.Model):
    """A node of the administrative tree: province, city, county, township or street,
    functional zone or new area.

    ``path`` is a materialised path of codes (``/130000/130100/130123/``) kept by
    :mod:`zeren.org.services`; a subtree is one indexed prefix query
    (``path__startswith``), which on PostgreSQL uses the ``varchar_pattern_ops`` index
    Django adds beside the unique index of a text field.
    """

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__in=Level.values), name="org_jurisdiction_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def has_national_code(self) -> bool:
        """Functional zones carry a locally assigned code, everything else the national one."""
        return self.level != Level.ZONE

    def is_within(self, other: Jurisdiction) -> bool:
        """True when this node is ``other`` or lies in its subtree."""
        return self.path.startswith(other.path)


class Person(models.Model):
    """A person who holds (or held) posts: an official's identity across appointments.

    ``jurisdiction`` is where the person is managed now (it scopes who sees the record); the
    tenure history lives in :class:`Appointment` and may cross jurisdictions. Identity numbers
    are never stored: ``identity_digest`` is a keyed hash (see :mod:`zeren.org.identity`) used
    only to recognise the same person on re-import.
    """

    name = models.CharField(_("name"), max_length=100)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="people"
    )
    identity_digest = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["jurisdiction__path", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


class BodyKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    GOVERNMENT = "government", _("Government")
    DEPARTMENT = "department", _("Department")


class DepartmentKind(models.TextChoices):
    """docs/contracts.md ``department_kind``."""

    KEY_REGULATOR = "key_regulator", _("Key safety regulator")
    REGULATOR = "regulator", _("Department with safety supervision duties")
    INDUSTRY_AUTHORITY = "industry_authority", _("Industry authority")
    OTHER = "other", _("Other department")


class Body(models.Model):
    """A body of a jurisdiction: its party committee (党委/党工委), its government (政府/管委会/
    街道办事处) or one of its departments, with the department's kind."""

    code = models.CharField(_("body code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="bodies"
    )
    kind = models.CharField(pgettext_lazy("organisation body", "kind"), max_length=16, choices=BodyKind.choices)
    department_kind = models.CharField(
        _("department kind"), max_length=24, choices=DepartmentKind.choices, blank=True
    )

    class Meta:
        ordering = ["jurisdiction__path", "kind", "code"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="department") & ~models.Q(department_kind=""))
                | (~models.Q(kind="department") & models.Q(department_kind="")),
                name="org_body_department_kind_iff_department",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PostRole(models.TextChoices):
    """docs/contracts.md ``role``, named by the core's vocabulary (zeren.terms)."""

    PARTY_SECRETARY = "party_secretary", ROLE_LABELS["party_secretary"]
    GOVERNMENT_HEAD = "government_head", ROLE_LABELS["government_head"]
    STANDING_MEMBER = "standing_member", ROLE_LABELS["standing_member"]
    DEPUTY_FOR_SAFETY = "deputy_for_safety", ROLE_LABELS["deputy_for_safety"]
    GOVERNMENT_DEPUTY = "government_deputy", ROLE_LABELS["government_deputy"]
    DEPT_PRINCIPAL = "dept_principal", ROLE_LABELS["dept_principal"]
    DEPT_DEPUTY_FOR_SAFETY = "dept_deputy_for_safety", ROLE_LABELS["dept_deputy_for_safety"]
    DEPT_OTHER_LEADER = "dept_other_leader", ROLE_LABELS["dept_other_leader"]


DEPARTMENT_ROLES = frozenset({"dept_principal", "dept_deputy_for_safety", "dept_other_leader"})


class Post(models.Model):
    """A post (岗位/职务): a role in a body, with the sectors it is in charge of (分管行业)."""

    code = models.CharField(_("post code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=100)
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="posts")
    role = models.CharField(_("role"), max_length=32, choices=PostRole.choices)
    sectors = models.JSONField(_("sectors in charge"), default=list, blank=True)
    on_standing_committee = models.BooleanField(_("on the standing committee"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["body__jurisdiction__path", "body__kind", "code"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return f"{self.body.jurisdiction.name} {self.title}"

    @property
    def jurisdiction(self) -> Jurisdiction:
        return self.body.jurisdiction

    @property
    def level(self) -> str:
        return self.body.jurisdiction.level

    @property
    def department_kind(self) -> str | None:
        return self.body.department_kind or None


class AppointmentReason(models.TextChoices):
    APPOINTED = "appointed", _("Appointed")
    TRANSFERRED = "transferred", _("Transferred")
    PROMOTED = "promoted", _("Promoted")
    RETIRED = "retired", _("Retired")
    REMOVED = "removed", _("Removed")


class Appointment(models.Model):
    """Who held a post when: tenure matters for 终身追责 and for accidents during tenure.
    ``end`` is the last day in post (inclusive); open while ``end`` is null."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="appointments"
    )
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="appointments")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    start_reason = models.CharField(
        _("reason for starting"), max_length=16, choices=AppointmentReason.choices, default="appointed"
    )
    end_reason = models.CharField(_("reason for ending"), max_length=16, choices=AppointmentReason.choices, blank=True)

    class Meta:
        ordering = ["post", "-start"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="org_appointment_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=(models.Q(end__isnull=True) & models.Q(end_reason=""))
                | (models.Q(end__isnull=False) & ~models.Q(end_reason="")),
                name="org_appointment_end_reason_iff_ended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.post} ({self.start}–{self.end or ''})"

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class PolicyBinding(models.Model):
    """Which policy pack governs a jurisdiction (and, by default, its subtree) from which date.

    The nearest binding up the tree that is valid on a date wins, so 常州市 can be bound to
    changzhou-2018 once and its 辖市、区, townships and zones inherit it; the pack's own scope
    rules then say whether a post is covered directly or by reference (参照).
    """

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="policy_bindings"
    )
    pack_id = models.CharField(pgettext_lazy("binding of a jurisdiction", "policy pack"), max_length=64)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    include_subtree = models.BooleanField(_("applies to the subtree"), default=True)

    class Meta:
        ordering = ["jurisdiction__path", "-valid_from"]
        verbose_name = _("policy binding")
        verbose_name_plural = _("policy bindings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gt=models.F("valid_from")),
                name="org_policybinding_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction.name}: {self.pack_id} ({self.valid_from}–{self.valid_until or ''})"
