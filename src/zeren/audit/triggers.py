"""Lifting the audit table's append-only triggers (migration 0003), for the table's owner only.

``zeren flush`` (test databases, the demo) needs it to empty the table; the tests use it to play an
attacker who owns the table. Nothing else in zeren changes or deletes an event. PostgreSQL:
``ALTER TABLE … DISABLE TRIGGER USER``, which only the owner (or a superuser) may run, so under the
production role it fails. SQLite: the triggers are dropped and created again from their own SQL.
Either way it happens inside one transaction: an error rolls the lifting back with everything else.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from zeren.audit.models import AuditEvent


@contextmanager
def triggers_lifted(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Inside the block (one transaction) the audit table accepts UPDATE, DELETE and TRUNCATE."""
    connection = connections[using]
    table = AuditEvent._meta.db_table
    quoted = connection.ops.quote_name(table)
    with transaction.atomic(using=using):
        restore: list[str] = []
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # ALTER TABLE refuses while deferred foreign-key checks on the table are pending: run them now.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE {quoted} DISABLE TRIGGER USER")
                restore = [f"ALTER TABLE {quoted} ENABLE TRIGGER USER"]
            elif connection.vendor == "sqlite":
                cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
                triggers = cursor.fetchall()
                for name, _sql in triggers:
                    cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
                restore = [sql for _name, sql in triggers]
        yield
        with connection.cursor() as cursor:
            for statement in restore:
                cursor.execute(statement)
