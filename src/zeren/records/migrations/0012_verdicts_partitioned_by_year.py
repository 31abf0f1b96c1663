"""The stored verdicts partitioned by year on PostgreSQL (zeren.records.partitions); SQLite unchanged."""

from django.db import migrations


def forwards(apps, schema_editor):
    from zeren.records.partitions import VERDICTS

    VERDICTS.partition(schema_editor)


def backwards(apps, schema_editor):
    from zeren.records.partitions import VERDICTS

    VERDICTS.unpartition(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0011_credits_counted_from_a_covering_date_index"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
