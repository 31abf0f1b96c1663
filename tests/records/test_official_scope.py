"""What an official sees of duty performance: the records that credit them or that they made, with
their evidence files, and their own verdicts — not a colleague's, even in the same county."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from zeren.records import selectors
from zeren.records.services import RecordInput, record_create

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 5, 20, 10, tzinfo=dt.UTC)


@pytest.fixture
def zd_office(org, make_user):
    return make_user("zd-office", role="office", jurisdiction=org.gh_post.body.jurisdiction)


@pytest.fixture
def records(org, zd_office, samples):
    """The official's own record, and one the office made for the county party secretary (a colleague)."""
    with time_machine.travel(NOW):
        own = record_create(
            actor=org.official,
            data=RecordInput(activity="led_inspection", occurred_on=dt.date(2025, 5, 10), leader_post=org.gh_post),
            files=[SimpleUploadedFile("own.png", samples.png)],
        )
        colleague = record_create(
            actor=zd_office,
            data=RecordInput(activity="led_inspection", occurred_on=dt.date(2025, 5, 11), leader_post=org.ps_post),
            files=[SimpleUploadedFile("colleague.png", samples.png)],
        )
    return own, colleague


def test_an_official_lists_only_their_own_records(org, records):
    own, _colleague = records
    assert list(selectors.records_for(org.official)) == [own]


def test_an_official_gets_403_on_a_colleagues_record_and_its_evidence(client, org, records):
    _own, colleague = records
    client.force_login(org.official)
    assert client.get(f"/records/{colleague.pk}/").status_code == 403
    assert client.get(f"/records/evidence/{colleague.evidence.get().pk}/").status_code == 403


def test_an_official_opens_their_own_record_and_its_evidence(client, org, records):
    own, _colleague = records
    client.force_login(org.official)
    assert client.get(f"/records/{own.pk}/").status_code == 200
    assert client.get(f"/records/evidence/{own.evidence.get().pk}/").status_code == 200


def test_the_county_office_sees_both(zd_office, records):
    assert set(selectors.records_for(zd_office)) == set(records)
    assert selectors.evidence_for(zd_office).count() == 2


def test_an_official_sees_only_their_own_duty_verdicts(org, records):
    rows = selectors.compliance_rows_for(org.official)
    assert rows.exists()
    assert set(rows.values_list("appointment__person", flat=True)) == {org.official_person.pk}
