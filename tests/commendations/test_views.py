"""The commendation list page: for the office and the organisation department, the regions directly
below the account's jurisdiction; everyone else is refused."""

from __future__ import annotations

import datetime

import pytest

from commendations.factories import publish
from commendations.helpers import veto

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(bound, wujin, xinbei):
    for year in (2023, 2024, 2025):
        publish(bound.county_a, year, "excellent", by=bound.city)
    publish(bound.county_b, 2025, "good", by=bound.city)
    veto(wujin.deputy_for_safety, wujin.posts["DS"], start=datetime.date(2025, 9, 10))
    return wujin


def _get(client, user, query="?year=2025&on=2026-03-01"):
    client.force_login(user)
    return client.get(f"/commendations/{query}")


def test_the_city_office_sees_who_is_eligible_and_who_is_refused_with_the_articles(client, city_office, results):
    response = _get(client, city_office)
    assert response.status_code == 200
    body = response.content.decode()
    eligible, refused = body.split('data-testid="refused"')
    assert results.secretary.name in eligible and results.deputy_for_safety.name not in eligible
    assert results.deputy_for_safety.name in refused
    assert "常州 第十九条" in eligible and "常州 第二十二条" in refused
    assert "优秀" in body and "良好" in body  # the regions' results by year


def test_the_organisation_department_sees_the_list_too(client, organisation, results):
    assert results.secretary.name in _get(client, organisation).content.decode()


@pytest.mark.parametrize("persona", ["official_a", "discipline"])
def test_other_roles_are_refused(client, request, persona, results):
    assert _get(client, request.getfixturevalue(persona)).status_code == 403


def test_the_public_is_sent_to_log_in(client, results):
    response = client.get("/commendations/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_county_office_sees_only_its_own_regions_and_not_a_neighbours(client, office_b, results):
    body = _get(client, office_b).content.decode()
    assert results.secretary.name not in body
    assert _get(client, office_b, "?code=320412").status_code == 403


def test_a_bad_year_or_date_says_so_and_shows_the_default(client, city_office, results):
    body = _get(client, city_office, "?year=abc&on=2026-13-01").content.decode()
    assert "abc" in body and "2026-13-01" in body
    assert 'data-testid="problems"' in body


def test_it_only_answers_get(client, city_office, results):
    client.force_login(city_office)
    assert client.post("/commendations/").status_code == 405
