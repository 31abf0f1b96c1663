"""Each event names its hash scheme; the events written before scheme 2 existed keep scheme 1
(their hash is never recomputed: re-chaining would erase the very evidence the chain holds)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_event_hash_chain")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="scheme",
            field=models.PositiveSmallIntegerField(default=1),
            preserve_default=False,
        ),
    ]
