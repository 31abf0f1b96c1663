"""常州 第二十五条(三): "上年度安全生产综合考核为优秀等次" comes from the published result zeren keeps for
the region of the official's post for the year before the accident; typing it is possible only where
zeren holds none, and is then kept and shown as entered by hand (人工录入)."""

from __future__ import annotations

import pytest

from cases.helpers import fresh, set_subject
from commendations.factories import publish
from zeren.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_case_opened_in_a_region_rated_excellent_the_year_before_mitigates_with_nobody_typing(
    bound, office_a, wujin, accident_a
):
    from zeren.cases.services import case_open

    publish(bound.county_a, 2023, "excellent", by=bound.city)  # the accident is of 2024-11-04
    case = case_open(
        actor=office_a,
        jurisdiction=bound.county_a,
        title="武进区某工地坍塌事故责任追究",
        opened_by="office",
        proposal="",
        accident=accident_a,
        facts_date=None,
    )
    subject = case.subjects.get(person=wujin.deputy_for_safety)
    assert subject.verdict["mitigate"]["applies"] is True
    assert subject.verdict["mitigate"]["reasons"] == ["previous_year_excellent"]
    assert subject.verdict["mitigate"]["cites"] == ["CZ-25.3"]
    assert subject.facts["previous_year_assessment"] is None and subject.previous_year_by_hand is False


def test_a_result_of_another_year_or_an_unpublished_one_does_not_count(bound, office_a, wujin, case_a):
    publish(bound.county_a, 2024, "excellent", by=bound.city)  # the accident's own year
    publish(bound.county_b, 2023, "excellent", by=bound.city)  # the neighbour
    subject = case_a.subjects.get(person=wujin.deputy_for_safety)
    assert set_subject(office_a, case_a, subject).verdict["mitigate"]["applies"] is False


def test_a_good_grade_stored_wins_over_an_excellent_one_typed(bound, office_a, wujin, case_a):
    publish(bound.county_a, 2023, "good", by=bound.city)
    subject = case_a.subjects.get(person=wujin.deputy_for_safety)
    saved = set_subject(office_a, case_a, subject, previous_year_assessment="excellent")
    assert saved.verdict["mitigate"]["applies"] is False
    assert saved.facts["previous_year_assessment"] is None and saved.previous_year_by_hand is False


def test_where_zeren_holds_no_result_the_typed_grade_counts_and_is_marked_as_entered_by_hand(
    bound, office_a, wujin, case_a
):
    subject = case_a.subjects.get(person=wujin.deputy_for_safety)
    saved = set_subject(office_a, case_a, subject, previous_year_assessment="excellent")
    assert saved.verdict["mitigate"]["applies"] is True
    assert saved.previous_year_by_hand is True
    event = AuditEvent.objects.filter(action="case.subject_updated").latest("id")
    assert event.data["after"]["previous_year_by_hand"] is True


def test_the_page_shows_the_stored_result_and_no_field_to_type_it(client, bound, office_a, wujin, case_a):
    publish(bound.county_a, 2023, "excellent", by=bound.city)
    subject = case_a.subjects.get(person=wujin.deputy_for_safety)
    client.force_login(office_a)
    body = client.get(f"/cases/officials/{subject.pk}/").content.decode()
    assert 'data-testid="previous-year" data-source="published"' in body
    assert "优秀" in body and 'name="previous_year_assessment"' not in body


def test_the_page_marks_a_typed_grade_as_entered_by_hand(client, bound, office_a, wujin, case_a):
    subject = case_a.subjects.get(person=wujin.deputy_for_safety)
    set_subject(office_a, case_a, subject, previous_year_assessment="excellent")
    client.force_login(office_a)
    body = client.get(f"/cases/officials/{subject.pk}/").content.decode()
    assert 'data-source="by_hand"' in body and 'data-testid="by-hand"' in body
    assert 'name="previous_year_assessment"' in body
    assert fresh(case_a).subjects.get(pk=subject.pk).previous_year_by_hand


def test_an_unknown_typed_grade_is_refused_and_changes_nothing(bound, office_a, wujin, case_a):
    from zeren.problems import Problems

    subject = case_a.subjects.get(person=wujin.deputy_for_safety)
    before = fresh(case_a).version
    with pytest.raises(Problems):
        set_subject(office_a, case_a, subject, previous_year_assessment="superb")
    assert fresh(case_a).version == before
    subject.refresh_from_db()
    assert subject.previous_year_by_hand is False
