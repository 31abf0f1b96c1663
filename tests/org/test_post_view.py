"""/org/posts/<post_code>/: who held the post when, and the pack that governs it."""

from django.urls import reverse


def page(code):
    return reverse("org:post", kwargs={"post_code": code})


def test_it_lists_the_holders_newest_first_with_reasons(client, office_a, org):
    client.force_login(office_a)
    response = client.get(page("320412-DS"))
    assert response.status_code == 200
    text = response.text
    assert text.index("周立新") < text.index("吴海燕")
    assert "2016-01-01" in text and "2020-12-31" in text
    tenures = response.context["tenures"]
    assert [t.person.name for t in tenures] == ["周立新", "吴海燕"]
    assert tenures[1].end_reason == "transferred"
    assert response.context["current"].person.name == "周立新"


def test_it_shows_the_pack_in_force_and_the_article_that_covers_the_post(client, office_a, org):
    client.force_login(office_a)
    response = client.get(page("320412-DS"))
    pack = response.context["pack"]
    assert pack.pack_id == "changzhou-2018"
    assert pack.applies == "direct"
    assert pack.cites
    text = response.text
    assert "changzhou-2018" in text
    assert pack.version in text
    assert pack.cites[0] in text


def test_a_department_post_of_a_county_is_covered_by_reference(client, office_a, org):
    client.force_login(office_a)
    pack = client.get(page("320412-YJ-P")).context["pack"]
    assert pack.applies == "by_reference"
    assert pack.cites


def test_it_refuses_a_post_of_the_neighbouring_county(client, office_a, org):
    client.force_login(office_a)
    assert client.get(page("320411-DS")).status_code == 403


def test_an_unknown_post_is_not_found(client, office_a, org):
    client.force_login(office_a)
    assert client.get(page("999999-XX")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, org):
    assert client.get(page("320412-DS")).status_code == 302
