"""Signed anchors of the audit chain: what the trail held at a moment, kept outside the database.

An anchor is (head event id, head hash, number of events up to the head, time), signed with
HMAC-SHA256 under ``ZEREN_AUDIT_KEY``. ``write_anchor(directory)`` writes the day's anchor file
(``audit-anchor-YYYY-MM-DD.json``, the day in zeren's time zone); it never overwrites one, so a second
run on the same day changes nothing. Copy the files off the database host (docs/audit.md).

``verify_anchors(directory)`` checks every anchor file against the database: its signature, that its
head event still exists with that hash, and that exactly that many events lead up to it. The hash
chain alone cannot show that its last events were deleted, that it was truncated, or that someone
who can write the table recomputed every hash after an edit; an anchor signed with a key the
database does not hold shows all three (for the events up to the latest anchor).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from zeren.audit.hashing import GENESIS
from zeren.audit.models import AuditEvent
from zeren.audit.services import append_lock

FORMAT = "zeren-audit-anchor/1"
FILE_PREFIX = "audit-anchor-"
SIGNED_FIELDS = ("format", "head_id", "head_hash", "events", "at", "key")


def audit_key() -> bytes:
    """The anchor key (``ZEREN_AUDIT_KEY``); an error naming the variable when it is not set."""
    key = getattr(settings, "ZEREN_AUDIT_KEY", "")
    if not key:
        raise ImproperlyConfigured(
            "ZEREN_AUDIT_KEY is not set: anchors of the audit trail cannot be signed or checked "
            "(generate one with python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    return str(key).encode()


def key_fingerprint(key: bytes) -> str:
    """Names the key in an anchor file without revealing it, so a key change is told from a forgery."""
    return hashlib.sha256(b"zeren-audit-anchor-key:" + key).hexdigest()[:16]


def _canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps({name: fields[name] for name in SIGNED_FIELDS}, sort_keys=True, separators=(",", ":")).encode()


def _sign(fields: dict[str, Any], key: bytes) -> str:
    return hmac.new(key, _canonical(fields), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Anchor:
    head_id: int | None
    head_hash: str
    events: int
    at: datetime

    def signed(self, key: bytes) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "format": FORMAT,
            "head_id": self.head_id,
            "head_hash": self.head_hash,
            "events": self.events,
            "at": self.at.astimezone(UTC).isoformat(timespec="seconds"),
            "key": key_fingerprint(key),
        }
        return {**fields, "signature": _sign(fields, key)}


def current_anchor() -> Anchor:
    """The head of the chain now and the number of events up to it (taken under the append lock, so
    no event is appended between the two reads)."""
    with transaction.atomic():
        append_lock()
        head = AuditEvent.objects.order_by("-id").values("id", "hash").first()
        if head is None:
            return Anchor(head_id=None, head_hash=GENESIS, events=0, at=timezone.now())
        count = AuditEvent.objects.filter(id__lte=head["id"]).count()
        return Anchor(head_id=head["id"], head_hash=head["hash"], events=count, at=timezone.now())


@dataclass(frozen=True)
class AnchorFile:
    path: Path
    written: bool  # False: the day's file was already there and is left as it is
    content: dict[str, Any]


def anchor_path(directory: Path, day: date) -> Path:
    return directory / f"{FILE_PREFIX}{day.isoformat()}.json"


def write_anchor(directory: Path | str, *, day: date | None = None) -> AnchorFile:
    """Write the day's signed anchor into ``directory`` (created if missing) unless it is there.

    Idempotent, one file per day, never overwritten (an earlier anchor of the day is evidence too);
    the file appears whole or not at all. For a daily cron line or a scheduled task."""
    key = audit_key()
    directory = Path(directory)
    path = anchor_path(directory, day or timezone.localdate())
    if path.exists():
        return AnchorFile(path=path, written=False, content=_read(path))
    directory.mkdir(parents=True, exist_ok=True)
    content = current_anchor().signed(key)
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".anchor-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(content, handle, indent=2, sort_keys=True)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temporary, path)  # fails if the file appeared meanwhile: never replaces one
    except FileExistsError:
        return AnchorFile(path=path, written=False, content=_read(path))
    finally:
        os.unlink(temporary)
    return AnchorFile(path=path, written=True, content=content)


def _read(path: Path) -> dict[str, Any]:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return content if isinstance(content, dict) else {}


@dataclass(frozen=True)
class Mismatch:
    """One anchor the database does not agree with (or that is not a valid anchor)."""

    anchor: str
    reason: str

    def __str__(self) -> str:
        return f"anchor {self.anchor}: {self.reason}"


def anchor_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob(f"{FILE_PREFIX}*.json") if p.is_file())


def _well_formed(content: dict[str, Any]) -> bool:
    if content.get("format") != FORMAT or not all(name in content for name in (*SIGNED_FIELDS, "signature")):
        return False
    head_id, events = content["head_id"], content["events"]
    return (
        (head_id is None or (type(head_id) is int and head_id > 0))
        and type(events) is int
        and events >= 0
        and all(isinstance(content[name], str) for name in ("head_hash", "at", "key", "signature"))
    )


def verify_anchor(path: Path, key: bytes) -> list[str]:
    """What is wrong with one anchor file, checked against the database (empty: it holds)."""
    content = _read(path)
    if not _well_formed(content):
        return ["not a zeren audit anchor file (unreadable, or fields missing)"]
    if content["key"] != key_fingerprint(key):
        return ["signed with another key than ZEREN_AUDIT_KEY (fingerprint "
                f"{content['key']}, ours {key_fingerprint(key)})"]
    if not hmac.compare_digest(str(content["signature"]), _sign(content, key)):
        return ["signature does not match: the anchor file was altered"]
    head_id, head_hash, events = content["head_id"], content["head_hash"], content["events"]
    if head_id is None:
        return []
    head = AuditEvent.objects.filter(id=head_id).values_list("hash", flat=True).first()
    problems = []
    if head is None:
        problems.append(f"event {head_id} is gone: events were deleted or the trail was truncated")
    elif head != head_hash:
        problems.append(
            f"event {head_id} has hash {head[:12]}…, the anchor says {head_hash[:12]}…: "
            "the trail was rewritten and its chain recomputed"
        )
    count = AuditEvent.objects.filter(id__lte=head_id).count()
    if count < events:
        problems.append(f"{count} events up to event {head_id}, the anchor says {events}: events were deleted")
    elif count > events:
        problems.append(f"{count} events up to event {head_id}, the anchor says {events}: events were inserted")
    return problems


def verify_anchors(directory: Path | str) -> tuple[int, list[Mismatch]]:
    """Check every anchor file in ``directory``: (number of anchor files, what does not hold)."""
    key = audit_key()
    files = anchor_files(Path(directory))
    mismatches = [Mismatch(path.name, reason) for path in files for reason in verify_anchor(path, key)]
    return len(files), mismatches
