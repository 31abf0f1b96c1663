"""``zeren flush``: Django's flush (empty every table), with the audit trail's append-only triggers
lifted for it (``zeren.audit.triggers``), which only the owner of the audit table may do: test
databases and the demo. The app's production role is not the owner and has no TRUNCATE on the
table, so there the flush fails and nothing is erased."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import connections

from zeren.audit.models import AuditEvent
from zeren.audit.triggers import triggers_lifted


class Command(flush.Command):
    help = flush.Command.help + " The audit trail's append-only triggers are lifted for it (table owner only)."

    def handle(self, **options: Any) -> None:
        database = options["database"]
        if AuditEvent._meta.db_table not in connections[database].introspection.table_names():
            super().handle(**options)
            return
        with triggers_lifted(database):
            super().handle(**options)
