"""Compliance recompute: the policy core's verdicts per appointment × obligation × period, kept in
:class:`~zeren.records.models.ComplianceRow` with the policy id and version — the entry points.

One recompute, for a jurisdiction subtree (or a set of posts) and a calendar year, is set-based:

1. one query loads the appointments that overlap the year, with their posts and jurisdictions
   (:mod:`zeren.records.loading`); the policy bindings are read once and resolved in memory by the
   one binding rule (:class:`zeren.org.bindings.Bindings`), and each appointment's tenure within
   the year is split where the policy in force changes; for each part the core compiles a
   :class:`~zeren.policy.compliance.Plan` — once per post shape and part, not per appointment — and
   says which periods the year judges (:mod:`zeren.records.plans`);
2. one GROUP BY over :class:`~zeren.records.models.RecordCredit` counts the credits per
   appointment, activity and month, only in the activities each appointment's duties count (per
   day for event activities such as 赶赴现场, and in a month where a policy binding changes on
   another day than the first). Every period a duty counts (month, quarter, half-year, year, the
   tenure) holds a month's credits whole or not at all, so the counts are those of the real dates;
3. the core counts them into the plan's slots and reads the verdicts (:mod:`zeren.records.verdicts`:
   the counting :func:`~zeren.policy.compliance.evaluate_compliance` does), appointment by
   appointment as the counts come in (they are ordered by appointment);
4. the verdicts are compared with the stored ones and only the difference is written
   (:mod:`zeren.records.verdict_store`); then the dashboard's rollups of the jurisdictions touched
   are rewritten (:mod:`zeren.records.rollups`), or, when every verdict of the year was rewritten,
   counted from the verdicts in hand while the server builds the year's new partition.

On PostgreSQL the server and the client work at the same time where they can: a thread beside
(:func:`~zeren.records.loading.alongside`) reads the stored verdicts — the server reads them while
the plans are made, then the thread converts their rows while the server counts the credits — and
the first appointments are judged while the server is still counting the others. The credit counts
hold the connection from their first row to their last, so what judging needs from the database
(the accidents) is read before.

Adding, editing or deleting a record calls :func:`compliance_update_for_posts` for the credited
posts and the years the record can change (:func:`years_of`) inside the same transaction.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Collection, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import connection, transaction
from django.utils import timezone

from zeren.org.bindings import Bindings, registry
from zeren.org.models import Jurisdiction
from zeren.policy.compliance import credit_years
from zeren.records import partitions, verdict_store
from zeren.records.loading import Accidents, Holding, alongside, credit_counts, daily_months, every_post, holdings
from zeren.records.plans import Planner
from zeren.records.rollups import count_year_tallies, refresh_tallies, write_year_tallies
from zeren.records.verdicts import Context

T = TypeVar("T")
Progress = Callable[[Iterable[T]], Iterable[T]]
LOCK = 0x7A6572
"""The first key of the advisory lock that serialises recomputes of one year (PostgreSQL)."""


@dataclass
class RecomputeResult:
    year: int
    appointments: int = 0
    evaluated: int = 0
    rows: int = 0
    inserted_or_updated: int = 0
    deleted: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def years_of(activity: str, day: dt.date) -> set[int]:
    """The years whose verdicts a credit of ``activity`` on ``day`` can change under any pack
    (:func:`~zeren.policy.compliance.credit_years`): its own; for a duty counted over two years,
    the year its period ends; for an event activity early in January, the year before (an accident
    on 31 December is met by going to the scene on 1 January)."""
    packs = registry()
    return credit_years((packs.get(i) for i in packs.ids()), activity, day)


def compliance_recompute(
    *,
    year: int,
    jurisdiction: Jurisdiction | None = None,
    post_ids: Collection[int] | None = None,
    as_of: dt.date | None = None,
    progress: Progress[Holding] | None = None,
) -> RecomputeResult:
    """Recompute and store the verdicts of one calendar year for a jurisdiction subtree (all
    jurisdictions when None) or for some posts. Runs in the caller's transaction if there is one."""
    clock = time.perf_counter
    as_of = as_of or timezone.localdate()
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    result = RecomputeResult(year=year)
    t0 = clock()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # One recompute of a year at a time: each compares with what is stored, then writes.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK, year])
                partitions.ensure_year(cursor, year)  # the year's own tables of verdicts and rollups
        bindings = Bindings()
        held = holdings(start=start, end=end, jurisdiction=jurisdiction, post_ids=post_ids)
        with connection.cursor() as cursor, connection.cursor() as counting:
            # The stored verdicts are read by the thread beside (on PostgreSQL: the server reads them
            # while the plans are made here, then the thread converts their rows while the credits
            # are counted), and each appointment is judged as its credit counts come in.
            stored = verdict_store.stored(cursor, year=year, jurisdiction=jurisdiction, post_ids=post_ids)
            with alongside(stored) as beside:
                planner = Planner(bindings, year=year, as_of=as_of)
                # Only the appointments some countable duty binds produce verdicts.
                wanted = {h.appointment_id: a for h in held if (a := planner.activities(h))}
                daily = daily_months(bindings, planner.count_from, planner.count_to)
                # The stored verdicts' rows received (or the error of their query raised): the
                # accidents are read now, as the credit counts hold the connection from their first
                # row to their last, while the holdings are judged.
                beside.connection_free()
                accidents = Accidents(
                    start, end, None if post_ids is not None else (jurisdiction.path if jurisdiction else "")
                )
                accidents.read(
                    {h.path for h in held if h.appointment_id in wanted and planner.has_events(h)}
                    if planner.events
                    else ()
                )
                t1 = clock()
                counts = credit_counts(
                    counting,
                    start=planner.count_from,
                    end=planner.count_to,
                    jurisdiction=jurisdiction,
                    post_ids=post_ids,
                    wanted=wanted,
                    daily_months=daily,
                )
                with closing(counts):
                    compared = verdict_store.compare(
                        progress(held) if progress is not None else held,
                        wanted=wanted,
                        planner=planner,
                        counts=counts,
                        stored=beside.result,
                        context=Context(year, as_of, frozenset(day.toordinal() for day in daily), accidents),
                    )
        t2 = clock()
        new, changed, n_stored = compared.new, compared.changed, compared.stored
        # What is left of the stored verdicts was produced by no appointment: gone.
        gone_rows = [(old[0], old[verdict_store.JURISDICTION_AT]) for old in compared.gone.values()]
        result.evaluated, result.rows = compared.evaluated, compared.rows
        touched = {row[3] for row in new}
        touched.update(j for row in changed for j in (row[1], row[5]))
        touched.update(j for _id, j in gone_rows)
        every_stored_goes = bool(n_stored) and len(changed) + len(gone_rows) == n_stored
        # The scope is every post and no stored verdict is left as it was (the first computation of
        # the year, a pack update): the rows new and changed are every verdict the year will hold.
        rewrites_year = every_post(jurisdiction, post_ids) and (not n_stored or every_stored_goes)
        del compared
        changed = [(row[0], *row[2:]) for row in changed]
        with connection.cursor() as cursor:
            tallies = verdict_store.write(
                cursor,
                new,
                changed,
                [i for i, _j in gone_rows],
                year=year,
                # No stored verdict left as it was (after a pack update): they all go by one scan.
                every=verdict_store.in_scope(year=year, jurisdiction=jurisdiction, post_ids=post_ids)
                if every_stored_goes
                else None,
                replaces_year=rewrites_year,
                # Every verdict of the year in hand: its rollups are counted from them (while the
                # server builds the year's new partition).
                meanwhile=(lambda: count_year_tallies(year=year, rows=[*new, *(row[1:] for row in changed)]))
                if rewrites_year
                else list,
            )
            if rewrites_year:
                write_year_tallies(cursor, year=year, tallies=tallies)
            else:
                refresh_tallies(cursor, year=year, jurisdiction_ids=touched)
        result.inserted_or_updated, result.deleted = len(new) + len(changed), len(gone_rows)
        t4 = clock()
    result.appointments = len(held)
    # "judge" is counting the credits and, as they come in, judging each appointment, while the
    # stored verdicts are read beside.
    result.timings = {
        "load": t1 - t0,
        "judge": t2 - t1,
        "write": t4 - t2,
        "total": t4 - t0,
    }
    return result


def compliance_update_for_posts(*, post_ids: Collection[int], years: Collection[int]) -> None:
    """Bring the stored verdicts of ``post_ids`` up to date for ``years`` (after a record changed)."""
    for year in sorted(set(years)):
        compliance_recompute(year=year, post_ids=post_ids)
