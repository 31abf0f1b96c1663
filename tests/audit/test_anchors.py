"""Signed anchors show what the hash chain alone cannot: deleted last events, truncation and a chain
recomputed after an edit. Each attack below leaves ``verify_chain`` silent; the anchor reports it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings

from zeren.audit.anchors import key_fingerprint, verify_anchors, write_anchor
from zeren.audit.hashing import GENESIS, event_hash
from zeren.audit.models import AuditEvent
from zeren.audit.services import record_event, verify_chain
from zeren.audit.triggers import triggers_lifted
from zeren.org.models import Jurisdiction

pytestmark = pytest.mark.django_db

KEY = "anchor-test-key-" + "Vq3sK8mZ1xR7tB4n" * 3
OTHER_KEY = "another-anchor-key-" + "P2wL9cY5dH0jF6gA" * 3


@pytest.fixture(autouse=True)
def audit_key():  # type: ignore[no-untyped-def]
    with override_settings(ZEREN_AUDIT_KEY=KEY):
        yield


@pytest.fixture
def events(office_a: object) -> list[AuditEvent]:
    j = Jurisdiction.objects.get(code="320412")
    return [record_event(actor=office_a, action="test.update", obj=j, data={"n": n}) for n in range(5)]


def _findings(directory: Path) -> list[str]:
    return [str(m) for m in verify_anchors(directory)[1]]


def _rechain() -> None:
    """What an attacker who can write the table does after an edit: recompute every hash in order."""
    prev = GENESIS
    for event in AuditEvent.objects.order_by("id"):
        event.prev_hash = prev
        event.hash = event_hash(event)
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
        prev = event.hash


def _defer_constraint_checks_now() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_an_anchor_of_an_untouched_trail_holds(events: list[AuditEvent], tmp_path: Path) -> None:
    written = write_anchor(tmp_path, day=date(2026, 12, 1))
    assert written.written
    assert written.path.name == "audit-anchor-2026-12-01.json"
    content = json.loads(written.path.read_text())
    assert (content["head_id"], content["head_hash"], content["events"]) == (events[-1].pk, events[-1].hash, 5)
    assert content["key"] == key_fingerprint(KEY.encode())
    assert KEY not in written.path.read_text()
    assert verify_anchors(tmp_path) == (1, [])


def test_an_anchor_still_holds_when_events_are_appended_after_it(events: list[AuditEvent], tmp_path: Path) -> None:
    write_anchor(tmp_path, day=date(2026, 12, 1))
    record_event(actor=None, action="test.later", obj=Jurisdiction.objects.get(code="320412"))
    assert verify_anchors(tmp_path) == (1, [])


def test_deleting_the_last_events_is_reported(events: list[AuditEvent], tmp_path: Path) -> None:
    write_anchor(tmp_path, day=date(2026, 12, 1))
    with triggers_lifted():
        AuditEvent.objects.filter(pk__in=[events[-2].pk, events[-1].pk]).delete()
    assert list(verify_chain()) == []  # the chain alone cannot tell
    assert _findings(tmp_path) == [
        f"anchor audit-anchor-2026-12-01.json: event {events[-1].pk} is gone: events were deleted or the trail "
        "was truncated",
        f"anchor audit-anchor-2026-12-01.json: 3 events up to event {events[-1].pk}, the anchor says 5: "
        "events were deleted",
    ]


def test_truncating_the_trail_is_reported(events: list[AuditEvent], tmp_path: Path) -> None:
    write_anchor(tmp_path, day=date(2026, 12, 1))
    _defer_constraint_checks_now()
    with triggers_lifted(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
    assert list(verify_chain()) == []
    findings = _findings(tmp_path)
    assert len(findings) == 2
    assert "is gone: events were deleted or the trail was truncated" in findings[0]
    assert "0 events up to event" in findings[1]


def test_an_edit_with_the_chain_recomputed_is_reported(events: list[AuditEvent], tmp_path: Path) -> None:
    write_anchor(tmp_path, day=date(2026, 12, 1))
    with triggers_lifted():
        AuditEvent.objects.filter(pk=events[1].pk).update(data={"n": 99})
        _rechain()
    assert list(verify_chain()) == []
    assert _findings(tmp_path) == [
        f"anchor audit-anchor-2026-12-01.json: event {events[-1].pk} has hash "
        f"{AuditEvent.objects.get(pk=events[-1].pk).hash[:12]}…, the anchor says {events[-1].hash[:12]}…: "
        "the trail was rewritten and its chain recomputed"
    ]


def test_a_deleted_event_with_the_chain_recomputed_is_reported(events: list[AuditEvent], tmp_path: Path) -> None:
    write_anchor(tmp_path, day=date(2026, 12, 1))
    with triggers_lifted():
        AuditEvent.objects.filter(pk=events[2].pk).delete()
        _rechain()
    assert list(verify_chain()) == []
    findings = _findings(tmp_path)
    assert "the trail was rewritten and its chain recomputed" in findings[0]
    assert "4 events up to event" in findings[1]


def test_every_anchor_is_checked_so_an_older_one_catches_a_rewrite_before_it(
    events: list[AuditEvent], tmp_path: Path
) -> None:
    write_anchor(tmp_path, day=date(2026, 11, 30))
    j = Jurisdiction.objects.get(code="320412")
    record_event(actor=None, action="test.later", obj=j)
    write_anchor(tmp_path, day=date(2026, 12, 1))
    with triggers_lifted():
        AuditEvent.objects.filter(pk=events[-1].pk).update(action="test.forged")
        _rechain()
    findings = _findings(tmp_path)
    assert [f.split(":")[0] for f in findings] == [
        "anchor audit-anchor-2026-11-30.json",
        "anchor audit-anchor-2026-12-01.json",
    ]


def test_an_altered_anchor_file_is_reported(events: list[AuditEvent], tmp_path: Path) -> None:
    path = write_anchor(tmp_path, day=date(2026, 12, 1)).path
    content = json.loads(path.read_text())
    content["events"] = 3  # to cover up two deleted events
    path.write_text(json.dumps(content))
    assert _findings(tmp_path) == [
        "anchor audit-anchor-2026-12-01.json: signature does not match: the anchor file was altered"
    ]


def test_an_anchor_signed_with_another_key_is_reported(events: list[AuditEvent], tmp_path: Path) -> None:
    with override_settings(ZEREN_AUDIT_KEY=OTHER_KEY):
        write_anchor(tmp_path, day=date(2026, 12, 1))
    [finding] = _findings(tmp_path)
    assert "signed with another key than ZEREN_AUDIT_KEY" in finding
    assert key_fingerprint(OTHER_KEY.encode()) in finding


def test_a_file_that_is_no_anchor_is_reported(events: list[AuditEvent], tmp_path: Path) -> None:
    (tmp_path / "audit-anchor-2026-12-01.json").write_text("{not json")
    assert _findings(tmp_path) == [
        "anchor audit-anchor-2026-12-01.json: not a zeren audit anchor file (unreadable, or fields missing)"
    ]


def test_writing_twice_on_one_day_leaves_the_first_anchor(events: list[AuditEvent], tmp_path: Path) -> None:
    first = write_anchor(tmp_path, day=date(2026, 12, 1))
    before = first.path.read_bytes()
    record_event(actor=None, action="test.later", obj=Jurisdiction.objects.get(code="320412"))
    again = write_anchor(tmp_path, day=date(2026, 12, 1))
    assert (again.written, again.path) == (False, first.path)
    assert first.path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["audit-anchor-2026-12-01.json"]


def test_an_anchor_of_an_empty_trail_holds(tmp_path: Path) -> None:
    content = write_anchor(tmp_path / "new", day=date(2026, 12, 1)).content
    assert (content["head_id"], content["events"]) == (None, 0)
    assert verify_anchors(tmp_path / "new") == (1, [])


def test_it_refuses_to_sign_without_a_key(events: list[AuditEvent], tmp_path: Path) -> None:
    with override_settings(ZEREN_AUDIT_KEY=""), pytest.raises(ImproperlyConfigured, match="ZEREN_AUDIT_KEY is not set"):
        write_anchor(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_file_with_fields_of_the_wrong_type_is_reported(events: list[AuditEvent], tmp_path: Path) -> None:
    path = write_anchor(tmp_path, day=date(2026, 12, 1)).path
    content = json.loads(path.read_text())
    content["head_id"] = "1 OR 1=1"
    path.write_text(json.dumps(content))
    assert _findings(tmp_path) == [
        "anchor audit-anchor-2026-12-01.json: not a zeren audit anchor file (unreadable, or fields missing)"
    ]
