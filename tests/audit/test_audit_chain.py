"""The audit trail is a hash chain: editing or removing an event is detected."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from zeren.audit.models import AuditEvent
from zeren.audit.services import history, record_event, verify_chain
from zeren.audit.triggers import triggers_lifted
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


def test_it_links_each_event_to_the_one_before(events: list[AuditEvent]) -> None:
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert [e.pk for e in AuditEvent.objects.order_by("id")] == [e.pk for e in events]


def test_it_detects_an_altered_event(events: list[AuditEvent]) -> None:
    with triggers_lifted():
        AuditEvent.objects.filter(pk=events[1].pk).update(data={"before": {"a": 1}, "after": {"a": 3}})
    breaks = list(verify_chain())
    assert [b.event_id for b in breaks] == [events[1].pk]
    with pytest.raises(CommandError):
        call_command("audit_verify")


def test_it_detects_a_removed_event(events: list[AuditEvent]) -> None:
    with triggers_lifted():
        AuditEvent.objects.filter(pk=events[1].pk).delete()
    assert [b.event_id for b in verify_chain()] == [events[2].pk]


@pytest.mark.parametrize(
    ("field", "value"),
    [("jurisdiction_path", "320400/320411"), ("actor_id", None), ("actor_name", "someone-else"), ("scheme", 1)],
)
def test_it_detects_a_change_of_any_field(events: list[AuditEvent], field: str, value: object) -> None:
    with triggers_lifted():
        AuditEvent.objects.filter(pk=events[0].pk).update(**{field: value})
    assert [b.event_id for b in verify_chain()] == [events[0].pk]


def test_it_detects_renumbered_events(events: list[AuditEvent]) -> None:
    with triggers_lifted():
        AuditEvent.objects.filter(pk=events[2].pk).update(id=events[2].pk + 100)
    assert [b.event_id for b in verify_chain()] == [events[2].pk + 100]


def test_it_names_an_unknown_hash_scheme(events: list[AuditEvent]) -> None:
    with triggers_lifted():
        AuditEvent.objects.filter(pk=events[2].pk).update(scheme=99)
    [broken] = verify_chain()
    assert broken.event_id == events[2].pk
    assert "unknown hash scheme 99" in broken.reason
