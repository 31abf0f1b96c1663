"""``zeren audit_verify``: check the audit trail's hash chain; exit 1 at the first tampering found."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zeren.audit.models import AuditEvent
from zeren.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain (shows edited or removed events)."

    def handle(self, *args: Any, **options: Any) -> None:
        breaks = list(verify_chain())
        for item in breaks:
            self.stderr.write(f"event {item.event_id}: {item.reason}")
        if breaks:
            raise CommandError(f"audit trail broken in {len(breaks)} place(s)")
        self.stdout.write(f"audit trail intact: {AuditEvent.objects.count()} events")
