"""The stored verdicts (:class:`~zeren.records.models.ComplianceRow`) and the dashboard's rollups of
them (:mod:`zeren.records.rollups`) partitioned by year on PostgreSQL.

A year's recompute reads and writes only that year's verdicts and rollups, but ten years stored made
each of its writes pay for indexes ten times the size (the cold first computation of a year 3.4 s
with one year stored, 4.7 s with ten). Declarative partitioning (``PARTITION BY LIST (year)``) gives
each year its own table and indexes, so a year costs the same whatever history is kept; queries
that name the year read only its partition, the others (a person's dossier over ten years) read
each.

- Each table laid out by year is a :class:`ByYear` (:data:`VERDICTS`, :data:`ROLLUPS`).
- One partition per year, ``records_compliancerow_y2025``, made by :func:`ensure_year` when a
  recompute first writes the year (in its transaction), and a default partition that takes rows of
  a year without one (written by other means than the recompute); :func:`ensure_year` moves those
  into the year's new partition.
- A partitioned table's unique indexes must hold the partition key: the rows are found by a
  unique index on (id, year), and "one verdict per appointment, obligation and period" is held per
  year (a period belongs to the year that judges it); the whole tree's rollups' keys hold the year
  already. They are unique indexes, not a primary key and unique constraints: ``pg_restore
  --clean`` (``zeren restore --force``) cannot drop the constraints a partition inherits
  (PostgreSQL 15), and it drops such indexes well. Django still sees ``id`` as the key.
- :func:`replace_year` puts new tables in the place of a year's partitions, for a recompute that
  rewrites the whole year.
- :meth:`ByYear.partition` and :meth:`ByYear.unpartition` re-lay an existing table either way
  (records migrations 0012 and 0014); indexes keep their names and definitions.

SQLite (the embedded default) keeps one table each: every function here does nothing there."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection, models

from zeren.records.loading import meanwhile as in_pipeline
from zeren.records.models import (
    ComplianceMissedTally,
    ComplianceRow,
    ComplianceTally,
    ComplianceTreeTally,
    ComplianceTreeTrendTally,
    ComplianceTrendTally,
)

T = TypeVar("T")


@dataclass(frozen=True)
class ByYear:
    """A table laid out by year on PostgreSQL: its partitions, and how it is re-laid.

    ``unique`` names its unique constraints other than the key, with their columns as they are in
    the table laid as one (a unique index of the partitioned table holds ``year`` too)."""

    model: type[models.Model]
    unique: tuple[tuple[str, str], ...] = ()

    @property
    def table(self) -> str:
        return str(self.model._meta.db_table)

    @property
    def default(self) -> str:
        return f"{self.table}_default"

    @property
    def id_index(self) -> str:
        return f"{self.table}_id_year"

    def year_table(self, year: int) -> str:
        return f"{self.table}_y{int(year)}"

    def has_partition(self, cursor: Any, year: int) -> bool:
        """Whether the year has its own partition (PostgreSQL, the table partitioned)."""
        return bool(with_partition(cursor, year, [self]))

    def is_partitioned(self, cursor: Any) -> bool:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s))", [self.table]
        )
        return bool(cursor.fetchone()[0])

    def analyze(self, cursor: Any, year: int) -> None:
        """Fresh statistics for the year's rows after a large rewrite (PostgreSQL): :func:`analyze`."""
        analyze(cursor, year, [self])

    def _make_year(self, cursor: Any, year: int) -> None:
        name = self.year_table(year)
        # The check lets the attach skip scanning the new table for rows of other years.
        cursor.execute(
            f"CREATE TABLE {name} (LIKE {self.table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS, "
            f"CONSTRAINT {name}_year CHECK (year = {int(year)}))"
        )
        cursor.execute(
            f"WITH moved AS (DELETE FROM {self.default} WHERE year = %s RETURNING *) "  # noqa: S608
            f"INSERT INTO {name} SELECT * FROM moved",
            [year],
        )
        cursor.execute(f"ALTER TABLE {self.table} ATTACH PARTITION {name} FOR VALUES IN ({int(year)})")
        cursor.execute(f"ALTER TABLE {name} DROP CONSTRAINT {name}_year")

    def _fresh(self, cursor: Any, year: int) -> str:
        """A new, bare table laid like the year's partition, to be filled then put in its place."""
        fresh = f"{self.year_table(year)}_new"
        cursor.execute(
            f"CREATE TABLE {fresh} (LIKE {self.table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS, "
            f"CONSTRAINT {fresh}_year CHECK (year = {int(year)}))"
        )
        # Rows get their ids from the table's own identity, as rows inserted through it do.
        cursor.execute(
            f"ALTER TABLE {fresh} ALTER COLUMN id SET DEFAULT nextval(pg_get_serial_sequence(%s, 'id')::regclass)",
            [self.table],
        )
        return fresh

    def _swap(self, cursor: Any, year: int) -> None:
        """Put the year's filled new table (:meth:`_fresh`) in the place of its partition; attaching
        it builds its indexes."""
        name, fresh = self.year_table(year), f"{self.year_table(year)}_new"
        cursor.execute(f"DROP TABLE {name}")
        cursor.execute(f"ALTER TABLE {fresh} RENAME TO {name}")
        cursor.execute(f"ALTER TABLE {self.table} ATTACH PARTITION {name} FOR VALUES IN ({int(year)})")
        cursor.execute(f"ALTER TABLE {name} ALTER COLUMN id DROP DEFAULT")
        cursor.execute(f"ALTER TABLE {name} DROP CONSTRAINT {fresh}_year")
        cursor.execute(f"ANALYZE {name}")

    def _index_definitions(self, cursor: Any) -> list[tuple[str, str]]:
        """The table's indexes that are not those of its key or unique constraints, as (name, CREATE
        INDEX statement)."""
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = to_regclass(%s) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY i.relname",
            [self.table],
        )
        kept = {self.id_index, *(name for name, _columns in self.unique)}
        return [(name, definition) for name, definition in cursor.fetchall() if name not in kept]

    def _rebuild(self, cursor: Any, *, partitioned: bool) -> None:
        """Copy the table into a new one laid the other way, then put it in its place, with the same
        columns, identity, constraints' and indexes' names."""
        table, new = self.table, f"{self.table}_relaid"
        indexes = self._index_definitions(cursor)
        cursor.execute(
            f"CREATE TABLE {new} (LIKE {table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING IDENTITY)"
            + (" PARTITION BY LIST (year)" if partitioned else "")
        )
        if partitioned:
            cursor.execute(f"SELECT DISTINCT year FROM {table} ORDER BY year")  # noqa: S608
            for (year,) in cursor.fetchall():
                cursor.execute(f"CREATE TABLE {self.year_table(year)} PARTITION OF {new} FOR VALUES IN ({int(year)})")
            cursor.execute(f"CREATE TABLE {self.default} PARTITION OF {new} DEFAULT")
        cursor.execute(f"INSERT INTO {new} SELECT * FROM {table}")  # noqa: S608
        cursor.execute(f"SELECT pg_get_serial_sequence(%s, 'id'), COALESCE(MAX(id), 0) FROM {table}", [table])  # noqa: S608
        old_sequence, top = cursor.fetchone()
        cursor.execute(f"DROP TABLE {table}")
        cursor.execute(f"ALTER TABLE {new} RENAME TO {table}")
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        (sequence,) = cursor.fetchone()
        cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO {old_sequence.split('.')[-1]}")
        if top:
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, top])
        if partitioned:
            cursor.execute(f"CREATE UNIQUE INDEX {self.id_index} ON {table} (id, year)")
            for name, columns in self.unique:
                held = columns if "year" in (c.strip() for c in columns.split(",")) else f"{columns}, year"
                cursor.execute(f"CREATE UNIQUE INDEX {name} ON {table} ({held})")
        else:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {table}_pkey PRIMARY KEY (id)")
            for name, columns in self.unique:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE ({columns})")
        for _name, definition in indexes:
            cursor.execute(definition.replace(" ONLY ", " "))
        cursor.execute(f"ANALYZE {table}")

    def partition(self, schema_editor: Any) -> None:
        """Lay the table out by year (PostgreSQL; nothing on SQLite or if it already is)."""
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            if not self.is_partitioned(cursor):
                self._rebuild(cursor, partitioned=True)

    def unpartition(self, schema_editor: Any) -> None:
        """Lay the table out as one table again (PostgreSQL)."""
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            if self.is_partitioned(cursor):
                self._rebuild(cursor, partitioned=False)


