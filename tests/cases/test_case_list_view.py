"""The case list (/cases/): scoped, filtered by state, jurisdiction and date, searched by case number
or title, paged, counted."""

from __future__ import annotations

import datetime

import pytest


@pytest.fixture
def cases(office_a, office_b, world, wujin, accident_a):
    from zeren.cases.services import case_open

    def open_(actor, jurisdiction, title, facts):
        return case_open(
            actor=actor, jurisdiction=jurisdiction, title=title, opened_by="office", proposal="提请",
            accident=None, facts_date=datetime.date.fromisoformat(facts),
        )

    mine = [open_(office_a, world.county_a, f"武进区第{i}号案件", "2025-03-01") for i in range(31)]
    township = open_(office_a, world.township_a, "湖塘镇燃气事故责任追究", "2025-08-01")
    neighbour = open_(office_b, world.county_b, "新北区仓库火灾责任追究", "2025-04-01")
    return mine, township, neighbour


URL = "/cases/"


def titles(response):
    return [c.title for c in response.context["page"].object_list]


def test_it_pages_the_users_subtree_with_a_count(client, office_a, cases):
    client.force_login(office_a)
    response = client.get(URL)
    assert response.status_code == 200
    assert len(titles(response)) == 30
    assert "共 32 件" in response.content.decode()
    assert len(titles(client.get(URL, {"page": 2}))) == 2
    assert "新北区仓库火灾责任追究" not in titles(response) + titles(client.get(URL, {"page": 2}))


def test_the_search_finds_a_case_number(client, office_a, cases):
    _mine, township, _neighbour = cases
    client.force_login(office_a)
    assert titles(client.get(URL, {"q": township.number})) == [township.title]


def test_the_search_finds_a_title(client, office_a, cases):
    client.force_login(office_a)
    assert titles(client.get(URL, {"q": "燃气"})) == ["湖塘镇燃气事故责任追究"]


def test_the_state_filter(client, office_a, cases):
    client.force_login(office_a)
    assert len(titles(client.get(URL, {"state": "proposed"}))) == 30
    assert titles(client.get(URL, {"state": "published"})) == []


def test_the_jurisdiction_and_date_filters(client, office_a, world, cases):
    client.force_login(office_a)
    assert titles(client.get(URL, {"jurisdiction": world.township_a.code})) == ["湖塘镇燃气事故责任追究"]
    assert titles(client.get(URL, {"date_from": "2025-07-01"})) == ["湖塘镇燃气事故责任追究"]


@pytest.mark.parametrize(
    "params", [{"state": "limbo"}, {"date_to": "2025-02-31"}, {"jurisdiction": "320411"}, {"q": "案" * 101}]
)
def test_bad_filter_input_gives_a_message_never_a_500(client, office_a, cases, params):
    client.force_login(office_a)
    response = client.get(URL, params)
    assert response.status_code == 400
    assert 'data-testid="problems"' in response.content.decode()
    assert titles(response) == []


def test_the_neighbour_finds_none_of_ours_by_number(client, office_b, cases):
    _mine, township, neighbour = cases
    client.force_login(office_b)
    assert titles(client.get(URL, {"q": township.number})) == []
    assert titles(client.get(URL)) == [neighbour.title]
