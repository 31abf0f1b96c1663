"""``zeren flush`` empties a test or demo database, audit trail included, and leaves it append-only."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from zeren.audit.models import AuditEvent
from zeren.audit.services import record_event
from zeren.org.models import Jurisdiction

pytestmark = pytest.mark.django_db(transaction=True)


def test_flush_empties_the_trail_and_the_triggers_are_back(office_a: object) -> None:
    record_event(actor=office_a, action="test.create", obj=Jurisdiction.objects.get(code="320412"))
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    event = record_event(actor=None, action="test.after", obj=office_a)  # type: ignore[arg-type]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
