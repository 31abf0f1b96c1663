"""The records list's text search (place or summary contains …) by trigram indexes on PostgreSQL.

Django's ``icontains`` reads ``UPPER(column::text) LIKE UPPER('%…%')``, which no B-tree serves: at a
province's million records every search read the whole table twice (the page and its bounded count).
A GIN index of pg_trgm trigrams on the same expression serves it (Chinese text too: pg_trgm hashes the
characters). pg_trgm is a trusted extension (PostgreSQL 13+), so the database's owner may create it;
where the role may not, the migration says so and leaves the search as it was (correct, only slower).
SQLite has no such index and keeps its scan. Not in the models' state: the indexes are PostgreSQL's
alone, so they are created and dropped here only."""

from django.db import migrations

INDEXES = {
    "records_rec_place_trgm": "place",
    "records_rec_summary_trgm": "summary",
}


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            try:
                cursor.execute("SAVEPOINT zeren_trgm")
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                cursor.execute("RELEASE SAVEPOINT zeren_trgm")
            except Exception as error:  # any refusal leaves the search as it was
                cursor.execute("ROLLBACK TO SAVEPOINT zeren_trgm")
                print(f"\n  zeren: pg_trgm not available ({error}); the records' text search stays a scan")
                return
        for name, column in INDEXES.items():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON records_performancerecord "
                f"USING gin (UPPER({column}::text) gin_trgm_ops)"
            )
        # The statistics of the indexed expressions: without them the planner guesses a search matches
        # 200 rows and sorts all 111,000 a common word matches instead of reading the newest first.
        cursor.execute("ANALYZE records_performancerecord")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("records", "0008_merge_confirmations_and_trend")]

    operations = [migrations.RunPython(create, drop)]
