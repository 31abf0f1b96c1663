"""``zeren evidence_verify``: every evidence file against the SHA-256 the database holds for it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zeren.backup.verify import evidence_verify


class Command(BaseCommand):
    help = "Check every evidence file against its stored size and SHA-256; exit 1 if one is missing or altered."

    def handle(self, *args: Any, **options: Any) -> None:
        check = evidence_verify()
        for problem in check.problems:
            self.stderr.write(problem)
        if not check.ok:
            raise CommandError(check.summary)
        self.stdout.write(check.summary)