VERDICTS = ByYear(ComplianceRow, unique=(("records_compliance_one_per_period", "appointment_id, obligation, period"),))
"""The stored verdicts, partitioned by year since records migration 0012."""
ROLLUPS = (
    ByYear(ComplianceTally),
    ByYear(ComplianceTrendTally),
    ByYear(ComplianceMissedTally),
    ByYear(
        ComplianceTreeTally, unique=(("records_tree_tally_key", "year, kind, item, policy_id, policy_version, status"),)
    ),
    ByYear(ComplianceTreeTrendTally, unique=(("records_tree_trend_key", "year, month, closes, status"),)),
)
"""The dashboard's rollups of the verdicts, partitioned by year since records migration 0014."""
BY_YEAR = {by_year.model: by_year for by_year in (VERDICTS, *ROLLUPS)}


def with_partition(cursor: Any, year: int, tables: Collection[ByYear]) -> set[ByYear]:
    """Those of ``tables`` that have a partition of ``year`` (PostgreSQL, the table partitioned; one
    query)."""
    if connection.vendor != "postgresql" or not tables:
        return set()
    listed = list(tables)
    cursor.execute(
        "SELECT " + ", ".join(["to_regclass(%s) IS NOT NULL"] * len(listed)), [t.year_table(year) for t in listed]
    )
    return {table for table, exists in zip(listed, cursor.fetchone(), strict=True) if exists}


