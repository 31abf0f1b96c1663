"""The audit trail is a hash chain: editing or removing an event is detected."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from zeren.audit.models import AuditEvent
from zeren.audit.services import history, record_event, verify_chain
from zeren.org.models import Jurisdiction

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(office_a: object) -> list[AuditEvent]:
    j = Jurisdiction.objects.get(code="320412")
    return [
        record_event(actor=office_a, action="test.create", obj=j, data={"after": {"name": "武进区"}}),
        record_event(actor=office_a, action="test.update", obj=j, data={"before": {"a": 1}, "after": {"a": 2}}),
        record_event(actor=None, action="test.update", obj=j, data={"note": "system"}),
    ]


def test_an_untouched_chain_verifies(events: list[AuditEvent]) -> None:
    assert list(verify_chain()) == []
    call_command("audit_verify")


def test_it_keeps_the_history_of_one_object_in_order(events: list[AuditEvent]) -> None:
    assert [e.action for e in history(Jurisdiction.objects.get(code="320412"))] == [
        "test.create",
        "test.update",
        "test.update",
    ]
    assert events[0].actor_name == "office-a"


def test_it_detects_an_altered_event(events: list[AuditEvent]) -> None:
    AuditEvent.objects.filter(pk=events[1].pk).update(data={"before": {"a": 1}, "after": {"a": 3}})
    breaks = list(verify_chain())
    assert [b.event_id for b in breaks] == [events[1].pk]
    with pytest.raises(CommandError):
        call_command("audit_verify")


def test_it_detects_a_removed_event(events: list[AuditEvent]) -> None:
    AuditEvent.objects.filter(pk=events[1].pk).delete()
    assert [b.event_id for b in verify_chain()] == [events[2].pk]
