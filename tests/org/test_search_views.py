"""/org/posts/ and /org/people/: search within the user's scope."""

from django.urls import reverse


def test_post_search_finds_posts_in_scope_only(client, office_a, org):
    client.force_login(office_a)
    response = client.get(reverse("org:post_search"), {"q": "常务副区长"})
    assert [p.code for p, _ in response.context["rows"]] == ["320412-DS"]


def test_post_search_filters_by_role_and_jurisdiction(client, city_office, org):
    client.force_login(city_office)
    response = client.get(reverse("org:post_search"), {"role": "deputy_for_safety"})
    assert sorted(p.code for p, _ in response.context["rows"]) == ["320411-DS", "320412-DS"]
    response = client.get(reverse("org:post_search"), {"role": "deputy_for_safety", "within": "320411"})
    assert [p.code for p, _ in response.context["rows"]] == ["320411-DS"]


def test_person_search_includes_people_who_served_in_scope(client, office_a, org, world):
    from zeren.org.models import Person

    Person.objects.create(name="吴敏", jurisdiction=world.county_b)  # never served in county A
    client.force_login(office_a)
    names = {p.name for p in client.get(reverse("org:person_search"), {"q": "吴"}).context["page"].object_list}
    assert names == {"吴海燕"}


def test_search_needs_a_login(client, org):
    assert client.get(reverse("org:post_search")).status_code == 302
    assert client.get(reverse("org:person_search")).status_code == 302


def test_a_jurisdiction_outside_the_users_subtree_is_refused_with_a_message(client, office_a, org, world):
    client.force_login(office_a)
    for name in ("org:post_search", "org:person_search"):
        response = client.get(reverse(name), {"within": world.county_b.code})
        assert response.status_code == 400
        assert 'data-testid="problems"' in response.content.decode()
        assert list(response.context["page"].object_list) == []


def test_bad_filter_input_is_said_never_ignored_or_a_500(client, office_a, org):
    client.force_login(office_a)
    for params in ({"role": "emperor"}, {"within": "<script>"}, {"q": "x" * 101}):
        response = client.get(reverse("org:post_search"), params)
        assert response.status_code == 400, params
        assert 'data-testid="problems"' in response.content.decode()


def test_the_jurisdiction_filter_keeps_to_the_subtree_for_people(client, city_office, org, world):
    client.force_login(city_office)
    response = client.get(reverse("org:person_search"), {"within": world.county_b.code})
    assert response.status_code == 200
    assert {p.jurisdiction.code for p in response.context["page"].object_list} <= {
        world.county_b.code, world.township_b.code
    }
    assert len(response.context["page"].object_list) > 0
