"""Concurrent writers never fork the chain: each event links to the one committed just before it.

Twenty threads, each with its own database connection, append at the same moment and keep their
transactions open a little, as a service that writes a record and its event does. A row lock on the
last event handed every waiting transaction the same old head (19 breaks out of 20 on PostgreSQL);
the append lock queues them. SQLite has one writer at a time: a writer it turns away ("database is
locked") tries again, and none may fork the chain."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import OperationalError, connection, transaction

from zeren.audit.models import AuditEvent
from zeren.audit.services import record_event, verify_chain
from zeren.org.models import Jurisdiction

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 20


def test_twenty_concurrent_writers_leave_the_chain_intact(office_a: object) -> None:
    jurisdiction = Jurisdiction.objects.get(code="320412")
    record_event(actor=office_a, action="test.first", obj=jurisdiction)
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(number: int) -> None:
        try:
            start.wait()
            for _attempt in range(200):
                try:
                    with transaction.atomic():
                        record_event(actor=office_a, action="test.concurrent", obj=jurisdiction, data={"n": number})
                        time.sleep(0.02)  # the rest of the caller's transaction
                    return
                except OperationalError:
                    if connection.vendor != "sqlite":
                        raise
                    time.sleep(0.01)
            raise AssertionError(f"writer {number} never got to write")
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert AuditEvent.objects.filter(action="test.concurrent").count() == WRITERS
    assert list(verify_chain()) == []
    events = list(AuditEvent.objects.order_by("id"))
    assert len({e.prev_hash for e in events}) == len(events)  # no event is the parent of two
