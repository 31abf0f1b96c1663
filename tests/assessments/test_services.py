"""The assessment workflow service (zeren.assessments.services): open, pre-fill, self-score, submit,
return, adjust, accept, approve, publish — with the locking, the audit trail and refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from assessments.conftest import entry_of
from zeren.assessments import services
from zeren.assessments.models import Assessment, EntryState, ItemScore, State
from zeren.assessments.selectors import published_result
from zeren.audit.models import AuditEvent
from zeren.problems import Conflict, Problems

pytestmark = pytest.mark.django_db


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.get("children") or [])


def _item(entry, item_id):
    return next(i for i in _walk(entry.verdict["items"]) if i["id"] == item_id)


def test_opening_prefills_every_assessed_county_from_the_records(assessment, accident, counties):
    services.prefill(assessment)  # the accident came after the opening: pre-fill again
    assert assessment.state == State.DRAFT
    entries = {e.jurisdiction.code: e for e in assessment.entries.select_related("jurisdiction")}
    assert set(entries) == {"320412", "320411"}  # the counties; the zone is not of an assessed level
    wujin = entries["320412"]
    deduction = next(d for d in _item(wujin, "2.1")["deductions"] if d["title"] == "较大事故")
    assert deduction["events"][0]["accident"] == str(accident.pk)
    assert wujin.links["accidents"] == {str(accident.pk): accident.pk}
    executive = _item(wujin, "1.2")
    assert executive["deducted"] > 0
    official = executive["deductions"][0]["events"][0]["official"]
    assert wujin.links["posts"][official] == "320412-GH"
    assert _item(entries["320411"], "2.1")["deducted"] == 0
    assert wujin.score < entries["320411"].score
    assert AuditEvent.objects.filter(action="assessments.assessment.create").count() == 1


def test_a_second_assessment_of_the_same_year_and_scheme_is_refused(assessment, city_office, counties):
    with pytest.raises(Problems):
        services.assessment_create(
            actor=city_office, jurisdiction=counties.world.city, year=2025, scheme_id=assessment.scheme_id
        )
    assert Assessment.objects.count() == 1


def test_a_year_the_scheme_does_not_cover_is_refused(counties, city_office):
    with pytest.raises(Problems) as refused:
        services.assessment_create(
            actor=city_office, jurisdiction=counties.world.city, year=2024, scheme_id="changzhou-demo-2025"
        )
    assert refused.value.items[0].field == "year"
    assert not Assessment.objects.exists()


def test_a_county_office_cannot_open_the_citys_assessment(counties, office_a):
    with pytest.raises(PermissionDenied):
        services.assessment_create(
            actor=office_a, jurisdiction=counties.world.city, year=2025, scheme_id="changzhou-demo-2025"
        )


def _open(assessment, city_office):
    return services.assessment_open(actor=city_office, assessment=assessment, expected_version=assessment.version)


def test_the_whole_workflow(assessment, counties, city_office, office_a, office_b, make_user):
    world = counties.world
    opened = _open(assessment, city_office)
    wujin = entry_of(opened, world.county_a)
    wujin = services.entry_self_score(
        actor=office_a, entry=wujin, expected_version=wujin.version, item="3.3", score="9.5", evidence="交警支队考核表"
    )
    assert _item(wujin, "3.3")["status"] == "manual"
    wujin = services.entry_self_score(
        actor=office_a,
        entry=wujin,
        expected_version=wujin.version,
        item="3.2",
        not_applicable=True,
        evidence="辖区无危化企业",
    )
    assert _item(wujin, "3.2")["status"] == "not_applicable"
    wujin = services.entry_submit(actor=office_a, entry=wujin, expected_version=wujin.version)
    assert wujin.state == EntryState.SUBMITTED
    wujin = services.entry_return(actor=city_office, entry=wujin, expected_version=wujin.version, reason="缺少佐证")
    assert (wujin.state, wujin.return_reason) == (EntryState.RETURNED, "缺少佐证")
    wujin = services.entry_submit(actor=office_a, entry=wujin, expected_version=wujin.version)
    wujin = services.entry_adjust(
        actor=city_office, entry=wujin, expected_version=wujin.version, item="3.3", score="8", reason="抽查发现问题"
    )
    row = ItemScore.objects.get(entry=wujin, item="3.3")
    assert (row.self_score, row.adjusted_score) == (Decimal("9.5"), Decimal("8"))
    assert _item(wujin, "3.3")["score"] == 8
    wujin = services.entry_accept(actor=city_office, entry=wujin, expected_version=wujin.version)
    xinbei = entry_of(opened, world.county_b)
    xinbei = services.entry_submit(actor=office_b, entry=xinbei, expected_version=xinbei.version)
    xinbei = services.entry_accept(actor=city_office, entry=xinbei, expected_version=xinbei.version)
    opened.refresh_from_db()
    with pytest.raises(Problems):  # not every entry approved yet
        services.assessment_publish(actor=city_office, assessment=opened, expected_version=opened.version)
    opened.refresh_from_db()
    assert services.approve_all(actor=city_office, assessment=opened, expected_version=opened.version) == 2
    opened.refresh_from_db()
    published = services.assessment_publish(
        actor=city_office, assessment=opened, expected_version=opened.version, document_number="常安办〔2026〕1号"
    )
    assert published.state == State.PUBLISHED and published.published
    result = published_result(world.county_a, 2025)
    assert result is not None and result.rank in (1, 2)
    assert result.grade_label in ("优秀", "良好", "合格", "不合格")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "assessments.entry.submit",
        "assessments.entry.return",
        "assessments.entry.adjust",
        "assessments.entry.approve",
        "assessments.assessment.publish",
    } <= actions


def test_a_neighbour_cannot_self_score_or_the_county_review(assessment, counties, city_office, office_a, office_b):
    opened = _open(assessment, city_office)
    wujin = entry_of(opened, counties.world.county_a)
    with pytest.raises(PermissionDenied):
        services.entry_self_score(
            actor=office_b, entry=wujin, expected_version=wujin.version, item="3.3", score="9", evidence="x"
        )
    with pytest.raises(PermissionDenied):
        services.entry_return(actor=office_a, entry=wujin, expected_version=wujin.version, reason="x")
    assert not ItemScore.objects.exists()


def test_self_scoring_a_draft_is_refused(assessment, counties, office_a):
    wujin = entry_of(assessment, counties.world.county_a)
    with pytest.raises(PermissionDenied):
        services.entry_submit(actor=office_a, entry=wujin, expected_version=wujin.version)


@pytest.mark.parametrize(
    ("item", "score", "na", "evidence", "field"),
    [
        ("3.3", "11", False, "表", "score"),  # above the item's 10 points
        ("3.3", "-1", False, "表", "score"),
        ("3.3", "九", False, "表", "score"),
        ("3.3", "9.555", False, "表", "score"),
        ("3.3", "9", False, "  ", "evidence"),
        ("1.1", "", True, "表", "not_applicable"),  # 1.1 may not be 不涉及
        ("9.9", "1", False, "表", "item"),
    ],
)
def test_bad_self_scores_change_nothing(assessment, counties, city_office, office_a, item, score, na, evidence, field):
    opened = _open(assessment, city_office)
    wujin = entry_of(opened, counties.world.county_a)
    before = (wujin.version, wujin.score)
    with pytest.raises(Problems) as refused:
        services.entry_self_score(
            actor=office_a,
            entry=wujin,
            expected_version=wujin.version,
            item=item,
            score=score,
            not_applicable=na,
            evidence=evidence,
        )
    assert refused.value.items[0].field == field
    wujin.refresh_from_db()
    assert (wujin.version, wujin.score) == before
    assert not ItemScore.objects.exists()


def test_a_stale_version_is_a_conflict(assessment, counties, city_office, office_a):
    opened = _open(assessment, city_office)
    wujin = entry_of(opened, counties.world.county_a)
    services.entry_submit(actor=office_a, entry=wujin, expected_version=wujin.version)
    with pytest.raises(Conflict):
        services.entry_return(actor=city_office, entry=wujin, expected_version=wujin.version, reason="缺少佐证")
    wujin.refresh_from_db()
    assert wujin.state == EntryState.SUBMITTED


def test_a_return_needs_a_reason(assessment, counties, city_office, office_a):
    opened = _open(assessment, city_office)
    wujin = services.entry_submit(actor=office_a, entry=entry_of(opened, counties.world.county_a), expected_version=1)
    with pytest.raises(Problems):
        services.entry_return(actor=city_office, entry=wujin, expected_version=wujin.version, reason=" ")
    wujin.refresh_from_db()
    assert wujin.state == EntryState.SUBMITTED


def test_a_big_assessment_is_prefilled_in_the_background(counties, city_office, settings, run_tasks):
    from zeren.jobs.models import Job

    settings.ZEREN_ASSESSMENT_INLINE_ENTRIES = 1
    created = services.assessment_create(
        actor=city_office, jurisdiction=counties.world.city, year=2025, scheme_id="changzhou-demo-2025"
    )
    assert created.prefill_job is not None and not created.entries.exists()
    assert services.prefill_pending(created)
    with pytest.raises(Problems):
        _open(created, city_office)
    run_tasks()
    job = Job.objects.get(pk=created.prefill_job.pk)
    assert job.state == Job.State.SUCCEEDED and (job.done, job.total) == (2, 2)
    assert created.entries.count() == 2
