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
