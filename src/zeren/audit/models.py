"""The audit trail: every change to records, cases and decisions, in a hash chain that shows
tampering. Rows are only ever appended (``zeren.audit.services.record_event`` is the one writer;
database triggers refuse UPDATE, DELETE and TRUNCATE); each row's ``hash`` covers every stored field
and the previous row's hash, so editing or deleting a row breaks the chain at that row, and signed
anchors exported daily show truncation or a recomputed chain (``zeren audit_verify --anchors``).
``scheme`` names the hash formula of the row (``zeren.audit.hashing``). Nothing is ever pruned:
accountability outlives careers. docs/audit.md explains it all.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    jurisdiction_path = models.CharField(max_length=255, blank=True, db_index=True)
    data = models.JSONField(_("data"), default=dict)
    prev_hash = models.CharField(max_length=64)
    # The hash formula of this row (zeren.audit.hashing.SCHEMES); rows written before scheme 2 keep 1.
    scheme = models.PositiveSmallIntegerField()
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id", "id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"
