"""``zeren restore IN.tar [--force]``: put a backup back, then verify it (docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zeren.backup.databases import VENDOR_NAMES
from zeren.backup.services import backup_restore
from zeren.problems import Problems


class Command(BaseCommand):
    help = (
        "Restore a `zeren backup` archive into the configured database and MEDIA_ROOT. Every checksum is "
        "checked first; a database that holds tables is refused unless --force. Then the audit chain and "
        "every evidence file are verified; exit status 1 if anything does not match."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="the archive written by `zeren backup`")
        parser.add_argument(
            "--force", action="store_true", help="replace the contents of a database that already holds tables"
        )
        parser.add_argument(
            "--no-owner", action="store_true",
            help="PostgreSQL: let the restoring role own the tables instead of the roles that owned them",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["source"])
        try:
            restored = backup_restore(source=source, force=options["force"], no_owner=options["no_owner"])
        except Problems as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError(_("Nothing was restored from %(path)s.") % {"path": source}) from None
        manifest = restored.manifest
        self.stdout.write(
            _("Restored %(path)s (zeren %(version)s, %(created)s): the %(vendor)s database, %(files)s file(s) written.")
            % {"path": source, "version": manifest.zeren_version, "created": manifest.created_at,
               "vendor": VENDOR_NAMES.get(manifest.vendor, manifest.vendor), "files": restored.files_written}
        )
        if not restored.schema_current:
            raise CommandError(
                _("The backup's database schema is older than this zeren: run `zeren migrate`, then "
                  "`zeren audit_verify` and `zeren evidence_verify`.")
            )
        for check in restored.checks:
            for problem in check.problems:
                self.stderr.write(problem)
            (self.stdout if check.ok else self.stderr).write(check.summary)
        if not restored.ok:
            raise CommandError(_("The restored data does not verify; see the lines above."))
