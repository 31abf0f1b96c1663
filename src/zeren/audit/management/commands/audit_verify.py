"""``zeren audit_verify [--anchors DIR]``: check the audit trail's hash chain and, given a directory of
anchor files, that the trail still holds what each anchor signed; exit 1 with one line per finding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zeren.audit.anchors import Mismatch, verify_anchors
from zeren.audit.models import AuditEvent
from zeren.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chain (shows edited or removed events) and, with --anchors, "
        "every signed anchor (shows deleted last events, truncation and a recomputed chain)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchors", type=Path, metavar="DIR", help="directory of anchor files written by zeren audit_anchor"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchors_dir: Path | None = options["anchors"]
        if anchors_dir is not None and not anchors_dir.is_dir():
            raise CommandError(f"{anchors_dir} is not a directory")
        breaks = list(verify_chain())
        for item in breaks:
            self.stderr.write(f"event {item.event_id}: {item.reason}")
        anchors, mismatches = 0, list[Mismatch]()
        if anchors_dir is not None:
            try:
                anchors, mismatches = verify_anchors(anchors_dir)
            except ImproperlyConfigured as error:
                raise CommandError(str(error)) from None
            for mismatch in mismatches:
                self.stderr.write(str(mismatch))
        if breaks or mismatches:
            parts = []
            if breaks:
                parts.append(f"broken in {len(breaks)} place(s)")
            if mismatches:
                parts.append(f"{len(mismatches)} anchor finding(s)")
            raise CommandError(f"audit trail {' and '.join(parts)}")
        line = f"audit trail intact: {AuditEvent.objects.count()} events"
        if anchors_dir is not None:
            line += f", {anchors} anchor(s) hold" if anchors else f"; no anchor files in {anchors_dir}"
        self.stdout.write(line)
