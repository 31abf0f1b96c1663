"""``zeren recompute_compliance --jurisdiction CODE --year YYYY``: recompute and store the compliance
verdicts of a jurisdiction subtree for a calendar year, with a progress bar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm  # type: ignore[import-untyped]

from zeren.org.models import Jurisdiction
from zeren.records.compliance import Holding, compliance_recompute


class Command(BaseCommand):
    help = "Recompute the compliance verdicts of a jurisdiction subtree (all when omitted) for a year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jurisdiction", metavar="CODE", help="jurisdiction code (default: all)")
        parser.add_argument("--year", type=int, default=None, help="calendar year (default: this year)")
        parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="judge as of this date")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"] or timezone.localdate().year
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year: {year} is not a plausible year")
        jurisdiction = None
        if options["jurisdiction"]:
            jurisdiction = Jurisdiction.objects.filter(code=options["jurisdiction"]).first()
            if jurisdiction is None:
                raise CommandError(f"--jurisdiction: no jurisdiction with code {options['jurisdiction']!r}")

        def bar(items: Iterable[Holding]) -> Iterable[Holding]:
            return tqdm(
                items, desc=f"{year} appointments", unit="appt", file=self.stderr, mininterval=0.5
            )

        result = compliance_recompute(
            year=year,
            jurisdiction=jurisdiction,
            as_of=options["as_of"],
            progress=None if options["no_progress"] else bar,
        )
        t = result.timings
        self.stdout.write(
            f"{year}: {result.appointments} appointments, {result.rows} verdicts "
            f"({result.inserted_or_updated} written, {result.deleted} removed) in {t['total']:.2f} s "
            f"[load {t['load']:.2f}, count and judge {t['judge']:.2f}, write {t['write']:.2f}]"
        )
