"""The accident register's list (/accidents/): scoped, filtered, searched, paged, counted."""

from __future__ import annotations

import pytest

from accidents.factories import at, register

URL = "/accidents/"


@pytest.fixture
def accidents(office_a, office_b, wujin, xinbei, world):
    county = [
        register(office_a, world.county_a, title=f"武进区第{i}号事故", occurred_at=at(f"2025-0{1 + i % 9}-03 09:00"))
        for i in range(33)
    ]
    major = register(office_a, world.township_a, title="湖塘镇化工厂爆炸", deaths=3, enterprise="湖塘化工",
                     occurred_at=at("2025-10-01 08:00"))
    neighbour = register(office_b, world.county_b, title="新北区仓库火灾", occurred_at=at("2025-04-01 08:00"))
    return county, major, neighbour


def titles(response):
    return [a.title for a in response.context["page"].object_list]


def test_it_lists_the_users_subtree_thirty_to_a_page_with_a_count(client, office_a, accidents):
    client.force_login(office_a)
    response = client.get(URL)
    assert response.status_code == 200
    assert len(titles(response)) == 30
    assert "共 34 起" in response.content.decode()
    assert "新北区仓库火灾" not in titles(response) + titles(client.get(URL, {"page": 2}))


def test_the_second_page_keeps_the_filter_in_its_links(client, office_a, accidents):
    client.force_login(office_a)
    response = client.get(URL, {"q": "武进区"})
    assert '?q=%E6%AD%A6%E8%BF%9B%E5%8C%BA&amp;page=2"' in response.content.decode()
    assert len(titles(client.get(URL, {"q": "武进区", "page": 2}))) == 3


def test_the_search_finds_the_title_and_the_enterprise(client, office_a, accidents):
    client.force_login(office_a)
    assert titles(client.get(URL, {"q": "爆炸"})) == ["湖塘镇化工厂爆炸"]
    assert titles(client.get(URL, {"q": "湖塘化工"})) == ["湖塘镇化工厂爆炸"]


def test_the_grade_filter(client, office_a, accidents):
    client.force_login(office_a)
    assert titles(client.get(URL, {"grade": "relatively_large"})) == ["湖塘镇化工厂爆炸"]


def test_the_jurisdiction_filter_keeps_to_the_subtree(client, office_a, world, accidents):
    client.force_login(office_a)
    assert titles(client.get(URL, {"jurisdiction": world.township_a.code})) == ["湖塘镇化工厂爆炸"]


def test_the_date_range_filter(client, office_a, accidents):
    client.force_login(office_a)
    response = client.get(URL, {"date_from": "2025-10-01", "date_to": "2025-10-31"})
    assert titles(response) == ["湖塘镇化工厂爆炸"]


def test_a_neighbouring_countys_jurisdiction_is_refused_with_a_message(client, office_a, world, accidents):
    client.force_login(office_a)
    response = client.get(URL, {"jurisdiction": world.county_b.code})
    assert response.status_code == 400
    assert titles(response) == []
    assert 'data-testid="problems"' in response.content.decode()


@pytest.mark.parametrize(
    "params", [{"grade": "huge"}, {"kind": "meteor"}, {"date_from": "yesterday"}, {"date_from": "2025-05-01",
                                                                                 "date_to": "2025-04-01"}]
)
def test_bad_filter_input_gives_a_message_never_a_500(client, office_a, accidents, params):
    client.force_login(office_a)
    response = client.get(URL, params)
    assert response.status_code == 400
    assert 'data-testid="problems"' in response.content.decode()


def test_a_page_number_out_of_range_shows_the_last_page(client, office_a, accidents):
    client.force_login(office_a)
    assert len(titles(client.get(URL, {"page": "999"}))) == 4


def test_the_neighbour_sees_only_its_own(client, office_b, accidents):
    client.force_login(office_b)
    assert titles(client.get(URL)) == ["新北区仓库火灾"]


def test_the_public_is_sent_to_log_in(client, accidents):
    assert client.get(URL).status_code == 302
