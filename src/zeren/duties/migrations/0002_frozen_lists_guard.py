"""A database-level guard: a published or superseded duty list and its items are never changed.

Triggers refuse an UPDATE of a frozen list (except published → superseded with nothing else
changed), an UPDATE of an item of a frozen list and an INSERT of an item into one. Deletes are
refused by the models and no service deletes a list; a DELETE trigger would also fire on SQLite's
test-database flush. The SQL is written out here (no app imports), once per database vendor."""

from django.db import migrations

LIST_COLUMNS = [
    "post_id", "version", "pack_id", "policy_title", "policy_version", "applies", "read_as_level",
    "scope_cites", "notes", "generated_on", "post_title", "role", "level", "department_kind",
    "created_by_id", "created_at", "published_by_id", "published_at",
]
MESSAGE = "duty list is published or superseded: it is never changed"
ITEM_MESSAGE = "duty items of a published or superseded list are never changed"
PARENT = "(SELECT status FROM duties_dutylist WHERE id = {row}.duty_list_id)"

SQLITE = [
    f"""CREATE TRIGGER duties_dutylist_frozen BEFORE UPDATE ON duties_dutylist
    WHEN OLD.status <> 'draft' AND NOT (OLD.status = 'published' AND NEW.status = 'superseded' AND
      {" AND ".join(f"NEW.{c} IS OLD.{c}" for c in LIST_COLUMNS)})
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER duties_dutyitem_frozen_update BEFORE UPDATE ON duties_dutyitem
    WHEN {PARENT.format(row="OLD")} <> 'draft' OR {PARENT.format(row="NEW")} <> 'draft'
    BEGIN SELECT RAISE(ABORT, '{ITEM_MESSAGE}'); END""",
    f"""CREATE TRIGGER duties_dutyitem_frozen_insert BEFORE INSERT ON duties_dutyitem
    WHEN {PARENT.format(row="NEW")} <> 'draft'
    BEGIN SELECT RAISE(ABORT, '{ITEM_MESSAGE}'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS duties_dutylist_frozen",
    "DROP TRIGGER IF EXISTS duties_dutyitem_frozen_update",
    "DROP TRIGGER IF EXISTS duties_dutyitem_frozen_insert",
]

_same = ", ".join
POSTGRES = [
    f"""CREATE FUNCTION duties_dutylist_frozen() RETURNS trigger AS $$
    BEGIN
      IF OLD.status <> 'draft' AND NOT (OLD.status = 'published' AND NEW.status = 'superseded' AND
         ROW({_same(f"NEW.{c}" for c in LIST_COLUMNS)}) IS NOT DISTINCT FROM ROW({_same(f"OLD.{c}" for c in LIST_COLUMNS)}))
      THEN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER duties_dutylist_frozen BEFORE UPDATE ON duties_dutylist
    FOR EACH ROW EXECUTE FUNCTION duties_dutylist_frozen()""",
    f"""CREATE FUNCTION duties_dutyitem_frozen() RETURNS trigger AS $$
    BEGIN
      IF (TG_OP = 'UPDATE' AND {PARENT.format(row="OLD")} <> 'draft') OR {PARENT.format(row="NEW")} <> 'draft'
      THEN RAISE EXCEPTION '{ITEM_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER duties_dutyitem_frozen BEFORE INSERT OR UPDATE ON duties_dutyitem
    FOR EACH ROW EXECUTE FUNCTION duties_dutyitem_frozen()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS duties_dutyitem_frozen ON duties_dutyitem",
    "DROP FUNCTION IF EXISTS duties_dutyitem_frozen()",
    "DROP TRIGGER IF EXISTS duties_dutylist_frozen ON duties_dutylist",
    "DROP FUNCTION IF EXISTS duties_dutylist_frozen()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            return  # another database: the models' own checks still hold
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("duties", "0001_duty_lists_and_items")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
