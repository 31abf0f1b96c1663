"""The records list pages by seek on (date, id), newest first: an index walks it backwards."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0005_calendar_feed_tokens_stored_as_digests"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="performancerecord",
            index=models.Index(fields=["occurred_on", "id"], name="records_rec_date_id"),
        ),
    ]
