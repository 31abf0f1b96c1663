"""Writing and checking the audit trail. ``record_event`` is the only writer of AuditEvent.

Appending is serialised: on PostgreSQL a transaction-scoped advisory lock (``pg_advisory_xact_lock``)
is taken before the head of the chain is read, and held until the caller's transaction ends, so
concurrent writers queue and each links to the event committed just before it (a row lock on the
last event did not: waiting transactions were all handed the same old head and forked the chain).
SQLite has one writer at a time; a writer whose read of the head went stale is refused by SQLite
("database is locked"), never allowed to fork. The id is taken under the lock too, so ids grow in
chain order and the hash can cover it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from zeren.audit.hashing import CURRENT_SCHEME, GENESIS, UnknownScheme, event_hash
from zeren.audit.models import AuditEvent

__all__ = ["GENESIS", "Break", "append_lock", "history", "record_event", "verify_chain"]

# The advisory lock's key: any fixed 64-bit number no other code uses ("zeren.au" in ASCII).
APPEND_LOCK_KEY = 0x7A6572656E2E6175


def _jsonable(data: Any) -> Any:
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False))


def append_lock() -> None:
    """Wait for the right to append to the chain, held until the current transaction ends.

    Call inside a transaction. PostgreSQL: the advisory lock. SQLite serialises writers itself."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK_KEY])


def _next_id() -> int:
    """The id the next event gets (under the append lock): PostgreSQL's identity sequence; elsewhere one
    past the largest id, and on SQLite past its AUTOINCREMENT counter too (ids are never reused)."""
    table = AuditEvent._meta.db_table
    counter = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
            return int(cursor.fetchone()[0])
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            counter = int(row[0]) if row is not None else 0
    last = AuditEvent.objects.aggregate(last=models.Max("id"))["last"] or 0
    return max(counter, last) + 1


def record_event(
    *, actor: Any, action: str, obj: models.Model, data: dict[str, Any] | None = None, jurisdiction_path: str = ""
) -> AuditEvent:
    """Append one event (inside the caller's transaction, so it commits or rolls back with the change).

    ``data`` should hold what changed (e.g. ``{"before": {...}, "after": {...}}``); it is stored as JSON.
    """
    with transaction.atomic():
        append_lock()
        prev = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
        actor_obj = actor if getattr(actor, "is_authenticated", False) else None
        event = AuditEvent(
            id=_next_id(),
            scheme=CURRENT_SCHEME,
            at=timezone.now(),
            actor=actor_obj,
            actor_name=actor_obj.get_username() if actor_obj is not None else "",
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            jurisdiction_path=jurisdiction_path,
            data=_jsonable(data or {}),
            prev_hash=prev,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
        return event


def history(obj: models.Model) -> models.QuerySet[AuditEvent]:
    """The events of one object, oldest first."""
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("id")


@dataclass(frozen=True)
class Break:
    event_id: int
    reason: str


def verify_chain(batch: int = 5000) -> Iterator[Break]:
    """Every place where the chain is broken: an edited row (its hash no longer matches its content)
    or a removed row (the next row's ``prev_hash`` no longer matches)."""
    prev = GENESIS
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch):
        if event.prev_hash != prev:
            yield Break(event.pk, "prev_hash does not match the previous event: an event was removed or reordered")
        try:
            expected = event_hash(event)
        except UnknownScheme as error:
            yield Break(event.pk, f"{error}: the event was altered or written by a newer zeren")
        else:
            if expected != event.hash:
                yield Break(event.pk, "content does not match its hash: the event was altered")
        prev = event.hash
