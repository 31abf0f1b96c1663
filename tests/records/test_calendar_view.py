"""The calendar page and its feed: the secret address is shown once, when it is made; the database
holds only its digest; the feed answers to the address until it is revoked or replaced."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from zeren.records.compliance import compliance_recompute
from zeren.records.models import CalendarFeed

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 5, 20, 10, tzinfo=dt.UTC)


def make_feed(client, user) -> str:
    """POST to make a feed as ``user``; returns the feed path shown on the answer."""
    client.force_login(user)
    response = client.post(reverse("records:calendar"), {"action": "new"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    match = re.search(r'value="http://testserver(/records/calendar/[^"]+\.ics)"', response.content.decode())
    assert match, "the new address is shown"
    assert "该地址只显示这一次" in response.content.decode()
    return match.group(1)


@time_machine.travel(NOW)
def test_the_calendar_feed_lists_open_duties_and_stops_when_revoked(client, org):
    compliance_recompute(year=2025)
    url = make_feed(client, org.official)
    client.logout()
    response = client.get(url)
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "DTSTART;VALUE=DATE:20250630" in body and "BEGIN:VALARM" in body
    client.force_login(org.official)
    client.post(reverse("records:calendar"), {"action": "revoke"})
    client.logout()
    assert client.get(url).status_code == 404


@time_machine.travel(NOW)
def test_the_database_holds_only_the_digest_of_the_address(client, org):
    url = make_feed(client, org.official)
    token = url.removeprefix("/records/calendar/").removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=org.official, revoked_at__isnull=True)
    assert feed.digest == hashlib.sha256(token.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM records_calendarfeed")
        stored = [str(value) for row in cursor.fetchall() for value in row]
    assert not any(token in value for value in stored)


@time_machine.travel(NOW)
def test_the_address_is_not_shown_again_after_it_was_made(client, org):
    url = make_feed(client, org.official)
    page = client.get(reverse("records:calendar")).content.decode()
    assert url not in page
    assert 'data-testid="feed-active"' in page and 'data-testid="revoke"' in page
    assert "该地址只在生成时显示一次" in page


@time_machine.travel(NOW)
def test_a_new_address_replaces_the_old_one(client, org):
    old = make_feed(client, org.official)
    new = make_feed(client, org.official)
    client.logout()
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_the_calendar_page_is_for_people_in_post_only(client, office_a):
    client.force_login(office_a)
    assert client.get(reverse("records:calendar")).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_migration_hashes_existing_tokens_so_their_addresses_keep_working(client, org):
    from django.db.migrations.executor import MigrationExecutor

    before = [("records", "0004_compliance_rows_without_redundant_indexes")]
    after = [("records", "0005_calendar_feed_tokens_stored_as_digests")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldFeed = old_apps.get_model("records", "CalendarFeed")
    OldFeed.objects.create(user_id=org.official.pk, token="an-address-made-before-the-upgrade")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    # then every later migration again, so that the tests after this one see the current schema
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    stored = CalendarFeed.objects.get(user=org.official)
    assert stored.digest == hashlib.sha256(b"an-address-made-before-the-upgrade").hexdigest()
    response = client.get(reverse("records:feed", kwargs={"feed_token": "an-address-made-before-the-upgrade"}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
