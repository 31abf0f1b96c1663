"""``zeren audit_anchor --out DIR``: today's anchor file, written once a day."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import override_settings

from zeren.audit.models import AuditEvent
from zeren.audit.services import record_event
from zeren.org.models import Jurisdiction

pytestmark = pytest.mark.django_db

KEY = "anchor-command-key-" + "Tg6Bm1Qv8Xc3Nz0R" * 3


@pytest.fixture(autouse=True)
def audit_key():  # type: ignore[no-untyped-def]
    with override_settings(ZEREN_AUDIT_KEY=KEY):
        yield


@pytest.fixture
def event(office_a: object) -> AuditEvent:
    return record_event(actor=office_a, action="test.create", obj=Jurisdiction.objects.get(code="320412"))


def _anchor(directory: Path) -> str:
    out = StringIO()
    call_command("audit_anchor", "--out", str(directory), stdout=out)
    return out.getvalue()


@time_machine.travel("2026-12-01T16:30:00+00:00", tick=False)  # 00:30 on 2 December in Asia/Shanghai
def test_it_writes_the_anchor_of_the_local_day_once(event: AuditEvent, tmp_path: Path) -> None:
    path = tmp_path / "audit-anchor-2026-12-02.json"
    assert _anchor(tmp_path) == f"{path}: written (event {event.pk}, 1 events)\n"
    assert _anchor(tmp_path) == f"{path}: already there, left unchanged (event {event.pk}, 1 events)\n"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_it_refuses_a_file_as_the_directory(event: AuditEvent, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(CommandError, match="is not a directory"):
        _anchor(tmp_path / "file")


def test_it_needs_the_key(event: AuditEvent, tmp_path: Path) -> None:
    with override_settings(ZEREN_AUDIT_KEY=""), pytest.raises(CommandError, match="ZEREN_AUDIT_KEY is not set"):
        _anchor(tmp_path)
