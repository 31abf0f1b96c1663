"""``zeren evidence_verify`` checks the evidence files of every kind — a record's, a tour finding's and
a supervision ticket's — against the size and SHA-256 the database holds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zeren.backup.verify import evidence_verify
from zeren.evidence import check, stored_fields

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def stored(name: str, content: bytes) -> dict:
    return stored_fields(check(SimpleUploadedFile(name, content, content_type="image/png")))


@pytest.fixture
def three_kinds(world, office_a, city_office, settings, tmp_path):
    from tours.helpers import planned
    from zeren.records.models import Evidence, PerformanceRecord
    from zeren.supervision.models import SupervisionEvidence
    from zeren.tours.models import Attachment

    settings.MEDIA_ROOT = tmp_path
    record = PerformanceRecord.objects.create(
        activity="led_inspection", occurred_on=dt.date(2025, 5, 1), jurisdiction=world.county_a, created_by=office_a
    )
    Evidence.objects.create(record=record, uploaded_by=office_a, **stored("记录.png", PNG))
    finding = planned(world, city_office, feedback=False, findings=1).tour.findings.get()
    tour_file = Attachment.objects.create(
        jurisdiction=world.county_a, finding=finding, uploaded_by=office_a, **stored("巡查.png", PNG + b"tour")
    )
    ticket_file = SupervisionEvidence.objects.create(uploaded_by=office_a, **stored("督办.png", PNG + b"ticket"))
    return tmp_path, tour_file, ticket_file


def test_every_kind_of_evidence_file_is_counted_and_matches(three_kinds):
    found = evidence_verify()
    assert found.ok and found.checked == 3, found.problems


def test_an_altered_tour_file_and_a_missing_ticket_file_are_named(three_kinds):
    media, tour_file, ticket_file = three_kinds
    (media / tour_file.file.name).write_bytes(b"altered")
    (media / ticket_file.file.name).unlink()
    found = evidence_verify()
    assert not found.ok
    assert any("巡查.png" in problem for problem in found.problems), found.problems
    assert any("督办.png" in problem for problem in found.problems), found.problems
