"""``zeren backup OUT.tar``: the database and the evidence files in one archive (docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zeren.backup.databases import VENDOR_NAMES
from zeren.backup.services import backup_create
from zeren.problems import Problems


class Command(BaseCommand):
    help = (
        "Back up the configured database (PostgreSQL: pg_dump; SQLite: the online backup API) and every "
        "file under MEDIA_ROOT into one tar archive with a manifest of SHA-256 checksums."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="the archive to write, e.g. zeren-2025-05-20.tar (must not exist)")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        try:
            manifest = backup_create(out=out)
        except Problems as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            _("Wrote %(path)s: the %(vendor)s database, %(files)s file(s), %(events)s audit events.")
            % {
                "path": out,
                "vendor": VENDOR_NAMES.get(manifest.vendor, manifest.vendor),
                "files": len(manifest.media),
                "events": manifest.audit_events,
            }
        )
