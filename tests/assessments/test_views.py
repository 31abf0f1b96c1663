"""The assessment pages: the office's assessment and its entries, the assessed body's self-assessment,
the public results — who may see and do what, and bad input that changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.conftest import entry_of
from zeren.assessments import services
from zeren.assessments.models import Assessment, EntryState, ItemScore, State

pytestmark = pytest.mark.django_db


def _opened(assessment, city_office):
    return services.assessment_open(actor=city_office, assessment=assessment, expected_version=assessment.version)


def test_the_office_opens_an_assessment_from_the_form(client, counties, city_office):
    client.force_login(city_office)
    page = client.get(reverse("assessments:create"))
    assert page.status_code == 200 and "changzhou-demo-2025" in page.content.decode()
    response = client.post(reverse("assessments:create"), {"scheme": "changzhou-demo-2025", "year": "2025"})
    created = Assessment.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "assessments:detail", kwargs={"assessment": created.pk}
    )
    page = client.get(response.url)
    text = page.content.decode()
    assert "武进区" in text and "新北区" in text and "草稿" in text


def test_bad_input_on_the_form_changes_nothing(client, counties, city_office):
    client.force_login(city_office)
    response = client.post(reverse("assessments:create"), {"scheme": "changzhou-demo-2025", "year": "2024"})
    assert response.status_code == 400
    assert "不适用于" in response.content.decode() or "2024" in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_county_office_may_not_open_an_assessment_of_the_city(client, counties, office_a, assessment):
    client.force_login(office_a)
    assert client.get(reverse("assessments:detail", kwargs={"assessment": assessment.pk})).status_code == 403


def test_the_entry_page_shows_deductions_linked_to_their_sources(client, counties, city_office, accident, assessment):
    services.prefill(assessment)
    entry = entry_of(assessment, counties.world.county_a)
    client.force_login(city_office)
    text = client.get(reverse("assessments:entry", kwargs={"entry": entry.pk})).content.decode()
    assert reverse("accidents:detail", kwargs={"accident": accident.pk}) in text
    assert reverse("records:post", kwargs={"post_code": "320412-GH"}) + "?year=2025" in text
    assert "较大事故" in text
    assert "cz-7.3" not in text.split("技术信息")[0]


def test_the_county_self_scores_and_submits_through_the_page(client, counties, city_office, office_a, assessment):
    opened = _opened(assessment, city_office)
    entry = entry_of(opened, counties.world.county_a)
    client.force_login(office_a)
    url = reverse("assessments:self_score", kwargs={"entry": entry.pk})
    response = client.post(url, {"version": entry.version, "item": "3.3", "score": "9", "evidence": "考核表"})
    assert response.status_code == 302
    assert ItemScore.objects.get(entry=entry, item="3.3").self_score == 9
    entry.refresh_from_db()
    response = client.post(reverse("assessments:submit", kwargs={"entry": entry.pk}), {"version": entry.version})
    entry.refresh_from_db()
    assert response.status_code == 302 and entry.state == EntryState.SUBMITTED


def test_a_bad_self_score_changes_nothing(client, counties, city_office, office_a, assessment):
    opened = _opened(assessment, city_office)
    entry = entry_of(opened, counties.world.county_a)
    client.force_login(office_a)
    url = reverse("assessments:self_score", kwargs={"entry": entry.pk})
    response = client.post(url, {"version": entry.version, "item": "3.3", "score": "12", "evidence": "考核表"})
    assert response.status_code == 400
    assert not ItemScore.objects.exists()
    response = client.post(url, {"version": entry.version + 5, "item": "3.3", "score": "9", "evidence": "考核表"})
    assert response.status_code == 409
    assert not ItemScore.objects.exists()


def test_the_neighbour_gets_403_on_the_entry(client, counties, city_office, office_b, assessment):
    opened = _opened(assessment, city_office)
    entry = entry_of(opened, counties.world.county_a)
    client.force_login(office_b)
    assert client.get(reverse("assessments:entry", kwargs={"entry": entry.pk})).status_code == 403
    response = client.post(reverse("assessments:submit", kwargs={"entry": entry.pk}), {"version": entry.version})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.state == EntryState.PREFILLED


def test_the_county_cannot_review_its_own_entry(client, counties, city_office, office_a, assessment):
    opened = _opened(assessment, city_office)
    entry = entry_of(opened, counties.world.county_a)
    services.entry_submit(actor=office_a, entry=entry, expected_version=entry.version)
    client.force_login(office_a)
    response = client.post(reverse("assessments:accept", kwargs={"entry": entry.pk}), {"version": entry.version + 1})
    assert response.status_code == 403


def test_the_public_sees_published_results_only(client, counties, city_office, assessment):
    assert client.get(reverse("assessments:public_detail", kwargs={"assessment": assessment.pk})).status_code == 404
    assert client.get(reverse("assessments:ranking", kwargs={"assessment": assessment.pk})).status_code == 404
    Assessment.objects.filter(pk=assessment.pk).update(state=State.PUBLISHED, published=True)
    page = client.get(reverse("assessments:public_detail", kwargs={"assessment": assessment.pk}))
    assert page.status_code == 200 and "武进区" in page.content.decode()
    assert assessment.title in client.get(reverse("assessments:public_list")).content.decode()
    assert client.get(reverse("assessments:ranking", kwargs={"assessment": assessment.pk})).status_code == 200


def test_the_draft_is_hidden_from_the_assessed_body(client, counties, office_a, assessment):
    entry = entry_of(assessment, counties.world.county_a)
    client.force_login(office_a)
    assert client.get(reverse("assessments:entry", kwargs={"entry": entry.pk})).status_code == 403
    assert client.get(reverse("assessments:list")).status_code == 200


def test_actions_answer_405_to_a_get(client, counties, city_office, assessment):
    client.force_login(city_office)
    assert client.get(reverse("assessments:open", kwargs={"assessment": assessment.pk})).status_code == 405


def test_the_page_shows_the_progress_of_a_background_prefill(client, counties, city_office, settings, run_tasks):
    settings.ZEREN_ASSESSMENT_INLINE_ENTRIES = 1
    created = services.assessment_create(
        actor=city_office, jurisdiction=counties.world.city, year=2025, scheme_id="changzhou-demo-2025"
    )
    client.force_login(city_office)
    url = reverse("assessments:detail", kwargs={"assessment": created.pk})
    text = client.get(url).content.decode()
    assert 'data-testid="prefill-progress"' in text and "正在根据记录预填" in text
    assert 'http-equiv="refresh"' in text
    run_tasks()
    text = client.get(url).content.decode()
    assert 'data-testid="prefill-progress"' not in text and "武进区" in text
