"""Recording duties performed: credits, tenure checks, evidence, soft deletion with history."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from zeren.audit.services import history
from zeren.problems import Problems
from zeren.records.models import ComplianceRow, Evidence, PerformanceRecord, RecordCredit
from zeren.records.services import (
    HazardInput,
    RecordInput,
    evidence_remove,
    record_create,
    record_delete,
    record_update,
)

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2025, 5, 20, 10, tzinfo=dt.UTC)


def inspection(org, day=dt.date(2025, 5, 10), **extra):
    return RecordInput(activity="led_inspection", occurred_on=day, leader_post=org.gh_post, place="正定镇", **extra)


def status(org, obligation, period):
    return ComplianceRow.objects.get(post=org.gh_post, obligation=obligation, period=period).status


@time_machine.travel(TODAY)
def test_a_led_inspection_credits_the_post_and_its_holder_and_meets_the_quarter(org, samples):
    photo = SimpleUploadedFile("现场.png", samples.png, content_type="image/png")
    record = record_create(actor=org.official, data=inspection(org), files=[photo])
    credit = RecordCredit.objects.get(record=record)
    assert (credit.post, credit.person, credit.capacity, credit.counts) == (
        org.gh_post,
        org.official_person,
        "leader",
        True,
    )
    assert record.jurisdiction.code == "130123"
    assert status(org, "hb-6.3-inspection-county", "2025-Q2") == "met"
    row = ComplianceRow.objects.get(post=org.gh_post, obligation="hb-6.3-inspection-county", period="2025-Q2")
    assert row.policy_id == "hebei-2018" and row.policy_version.startswith("2018.1+")
    assert status(org, "hb-6.3-inspection-county", "2025-Q1") == "missed"
    assert status(org, "hb-6.3-inspection-county", "2025-Q3") == "open"


@time_machine.travel(TODAY)
def test_participants_are_credited_but_only_the_leader_counts_for_an_inspection(org):
    record = record_create(actor=org.official, data=inspection(org, participant_posts=[org.ps_post, org.deputy_post]))
    credits = {c.post.code: (c.capacity, c.counts) for c in RecordCredit.objects.filter(record=record)}
    assert credits == {
        "130123-GH": ("leader", True),
        "130123-PS": ("participant", False),
        "130123-DS": ("participant", False),
    }


@time_machine.travel(TODAY)
def test_a_record_dated_outside_the_officials_tenure_is_refused_with_the_tenure(org):
    with pytest.raises(Problems) as error:
        record_create(actor=org.official, data=inspection(org, day=dt.date(2024, 1, 15)))
    message = error.value.problems[0]
    assert "2024-01-15" in message and "2024-03-01" in message and "县长" in message
    assert not PerformanceRecord.objects.exists()


@time_machine.travel(TODAY)
def test_a_record_dated_in_the_future_is_refused(org):
    with pytest.raises(Problems) as error:
        record_create(actor=org.official, data=inspection(org, day=dt.date(2025, 5, 21)))
    assert "2025-05-21" in error.value.problems[0]


@time_machine.travel(TODAY)
def test_an_official_cannot_lead_with_a_post_they_never_held(org):
    data = RecordInput(activity="research_visit", occurred_on=dt.date(2025, 5, 1), leader_post=org.ps_post)
    with pytest.raises(Problems, match=r"您不担任|do not hold"):
        record_create(actor=org.official, data=data)


@time_machine.travel(TODAY)
def test_an_office_user_records_for_the_holder_on_that_date(org, make_user):
    office = make_user("zd-office", role="office", jurisdiction=org.gh_post.body.jurisdiction)
    record = record_create(actor=office, data=inspection(org, day=dt.date(2024, 2, 1)))
    assert RecordCredit.objects.get(record=record).person == org.previous_holder


@time_machine.travel(TODAY)
def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_saved(org, samples):
    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 this is a program, not a photo" * 10)
    with pytest.raises(Problems) as error:
        record_create(actor=org.official, data=inspection(org), files=[fake])
    assert "照片.jpg" in error.value.problems[0]
    assert not PerformanceRecord.objects.exists()
    png_named_pdf = SimpleUploadedFile("纪要.pdf", samples.png)
    with pytest.raises(Problems) as error:
        record_create(actor=org.official, data=inspection(org), files=[png_named_pdf])
    assert "PNG" in error.value.problems[0] and "PDF" in error.value.problems[0]


@time_machine.travel(TODAY)
def test_pdf_jpeg_and_docx_evidence_is_kept_with_its_checksum(org, settings, samples):
    files = [
        SimpleUploadedFile("a.pdf", samples.pdf),
        SimpleUploadedFile("b.jpeg", samples.jpeg),
        SimpleUploadedFile("c.docx", samples.docx),
    ]
    record = record_create(actor=org.official, data=inspection(org), files=files)
    kinds = sorted(Evidence.objects.filter(record=record).values_list("media_type", flat=True))
    assert kinds == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "image/jpeg",
    ]
    import hashlib

    pdf = Evidence.objects.get(record=record, original_name="a.pdf")
    assert pdf.sha256 == hashlib.sha256(samples.pdf).hexdigest()
    assert (settings.MEDIA_ROOT / pdf.file.name).read_bytes() == samples.pdf


@time_machine.travel(TODAY)
def test_an_evidence_file_over_the_size_limit_is_refused(org, settings, samples):
    settings.ZEREN_EVIDENCE_MAX_BYTES = 100
    with pytest.raises(Problems, match="MB"):
        record_create(actor=org.official, data=inspection(org), files=[SimpleUploadedFile("a.pdf", samples.pdf * 5)])


@time_machine.travel(TODAY)
def test_hazards_need_an_inspection_and_a_deadline_after_it(org):
    bad = inspection(org, hazards=[HazardInput("消防通道堵塞", dt.date(2025, 5, 1))])
    with pytest.raises(Problems, match="2025-05-01"):
        record_create(actor=org.official, data=bad)
    meeting = RecordInput(
        activity="executive_meeting",
        occurred_on=dt.date(2025, 5, 1),
        leader_post=org.gh_post,
        hazards=[HazardInput("x", dt.date(2025, 6, 1))],
    )
    with pytest.raises(Problems):
        record_create(actor=org.official, data=meeting)
    record = record_create(
        actor=org.official, data=inspection(org, hazards=[HazardInput("消防通道堵塞", dt.date(2025, 6, 10))])
    )
    assert record.hazards.get().rectify_by == dt.date(2025, 6, 10)


@time_machine.travel(TODAY)
def test_an_edit_moves_the_verdict_and_keeps_the_old_version_in_the_audit_trail(org):
    record = record_create(actor=org.official, data=inspection(org))
    record_update(actor=org.official, record=record, data=inspection(org, day=dt.date(2025, 3, 3)))
    assert status(org, "hb-6.3-inspection-county", "2025-Q2") == "open"
    assert status(org, "hb-6.3-inspection-county", "2025-Q1") == "met"
    events = list(history(record))
    assert [e.action for e in events] == ["records.create", "records.update"]
    assert events[1].data["before"]["occurred_on"] == "2025-05-10"
    assert events[1].data["after"]["occurred_on"] == "2025-03-03"


@time_machine.travel(TODAY)
def test_a_deletion_is_soft_stops_counting_and_is_audited(org):
    record = record_create(actor=org.official, data=inspection(org))
    with pytest.raises(Problems):
        record_delete(actor=org.official, record=record, reason=" ")
    record_delete(actor=org.official, record=record, reason="重复录入")
    record.refresh_from_db()
    assert record.deleted_at is not None and record.deletion_reason == "重复录入"
    assert RecordCredit.objects.filter(record=record, active=False).count() == 1
    assert status(org, "hb-6.3-inspection-county", "2025-Q2") == "open"
    assert history(record).last().data["reason"] == "重复录入"
    with pytest.raises(Problems):
        record_update(actor=org.official, record=record, data=inspection(org))


@time_machine.travel(TODAY)
def test_removing_evidence_keeps_the_file_and_is_audited(org, samples):
    record = record_create(actor=org.official, data=inspection(org), files=[SimpleUploadedFile("a.png", samples.png)])
    item = record.evidence.get()
    evidence_remove(actor=org.official, evidence=item)
    item.refresh_from_db()
    assert item.removed_at is not None and item.file.storage.exists(item.file.name)
    assert history(record).last().action == "records.evidence_remove"