def analyze(cursor: Any, year: int, tables: Collection[ByYear], partitioned: set[ByYear] | None = None) -> None:
    """Fresh statistics for the year's rows of ``tables`` after a large rewrite (PostgreSQL): of each
    one's partition of the year when it has one (the other years did not change), else of the table.
    ``partitioned`` is :func:`with_partition`'s answer for them if the caller has it (else one query)."""
    if connection.vendor != "postgresql":
        return
    if partitioned is None:
        partitioned = with_partition(cursor, year, tables)
    for table in tables:
        cursor.execute(f"ANALYZE {table.year_table(year) if table in partitioned else table.table}")


def ensure_year(cursor: Any, year: int, tables: Collection[ByYear] = BY_YEAR.values()) -> None:
    """Make the partition of ``year`` of each of ``tables`` (partitioned) that has none (PostgreSQL),
    moving into it any rows of the year its default partition holds (they would stop it being
    attached). One query when every partition is there, as it is after the year's first recompute."""
    if connection.vendor != "postgresql":
        return
    listed = list(tables)
    cursor.execute(
        "SELECT " + ", ".join(["to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NULL"] * len(listed)),
        [name for t in listed for name in (t.default, t.year_table(year))],
    )
    for table, missing in zip(listed, cursor.fetchone(), strict=True):
        if missing:
            table._make_year(cursor, year)


QUICK_STATISTICS = 10
"""The statistics target of the ANALYZE after a year's verdicts or rollups are rewritten whole
(PostgreSQL): a sample of 3,000 rows rather than 30,000 (a province's year of verdicts: 0.04 s rather
than 0.22 s, on the server while the client counts the rollups). The dashboard reads the rollups, and
the lists the verdicts, by year, jurisdiction, post or person through their indexes, which coarser
statistics plan the same way."""


def replace_year(
    cursor: Any, year: int, loads: Sequence[tuple[ByYear, Callable[[str], None]]], meanwhile: Callable[[], T]
) -> T:
    """Put new tables in the place of the year's partitions of ``loads``' tables (each must have it:
    :func:`with_partition`): each ``load(table)`` fills its new table (a COPY) while it has no index,
    then attaching it builds its indexes in one pass each — about half what the same rows cost
    written into the indexed partition, and the old rows are dropped with their table rather than
    deleted. For a recompute that rewrites every verdict of the year (the first computation of a
    year, a pack update) and then every rollup of them. Until the transaction ends each table waits
    for it (dropping a partition locks its parent), as a province's verdicts and rollups would be
    rewritten anyway. Ends with fresh statistics for the partitions, sampled at
    :data:`QUICK_STATISTICS`.

    ``meanwhile()`` runs while the server builds the new partitions' indexes and statistics (the
    statements are sent without waiting, :func:`~zeren.records.loading.meanwhile`); its result is
    returned."""
    for table, load in loads:
        load(table._fresh(cursor, year))
    with in_pipeline():
        cursor.execute(f"SET LOCAL default_statistics_target = {QUICK_STATISTICS}")
        for table, _load in loads:
            table._swap(cursor, year)
        cursor.execute("SET LOCAL default_statistics_target TO DEFAULT")
        return meanwhile()
