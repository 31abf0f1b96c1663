"""The hash schemes: the current one covers every stored field; events of scheme 1 still verify."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import pytest

from zeren.audit.hashing import COVERED, CURRENT_SCHEME, GENESIS, event_hash
from zeren.audit.models import AuditEvent
from zeren.audit.services import record_event, verify_chain
from zeren.org.models import Jurisdiction

pytestmark = pytest.mark.django_db


def test_the_current_scheme_covers_every_stored_field_but_the_hash() -> None:
    stored = {field.name for field in AuditEvent._meta.concrete_fields} - {"hash"}
    assert COVERED[CURRENT_SCHEME] == stored


def test_a_new_event_is_written_with_the_current_scheme(office_a: object) -> None:
    event = record_event(actor=office_a, action="test.create", obj=Jurisdiction.objects.get(code="320412"))
    event.refresh_from_db()
    assert event.scheme == CURRENT_SCHEME == 2
    assert event_hash(event) == event.hash


def test_the_current_scheme_is_the_documented_formula(office_a: object) -> None:
    event = record_event(
        actor=office_a, action="test.create", obj=Jurisdiction.objects.get(code="320412"),
        data={"名": "武进区", "n": 1}, jurisdiction_path="320400/320412",
    )
    event.refresh_from_db()
    fields = {
        "scheme": 2, "id": event.pk, "prev_hash": GENESIS,
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": office_a.pk, "actor_name": "office-a", "action": "test.create",  # type: ignore[attr-defined]
        "object_type": "org.jurisdiction", "object_id": str(event.object_id),
        "jurisdiction_path": "320400/320412", "data": {"名": "武进区", "n": 1},
    }
    payload = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert event.hash == hashlib.sha256(payload.encode()).hexdigest()


def _scheme_1_hash(prev: str, at: datetime, actor: str, action: str, otype: str, oid: str, data: object) -> str:
    payload = json.dumps([prev, at.isoformat(), actor, action, otype, oid, data],
                         ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def test_events_of_scheme_1_still_verify_and_the_chain_goes_on_from_them(office_a: object) -> None:
    """Rows written before scheme 2 (by the earlier formula) are never re-chained: they keep verifying."""
    j = Jurisdiction.objects.get(code="320412")
    at = datetime(2026, 11, 20, 8, 30, 0, 123456, tzinfo=UTC)
    old = AuditEvent.objects.create(
        scheme=1, at=at, actor=office_a, actor_name="office-a", action="old.create", object_type="org.jurisdiction",
        object_id=str(j.pk), jurisdiction_path="320400/320412", data={"a": 1}, prev_hash=GENESIS,
        hash=_scheme_1_hash(GENESIS, at, "office-a", "old.create", "org.jurisdiction", str(j.pk), {"a": 1}),
    )
    new = record_event(actor=office_a, action="test.update", obj=j)
    assert new.prev_hash == old.hash
    assert list(verify_chain()) == []
