"""The global search (/search/, the header's box): people, posts, case numbers and accidents, grouped by
kind, each through the access layer — a neighbouring county's objects never appear."""

from __future__ import annotations

import datetime as dt

import pytest

URL = "/search/"


@pytest.fixture
def both_counties(world, office_a, office_b):
    """In 武进区 and in the neighbouring 新北区: a person, a post, an accident and a case each, all
    named with the word 安全."""
    from accidents.factories import at, bind, register
    from zeren.cases.services import case_open
    from zeren.org.models import Body, Person, Post

    bind(world)
    made = {}
    for key, office, county in (("a", office_a, world.county_a), ("b", office_b, world.county_b)):
        body = Body.objects.create(code=f"{county.code}-AJ", name=f"{county.name}安全监管局", jurisdiction=county,
                                   kind="department", department_kind="key_regulator")
        post = Post.objects.create(code=f"{county.code}-AJ1", title=f"{county.name}安全科长", body=body,
                                   role="dept_other_leader")
        person = Person.objects.create(name=f"{county.name}安全员", jurisdiction=county)
        accident = register(office, county, title=f"{county.name}安全事故", occurred_at=at("2025-05-03 09:00"))
        case = case_open(actor=office, jurisdiction=county, title=f"{county.name}安全事故责任追究", opened_by="office",
                         proposal="提请", accident=None, facts_date=dt.date(2025, 5, 3))
        made[key] = {"post": post, "person": person, "accident": accident, "case": case}
    return made


def shown(response):
    return {group.kind: [title for title, _note, _url in group.rows] for group in response.context["groups"]}


def test_it_finds_each_kind_in_the_users_subtree_grouped(client, office_a, both_counties):
    client.force_login(office_a)
    response = client.get(URL, {"q": "安全"})
    assert response.status_code == 200
    assert shown(response) == {
        "people": ["武进区安全员"],
        "posts": ["武进区安全科长"],
        "cases": ["武进区安全事故责任追究"],
        "accidents": ["武进区安全事故"],
    }


def test_a_neighbouring_countys_objects_never_appear(client, office_a, both_counties):
    client.force_login(office_a)
    neighbour = both_counties["b"]
    for text in ("新北区", neighbour["case"].number, "安全"):
        page = client.get(URL, {"q": text}).content.decode()
        assert "新北区安全" not in page, text


def test_a_case_number_finds_the_case(client, office_b, both_counties):
    client.force_login(office_b)
    case = both_counties["b"]["case"]
    assert shown(client.get(URL, {"q": case.number})) == {"cases": [case.title]}
    assert shown(client.get(URL, {"q": both_counties["a"]["case"].number})) == {}


def test_the_city_sees_both_counties(client, city_office, both_counties):
    client.force_login(city_office)
    assert sorted(shown(client.get(URL, {"q": "安全事故"}))["accidents"]) == ["新北区安全事故", "武进区安全事故"]


def test_nothing_found_is_said_in_chinese(client, office_a, both_counties):
    client.force_login(office_a)
    response = client.get(URL, {"q": "不存在的词"})
    assert "本辖区内没有与“不存在的词”匹配的内容。" in response.content.decode()


def test_a_group_with_more_matches_links_to_its_list(client, office_a, world, both_counties):
    from zeren.org.models import Person

    for i in range(12):
        Person.objects.create(name=f"武进区安全员{i:02d}", jurisdiction=world.county_a)
    client.force_login(office_a)
    response = client.get(URL, {"q": "安全员"})
    people = next(g for g in response.context["groups"] if g.kind == "people")
    assert len(people.rows) == 10 and people.more
    assert "/org/people/?q=" in response.content.decode()


def test_an_overlong_search_is_refused_with_a_message(client, office_a, both_counties):
    client.force_login(office_a)
    response = client.get(URL, {"q": "安" * 101})
    assert response.status_code == 400
    assert 'data-testid="problems"' in response.content.decode()


def test_the_header_has_the_search_box_for_a_logged_in_user(client, office_a, both_counties):
    client.force_login(office_a)
    assert 'data-testid="site-search"' in client.get("/records/all/").content.decode()


def test_the_public_is_sent_to_log_in(client, both_counties):
    response = client.get(URL, {"q": "安全"})
    assert response.status_code == 302
