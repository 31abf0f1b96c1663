"""The audit table is append-only at the database: raw SQL cannot change or delete an event."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from zeren.audit.models import AuditEvent
from zeren.audit.services import record_event, verify_chain
from zeren.audit.triggers import triggers_lifted
from zeren.org.models import Jurisdiction

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(office_a: object) -> AuditEvent:
    return record_event(actor=office_a, action="test.create", obj=Jurisdiction.objects.get(code="320412"))


def _refused(sql: str, params: list[object]) -> str:
    with pytest.raises(DatabaseError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(refused.value)


def test_a_raw_update_is_refused(event: AuditEvent) -> None:
    message = _refused("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["forged", event.pk])
    assert "append-only" in message
    assert AuditEvent.objects.get(pk=event.pk).action == "test.create"


def test_a_raw_delete_is_refused(event: AuditEvent) -> None:
    message = _refused("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert "append-only" in message
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_deleting_every_event_is_refused(event: AuditEvent) -> None:
    _refused("DELETE FROM audit_auditevent", [])
    assert AuditEvent.objects.count() == 1


def test_truncate_is_refused_on_postgresql(event: AuditEvent) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the event's deferred foreign-key check would refuse it first
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        assert "append-only" in _refused("TRUNCATE audit_auditevent", [])
    else:  # SQLite has no TRUNCATE; its DELETE FROM without a condition is refused above
        _refused("TRUNCATE audit_auditevent", [])
    assert AuditEvent.objects.count() == 1


def test_the_orm_cannot_change_or_delete_an_event_either(event: AuditEvent) -> None:
    event.action = "forged"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert list(verify_chain()) == []


def test_lifting_the_triggers_lasts_one_transaction_only(event: AuditEvent) -> None:
    with triggers_lifted():
        AuditEvent.objects.filter(pk=event.pk).update(action="owner-edit")
    _refused("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["again", event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "owner-edit"
