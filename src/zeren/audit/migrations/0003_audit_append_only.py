"""The audit table is append-only at the database: triggers refuse every UPDATE and DELETE of an
event, and TRUNCATE of the table on PostgreSQL (SQLite has no TRUNCATE; its ``DELETE FROM`` without
a condition fires the DELETE trigger). Only the table's owner can lift them (``ALTER TABLE … DISABLE
TRIGGER``, which ``zeren flush`` does to empty a test or demo database); production runs the app as
a role that is not the owner and has no UPDATE, DELETE or TRUNCATE on the table (docs/audit.md).

On SQLite a later migration that rebuilds the table (most AlterField operations) drops its triggers:
such a migration must create them again (tests/audit/test_append_only.py fails if they are gone).
The SQL is written out here (no app imports), once per database vendor."""

from django.db import migrations

TABLE = "audit_auditevent"
MESSAGE = "the audit trail is append-only: events are never changed or deleted"

SQLITE = [
    f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
]

POSTGRES = [
    f"""CREATE FUNCTION audit_event_append_only() RETURNS trigger AS $$
    BEGIN
      RAISE EXCEPTION USING MESSAGE = '{MESSAGE}: ' || TG_OP || ' refused',
        ERRCODE = 'integrity_constraint_violation';
    END $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS audit_event_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_event_append_only()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            return  # another database: the service is still the only writer
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_audit_event_scheme")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
