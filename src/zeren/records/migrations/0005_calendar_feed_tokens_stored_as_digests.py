"""Calendar feeds keep only the SHA-256 digest of their URL's token. Existing tokens are hashed in
place, so the URLs calendar apps already subscribe to keep working. The clear tokens are gone
afterwards: going back revokes every feed (their owners make new ones)."""

import hashlib

from django.db import migrations


def hash_tokens_in_place(apps, schema_editor):
    CalendarFeed = apps.get_model("records", "CalendarFeed")
    for feed in CalendarFeed.objects.all().only("pk", "digest").iterator():
        # The same digest as zeren.tokens.token_digest (a migration does not import app code).
        feed.digest = hashlib.sha256(feed.digest.encode()).hexdigest()
        feed.save(update_fields=["digest"])


def revoke_all(apps, schema_editor):
    from django.utils import timezone

    apps.get_model("records", "CalendarFeed").objects.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0004_compliance_rows_without_redundant_indexes"),
    ]

    operations = [
        migrations.RenameField(model_name="calendarfeed", old_name="token", new_name="digest"),
        migrations.RunPython(hash_tokens_in_place, reverse_code=revoke_all),
    ]
