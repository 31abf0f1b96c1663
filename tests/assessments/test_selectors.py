"""The published results other apps read (zeren.assessments.selectors) and who sees what."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from zeren.assessments.models import Assessment, AssessmentEntry, State
from zeren.assessments.selectors import entries_for, published_result, published_results


def _assessment(world, year, *, state=State.PUBLISHED, jurisdiction=None, scheme="changzhou-demo-2025"):
    return Assessment.objects.create(
        jurisdiction=jurisdiction or world.city,
        year=year,
        title=f"{year}年度考核",
        scheme_id=scheme,
        scheme_version="2025.1+abc",
        scheme_digest="abc",
        policy_id="changzhou-2018",
        policy_version="v",
        state=state,
        published=state == State.PUBLISHED,
        published_at=timezone.now() if state == State.PUBLISHED else None,
    )


def _entry(assessment, jurisdiction, grade="excellent", label="优秀", score="92.50"):
    return AssessmentEntry.objects.create(
        assessment=assessment,
        jurisdiction=jurisdiction,
        grade=grade,
        grade_label=label,
        score=Decimal(score),
        normalised_score=Decimal(score),
        rank=1,
    )


@pytest.mark.django_db
def test_published_result_is_the_published_entry(world):
    entry = _entry(_assessment(world, 2024), world.county_a)
    result = published_result(world.county_a, 2024)
    assert result is not None
    assert (result.grade, result.grade_label, result.score) == ("excellent", "优秀", Decimal("92.50"))
    assert (result.entry_id, result.assessment_id) == (entry.pk, entry.assessment_id)
    assert result.scheme_id == "changzhou-demo-2025"
    assert published_result(world.county_a, 2023) is None
    assert published_result(world.county_b, 2024) is None


@pytest.mark.django_db
def test_an_unpublished_assessment_gives_no_result(world):
    _entry(_assessment(world, 2025, state=State.OPEN), world.county_a)
    assert published_result(world.county_a.pk, 2025) is None


@pytest.mark.django_db
def test_published_results_many_at_once(world, django_assert_num_queries):
    _entry(_assessment(world, 2023), world.county_a)
    _entry(_assessment(world, 2024), world.county_b, grade="poor", label="不合格", score="58")
    with django_assert_num_queries(1):
        found = published_results([world.county_a, world.county_b.pk], [2023, 2024])
    assert set(found) == {(world.county_a.pk, 2023), (world.county_b.pk, 2024)}
    assert found[(world.county_b.pk, 2024)].grade_label == "不合格"


@pytest.mark.django_db
def test_the_nearest_assessing_office_counts(world):
    _entry(_assessment(world, 2024, jurisdiction=world.city), world.township_a, grade="poor", label="不合格")
    _entry(_assessment(world, 2024, jurisdiction=world.county_a, scheme="other"), world.township_a)
    assert published_result(world.township_a, 2024).grade == "excellent"


@pytest.mark.django_db
def test_a_draft_entry_is_hidden_from_the_assessed_body(world, office_a, city_office):
    draft = _entry(_assessment(world, 2025, state=State.DRAFT), world.county_a)
    assert list(entries_for(office_a)) == []
    assert list(entries_for(city_office)) == [draft]
    Assessment.objects.filter(pk=draft.assessment_id).update(state=State.OPEN)
    assert list(entries_for(office_a)) == [draft]


@pytest.mark.django_db
def test_the_public_sees_published_entries_only(world, client):
    from django.contrib.auth.models import AnonymousUser

    shown = _entry(_assessment(world, 2024), world.county_a)
    _entry(_assessment(world, 2025, state=State.OPEN), world.county_a)
    assert list(entries_for(AnonymousUser())) == [shown]
