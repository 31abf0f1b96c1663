"""``zeren calendar_add FILE``: add (or replace) one year of the holiday calendar from its YAML file,
when the 国务院办公厅 publishes the year's 节假日安排 (docs/supervision.md). The file is checked first;
every problem is printed as ``file:line: message`` and nothing is saved. ``--check`` only checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zeren.policy.loader import PackError
from zeren.supervision.services_calendar import calendar_year_add


class Command(BaseCommand):
    help = "Add one year of the official holiday calendar from a YAML file (checked first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the year's file, named by its year, e.g. 2027.yaml")
        parser.add_argument("--check", action="store_true", help="check the file only; save nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            year = calendar_year_add(path=path, save=not options["check"], actor="command line")
        except PackError as error:
            raise CommandError("\n" + "\n".join(error.problems)) from None
        verb = "checked" if options["check"] else "added"
        self.stdout.write(
            f"{path}: {year.year} {verb}: {len(year.holidays)} days off, {len(year.workdays)} adjusted working days "
            f"({year.notice.cite})"
        )
