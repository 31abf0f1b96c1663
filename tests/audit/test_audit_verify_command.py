"""``zeren audit_verify [--anchors DIR]``: one line per finding on stderr, exit 1; a summary when intact."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from zeren.audit.anchors import write_anchor
from zeren.audit.models import AuditEvent
from zeren.audit.services import record_event
from zeren.audit.triggers import triggers_lifted
from zeren.org.models import Jurisdiction

pytestmark = pytest.mark.django_db

KEY = "verify-command-key-" + "Hn4Kp7Wq2Zs9Lx5C" * 3


@pytest.fixture(autouse=True)
def audit_key():  # type: ignore[no-untyped-def]
    with override_settings(ZEREN_AUDIT_KEY=KEY):
        yield


@pytest.fixture
def events(office_a: object) -> list[AuditEvent]:
    j = Jurisdiction.objects.get(code="320412")
    return [record_event(actor=office_a, action="test.update", obj=j, data={"n": n}) for n in range(3)]


def _verify(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("audit_verify", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_reports_an_intact_trail_and_its_anchors(events: list[AuditEvent], tmp_path: Path) -> None:
    write_anchor(tmp_path, day=date(2026, 11, 30))
    write_anchor(tmp_path, day=date(2026, 12, 1))
    out, err = _verify("--anchors", str(tmp_path))
    assert out == "audit trail intact: 3 events, 2 anchor(s) hold\n"
    assert err == ""


def test_it_says_when_the_directory_holds_no_anchor(events: list[AuditEvent], tmp_path: Path) -> None:
    out, _err = _verify("--anchors", str(tmp_path))
    assert out == f"audit trail intact: 3 events; no anchor files in {tmp_path}\n"


def test_deleted_last_events_fail_it_with_one_line_each(events: list[AuditEvent], tmp_path: Path) -> None:
    write_anchor(tmp_path, day=date(2026, 12, 1))
    with triggers_lifted():
        AuditEvent.objects.filter(pk=events[-1].pk).delete()
    _verify()  # without anchors the trail looks intact
    err = StringIO()
    with pytest.raises(CommandError, match=r"^audit trail 2 anchor finding\(s\)$") as failed:
        call_command("audit_verify", "--anchors", str(tmp_path), stderr=err)
    assert failed.value.returncode == 1
    assert err.getvalue().splitlines() == [
        f"anchor audit-anchor-2026-12-01.json: event {events[-1].pk} is gone: events were deleted or the trail "
        "was truncated",
        f"anchor audit-anchor-2026-12-01.json: 2 events up to event {events[-1].pk}, the anchor says 3: "
        "events were deleted",
    ]


def test_it_reports_chain_breaks_and_anchor_findings_together(events: list[AuditEvent], tmp_path: Path) -> None:
    write_anchor(tmp_path, day=date(2026, 12, 1))
    with triggers_lifted():
        AuditEvent.objects.filter(pk=events[0].pk).update(action="test.forged")
        AuditEvent.objects.filter(pk=events[-1].pk).delete()
    err = StringIO()
    with pytest.raises(CommandError, match=r"broken in 1 place\(s\) and 2 anchor finding\(s\)"):
        call_command("audit_verify", "--anchors", str(tmp_path), stderr=err)
    first = err.getvalue().splitlines()[0]
    assert first == f"event {events[0].pk}: content does not match its hash: the event was altered"


def test_it_refuses_a_missing_anchor_directory(events: list[AuditEvent], tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="is not a directory"):
        call_command("audit_verify", "--anchors", str(tmp_path / "missing"))


def test_it_needs_the_key_to_check_anchors(events: list[AuditEvent], tmp_path: Path) -> None:
    with override_settings(ZEREN_AUDIT_KEY=""), pytest.raises(CommandError, match="ZEREN_AUDIT_KEY is not set"):
        call_command("audit_verify", "--anchors", str(tmp_path))
