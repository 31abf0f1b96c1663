"""The trend rollup counts a verdict in every month its period covers, with the month it closes: the
old rows (by closing month only) are dropped and the rollup is rebuilt from the stored verdicts."""

import datetime as dt

from django.db import migrations, models


def rebuild(apps, schema_editor):
    from zeren.records.rollups import refresh_tallies

    row = apps.get_model("records", "ComplianceRow")
    years = sorted(set(row.objects.values_list("year", flat=True).distinct()))
    with schema_editor.connection.cursor() as cursor:
        for year in years:
            ids = set(row.objects.filter(year=year).values_list("jurisdiction_id", flat=True).distinct())
            refresh_tallies(cursor, year=year, jurisdiction_ids=ids)


def drop(apps, schema_editor):
    apps.get_model("records", "ComplianceTrendTally").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("records", "0006_records_indexed_by_date_for_the_list")]

    operations = [
        migrations.RunPython(drop, migrations.RunPython.noop),
        migrations.AddField(
            model_name="compliancetrendtally",
            name="closes",
            field=models.DateField(default=dt.date(2000, 1, 1)),
            preserve_default=False,
        ),
        migrations.RunPython(rebuild, drop),
    ]
