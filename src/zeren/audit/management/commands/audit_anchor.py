"""``zeren audit_anchor --out DIR``: write today's signed anchor of the audit trail (once a day)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zeren.audit.anchors import write_anchor


class Command(BaseCommand):
    help = (
        "Write today's signed anchor of the audit trail (head event, its hash, the number of events) "
        "into DIR as audit-anchor-YYYY-MM-DD.json; an existing file of the day is left as it is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="directory of the anchor files")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} is not a directory")
        try:
            result = write_anchor(out)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"cannot write the anchor into {out}: {error.strerror or error}") from None
        content = result.content
        what = "written" if result.written else "already there, left unchanged"
        self.stdout.write(
            f"{result.path}: {what} (event {content.get('head_id')}, {content.get('events')} events)"
        )
