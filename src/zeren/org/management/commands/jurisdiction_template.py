"""``zeren jurisdiction_template OUT.xlsx``: write an empty import template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zeren.org.jurisdiction_import import template_workbook


class Command(BaseCommand):
    help = "Write the jurisdiction import template (.xlsx) with example rows and notes on levels and codes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="where to write the .xlsx file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if path.suffix.lower() != ".xlsx":
            raise CommandError(_("The file name must end in .xlsx: %(path)s") % {"path": path})
        if path.exists():
            raise CommandError(_("%(path)s already exists; choose another name") % {"path": path})
        path.write_bytes(template_workbook())
        self.stdout.write(_("Wrote %(path)s") % {"path": path})
