"""Writing and checking the audit trail. ``record_event`` is the only writer of AuditEvent."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from zeren.audit.models import AuditEvent

GENESIS = "0" * 64


def _digest(prev_hash: str, at: str, actor: str, action: str, object_type: str, object_id: str, data: Any) -> str:
    payload = json.dumps(
        [prev_hash, at, actor, action, object_type, object_id, data],
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _jsonable(data: Any) -> Any:
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False))


def record_event(
    *, actor: Any, action: str, obj: models.Model, data: dict[str, Any] | None = None, jurisdiction_path: str = ""
) -> AuditEvent:
    """Append one event (inside the caller's transaction, so it commits or rolls back with the change).

    ``data`` should hold what changed (e.g. ``{"before": {...}, "after": {...}}``); it is stored as JSON.
    """
    with transaction.atomic():
        last = AuditEvent.objects.select_for_update().order_by("-id").only("hash").first()
        prev = last.hash if last is not None else GENESIS
        at = timezone.now()
        actor_obj = actor if getattr(actor, "is_authenticated", False) else None
        actor_name = actor_obj.get_username() if actor_obj is not None else ""
        payload = _jsonable(data or {})
        object_type = obj._meta.label_lower
        object_id = str(obj.pk)
        return AuditEvent.objects.create(
            at=at,
            actor=actor_obj,
            actor_name=actor_name,
            action=action,
            object_type=object_type,
            object_id=object_id,
            jurisdiction_path=jurisdiction_path,
            data=payload,
            prev_hash=prev,
            hash=_digest(prev, at.isoformat(), actor_name, action, object_type, object_id, payload),
        )


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
        expected = _digest(
            event.prev_hash,
            event.at.isoformat(),
            event.actor_name,
            event.action,
            event.object_type,
            event.object_id,
            event.data,
        )
        if expected != event.hash:
            yield Break(event.pk, "content does not match its hash: the event was altered")
        prev = event.hash
