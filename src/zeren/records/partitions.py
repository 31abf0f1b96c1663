"""The stored verdicts (:class:`~zeren.records.models.ComplianceRow`) partitioned by year on PostgreSQL.

A year's recompute reads and writes only that year's verdicts, but ten years stored made each of
its writes pay for indexes ten times the size (the cold first computation of a year 3.4 s with one
year stored, 4.7 s with ten). Declarative partitioning (``PARTITION BY LIST (year)``) gives each
year its own table and indexes, so a year costs the same whatever history is kept; queries that
name the year read only its partition, the others (a person's dossier over ten years) read each.

- One partition per year, ``records_compliancerow_y2025``, made by :func:`ensure_year` when a
  recompute first writes the year (in its transaction), and a default partition that takes rows of
  a year without one (written by other means than the recompute); :func:`ensure_year` moves those
  into the year's new partition.
- A partitioned table's unique indexes must hold the partition key: the rows are found by a
  unique index on (id, year), and "one verdict per appointment, obligation and period" is held per
  year (a period belongs to the year that judges it). They are unique indexes, not a primary key
  and a unique constraint: ``pg_restore --clean`` (``zeren restore --force``) cannot drop the
  constraints a partition inherits (PostgreSQL 15), and it drops such indexes well. Django still
  sees ``id`` as the key.
- :func:`partition` and :func:`unpartition` re-lay an existing table either way (records migration
  0012); indexes keep their names and definitions.

SQLite (the embedded default) keeps one table: every function here does nothing there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connection

from zeren.records.loading import meanwhile as in_pipeline
from zeren.records.models import ComplianceRow

T = TypeVar("T")

TABLE = ComplianceRow._meta.db_table
DEFAULT = f"{TABLE}_default"
PK = f"{TABLE}_pkey"
ID_INDEX = f"{TABLE}_id_year"
UNIQUE = "records_compliance_one_per_period"
UNIQUE_COLUMNS = "appointment_id, obligation, period"


def year_table(year: int) -> str:
    return f"{TABLE}_y{int(year)}"


def has_partition(cursor: Any, year: int) -> bool:
    """Whether the year has its own partition (PostgreSQL, the table partitioned)."""
    if connection.vendor != "postgresql":
        return False
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [year_table(year)])
    return bool(cursor.fetchone()[0])


def is_partitioned(cursor: Any) -> bool:
    cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s))", [TABLE])
    return bool(cursor.fetchone()[0])


def ensure_year(cursor: Any, year: int) -> None:
    """Make the partition of ``year`` if there is none (PostgreSQL, partitioned table), moving into it
    any rows of the year the default partition holds (they would stop it being attached)."""
    if connection.vendor != "postgresql":
        return
    name = year_table(year)
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL, to_regclass(%s) IS NOT NULL", [name, DEFAULT])
    exists, partitioned = cursor.fetchone()
    if exists or not partitioned:
        return
    # The check lets the attach skip scanning the new table for rows of other years.
    cursor.execute(
        f"CREATE TABLE {name} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS, "
        f"CONSTRAINT {name}_year CHECK (year = {int(year)}))"
    )
    cursor.execute(
        f"WITH moved AS (DELETE FROM {DEFAULT} WHERE year = %s RETURNING *) INSERT INTO {name} SELECT * FROM moved",  # noqa: S608
        [year],
    )
    cursor.execute(f"ALTER TABLE {TABLE} ATTACH PARTITION {name} FOR VALUES IN ({int(year)})")
    cursor.execute(f"ALTER TABLE {name} DROP CONSTRAINT {name}_year")


def replace_year(cursor: Any, year: int, load: Callable[[str], None], meanwhile: Callable[[], T]) -> T:
    """Put a new table in the place of the year's partition (which must exist: :func:`has_partition`):
    ``load(table)`` fills it (a COPY) while it has no index, then attaching it builds its indexes in
    one pass each — about half what the same rows cost written into the indexed partition, and the
    old rows are dropped with their table rather than deleted. For a recompute that rewrites every
    verdict of the year (the first computation of a year, a pack update). Until the transaction
    ends the verdict table waits for it (dropping a partition locks its parent), as a province's
    verdicts would be rewritten anyway. Ends with fresh statistics for the partition.

    ``meanwhile()`` runs while the server builds the new partition's indexes and statistics (the
    statements are sent without waiting, :func:`~zeren.records.loading.meanwhile`); its result is
    returned."""
    name, fresh = year_table(year), f"{year_table(year)}_new"
    cursor.execute(
        f"CREATE TABLE {fresh} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS, "
        f"CONSTRAINT {fresh}_year CHECK (year = {int(year)}))"
    )
    # Rows get their ids from the verdict table's own identity, as rows inserted through it do.
    cursor.execute(
        f"ALTER TABLE {fresh} ALTER COLUMN id SET DEFAULT nextval(pg_get_serial_sequence(%s, 'id')::regclass)",
        [TABLE],
    )
    load(fresh)
    with in_pipeline():
        cursor.execute(f"DROP TABLE {name}")
        cursor.execute(f"ALTER TABLE {fresh} RENAME TO {name}")
        cursor.execute(f"ALTER TABLE {TABLE} ATTACH PARTITION {name} FOR VALUES IN ({int(year)})")
        cursor.execute(f"ALTER TABLE {name} ALTER COLUMN id DROP DEFAULT")
        cursor.execute(f"ALTER TABLE {name} DROP CONSTRAINT {fresh}_year")
        cursor.execute(f"ANALYZE {name}")
        return meanwhile()


def analyze(cursor: Any, year: int) -> None:
    """Fresh statistics for the year's verdicts after a large rewrite (PostgreSQL): its partition only
    when the table is partitioned (the other years did not change), else the table."""
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {year_table(year) if has_partition(cursor, year) else TABLE}")


def _index_definitions(cursor: Any, table: str) -> list[tuple[str, str]]:
    """The indexes of ``table`` that are not those of its primary key or unique constraints, as
    (name, CREATE INDEX statement)."""
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "WHERE x.indrelid = to_regclass(%s) AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY i.relname",
        [table],
    )
    return [(name, definition) for name, definition in cursor.fetchall() if name not in (ID_INDEX, UNIQUE)]


def _rebuild(cursor: Any, *, partitioned: bool) -> None:
    """Copy the verdict table into a new one laid the other way, then put it in its place, with the
    same columns, identity, constraints' and indexes' names."""
    new = f"{TABLE}_relaid"
    indexes = _index_definitions(cursor, TABLE)
    cursor.execute(
        f"CREATE TABLE {new} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING IDENTITY)"
        + (" PARTITION BY LIST (year)" if partitioned else "")
    )
    if partitioned:
        cursor.execute(f"SELECT DISTINCT year FROM {TABLE} ORDER BY year")  # noqa: S608
        for (year,) in cursor.fetchall():
            cursor.execute(f"CREATE TABLE {year_table(year)} PARTITION OF {new} FOR VALUES IN ({int(year)})")
        cursor.execute(f"CREATE TABLE {DEFAULT} PARTITION OF {new} DEFAULT")
    cursor.execute(f"INSERT INTO {new} SELECT * FROM {TABLE}")  # noqa: S608
    cursor.execute(f"SELECT pg_get_serial_sequence(%s, 'id'), COALESCE(MAX(id), 0) FROM {TABLE}", [TABLE])  # noqa: S608
    old_sequence, top = cursor.fetchone()
    cursor.execute(f"DROP TABLE {TABLE}")
    cursor.execute(f"ALTER TABLE {new} RENAME TO {TABLE}")
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
    (sequence,) = cursor.fetchone()
    cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO {old_sequence.split('.')[-1]}")
    if top:
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [TABLE, top])
    if partitioned:
        cursor.execute(f"CREATE UNIQUE INDEX {ID_INDEX} ON {TABLE} (id, year)")
        cursor.execute(f"CREATE UNIQUE INDEX {UNIQUE} ON {TABLE} ({UNIQUE_COLUMNS}, year)")
    else:
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {PK} PRIMARY KEY (id)")
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {UNIQUE} UNIQUE ({UNIQUE_COLUMNS})")
    for _name, definition in indexes:
        cursor.execute(definition.replace(" ONLY ", " "))
    cursor.execute(f"ANALYZE {TABLE}")


def partition(schema_editor: Any) -> None:
    """Lay the verdict table out by year (PostgreSQL; nothing on SQLite or if it already is)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        if not is_partitioned(cursor):
            _rebuild(cursor, partitioned=True)


def unpartition(schema_editor: Any) -> None:
    """Lay the verdict table out as one table again (PostgreSQL)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        if is_partitioned(cursor):
            _rebuild(cursor, partitioned=False)
