"""Duty lists (责任清单): the duties of one post, generated from the policy pack in force, with the
office's local additions, kept as numbered versions.

A version is a draft while the office works on it; publishing it (公示) freezes it and supersedes
the version published before. A published or superseded list is never changed again: the services
refuse, :meth:`DutyList.save` refuses, and database triggers (migration 0002) refuse an UPDATE of a
frozen list or of its items and an INSERT of items into it. A change of pack or post makes a new
draft with the next version number.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zeren.org.models import Post
from zeren.problems import Conflict


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class Source(models.TextChoices):
    PACK = "pack", _("Policy pack")
    LOCAL = "local", _("Local")


def frozen(version: int, status: str) -> Conflict:
    """The refusal of a write to a published or superseded duty list (or its items): the list changed
    from the draft the user was editing (status 409)."""
    return Conflict(
        gettext("Version %(version)s is %(status)s and can no longer be changed; generate a new draft first.")
        % {"version": version, "status": Status(status).label}
    )


class DutyList(models.Model):
    """One version of a post's duty list.

    The post's role, level, department kind and title are copied in when the list is generated, so
    a later change of the post shows as "out of date" and never alters what was published."""

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="duty_lists")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    pack_id = models.CharField(_("policy pack"), max_length=64)
    policy_title = models.CharField(_("policy title"), max_length=200)
    policy_version = models.CharField(_("policy version"), max_length=64)
    applies = models.CharField(_("applies"), max_length=16, help_text=_("direct or by_reference (参照)"))
    read_as_level = models.CharField(_("read as level"), max_length=16)
    scope_cites = models.JSONField(_("scope articles"), default=list)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    generated_on = models.DateField(_("policy in force on"))
    post_title = models.CharField(_("post title"), max_length=100)
    role = models.CharField(_("role"), max_length=32)
    level = models.CharField(_("level"), max_length=16)
    department_kind = models.CharField(_("department kind"), max_length=24, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["post__code", "-version"]
        verbose_name = _("duty list")
        verbose_name_plural = _("duty lists")
        constraints = [
            models.UniqueConstraint(fields=["post", "version"], name="duties_dutylist_one_row_per_version"),
            models.UniqueConstraint(
                fields=["post"], condition=models.Q(status="draft"), name="duties_dutylist_one_draft_per_post"
            ),
            models.UniqueConstraint(
                fields=["post"], condition=models.Q(status="published"), name="duties_dutylist_one_published_per_post"
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft", published_at__isnull=True)
                | (~models.Q(status="draft") & models.Q(published_at__isnull=False)),
                name="duties_dutylist_published_at_iff_not_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post_title} v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            stored = type(self)._default_manager.filter(pk=self.pk).values_list("status", "version").first()
            if stored is not None and stored[0] != Status.DRAFT:
                raise frozen(stored[1], stored[0])
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        if self.status != Status.DRAFT:
            raise frozen(self.version, self.status)
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]


class DutyItem(models.Model):
    """One duty of a list: from the pack (``rule_id`` and the articles it cites, verbatim) or added
    locally by the office (``source`` local, with its own text and an optional basis).

    ``key`` identifies the same duty across versions (the rule id, or ``local-N``), which is what
    :func:`zeren.duties.services.duty_lists_compare` matches on."""

    duty_list = models.ForeignKey(DutyList, verbose_name=_("duty list"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("position"))
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    key = models.CharField(_("key"), max_length=80)
    rule_id = models.CharField(_("rule"), max_length=80, blank=True)
    title = models.CharField(_("duty"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    cites = models.JSONField(_("articles cited"), default=list, blank=True)
    articles = models.JSONField(_("article texts"), default=list, blank=True)
    kind = models.CharField(_("kind"), max_length=16, blank=True)
    activity = models.CharField(_("activity"), max_length=40, blank=True)
    every = models.CharField(_("every"), max_length=16, blank=True)
    at_least = models.PositiveIntegerField(_("at least"), null=True, blank=True)
    reading = models.TextField(_("reading"), blank=True)
    basis = models.CharField(_("basis"), max_length=300, blank=True)

    class Meta:
        ordering = ["duty_list", "position", "id"]
        verbose_name = _("duty item")
        verbose_name_plural = _("duty items")
        constraints = [
            models.UniqueConstraint(fields=["duty_list", "key"], name="duties_dutyitem_key_unique_in_list"),
            models.CheckConstraint(
                condition=models.Q(source="local") | ~models.Q(rule_id=""), name="duties_dutyitem_pack_item_has_rule"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_local(self) -> bool:
        return self.source == Source.LOCAL

    def _require_draft(self) -> None:
        stored = DutyList._default_manager.filter(pk=self.duty_list_id).values_list("status", "version").first()
        if stored is not None and stored[0] != Status.DRAFT:
            raise frozen(stored[1], stored[0])

    def save(self, *args: object, **kwargs: object) -> None:
        self._require_draft()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        self._require_draft()
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]
