"""``zeren import_jurisdictions FILE.xlsx``: load or update the jurisdiction tree."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zeren.org.jurisdiction_import import read_jurisdiction_rows
from zeren.org.services import jurisdictions_upsert
from zeren.problems import Problems


class Command(BaseCommand):
    help = (
        "Load jurisdictions from an .xlsx sheet with the columns code, name, level, parent_code. "
        "All or nothing: when any row is bad nothing changes. Importing the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the .xlsx file (get a template with `zeren jurisdiction_template`)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rows = read_jurisdiction_rows(options["path"])
            change = jurisdictions_upsert(rows=rows, actor=None)  # the command line: no account
        except Problems as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError(
                _("Nothing was imported: %(count)s problem(s) in %(path)s")
                % {"count": len(error.problems), "path": options["path"]}
            ) from None
        self.stdout.write(
            _("Imported %(path)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
            % {
                "path": options["path"],
                "created": len(change.created),
                "updated": len(change.updated),
                "unchanged": len(change.unchanged),
            }
        )
