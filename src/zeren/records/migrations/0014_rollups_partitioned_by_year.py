"""The dashboard's rollups partitioned by year on PostgreSQL, as the verdicts are (zeren.records.partitions);
SQLite unchanged."""

from django.db import migrations


def forwards(apps, schema_editor):
    from zeren.records.partitions import ROLLUPS

    for table in ROLLUPS:
        table.partition(schema_editor)


def backwards(apps, schema_editor):
    from zeren.records.partitions import ROLLUPS

    for table in reversed(ROLLUPS):
        table.unpartition(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0013_whole_tree_tallies_for_the_province_dashboard"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
