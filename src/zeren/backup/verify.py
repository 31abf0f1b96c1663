"""Checking a database and its files: the audit chain, and every evidence file against the SHA-256
and size the database holds for it. Run after every restore, and at any time (``zeren
evidence_verify``, ``zeren audit_verify``)."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from zeren.audit.models import AuditEvent
from zeren.records.models import Evidence
from zeren.supervision.models import SupervisionEvidence
from zeren.tours.models import Attachment

EVIDENCE = (Evidence, Attachment, SupervisionEvidence)
"""Every model whose rows name a stored evidence file (zeren.evidence): a record's, a tour's, a ticket's."""

CHUNK = 1 << 20


@dataclass
class Check:
    """What one check found: how many items it looked at, and one sentence per problem."""

    checked: int = 0
    problems: list[str] = field(default_factory=list)
    summary: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def _file_digest(name: str) -> tuple[int, str] | None:
    if not default_storage.exists(name):
        return None
    digest, size = hashlib.sha256(), 0
    with default_storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def evidence_verify() -> Check:
    """Every evidence row of every kind (:data:`EVIDENCE`; removed ones too: their files stay) against
    its stored file."""
    check = Check()
    seen: dict[str, tuple[int, str] | None] = {}
    rows = (
        evidence
        for model in EVIDENCE
        for evidence in model.objects.order_by("id").only("id", "file", "original_name", "size", "sha256").iterator()
    )
    for evidence in rows:
        check.checked += 1
        name = evidence.file.name or ""
        if name not in seen:
            seen[name] = _file_digest(name) if name else None
        found = seen[name]
        where = {"name": evidence.original_name, "file": name}
        if found is None:
            check.problems.append(_("Evidence “%(name)s”: the file %(file)s is missing.") % where)
        elif found != (evidence.size, evidence.sha256):
            check.problems.append(
                _("Evidence “%(name)s”: the file %(file)s does not match its SHA-256.") % where
            )
    check.summary = (
        _("Evidence: %(count)s file(s), every checksum matches.") % {"count": check.checked}
        if check.ok
        else _("Evidence: %(bad)s of %(count)s file(s) missing or altered.")
        % {"bad": len(check.problems), "count": check.checked}
    )
    return check


def audit_verify() -> Check:
    """``zeren audit_verify``, as a check: its report lines, and whether it found the chain intact."""
    out, err = io.StringIO(), io.StringIO()
    check = Check(checked=AuditEvent.objects.count())
    try:
        call_command("audit_verify", stdout=out, stderr=err)
    except CommandError as error:
        check.problems = [*err.getvalue().splitlines(), str(error)]
        check.summary = str(error)
    else:
        check.summary = out.getvalue().strip()
    return check


def audit_counts(cursor: Any) -> dict[str, Any]:
    """The audit trail's length and head hash and the number of evidence rows, read with a DB-API
    cursor (so that a backup can read them in the snapshot it copies)."""
    audit, evidence = AuditEvent._meta.db_table, Evidence._meta.db_table
    cursor.execute(f"SELECT COUNT(*) FROM {audit}")  # noqa: S608 - table names from our own models
    events = int(cursor.fetchone()[0])
    cursor.execute(f"SELECT hash FROM {audit} ORDER BY id DESC LIMIT 1")  # noqa: S608
    head = cursor.fetchone()
    cursor.execute(f"SELECT COUNT(*) FROM {evidence}")  # noqa: S608
    return {"audit_events": events, "audit_head": head[0] if head else "", "evidence": int(cursor.fetchone()[0])}
