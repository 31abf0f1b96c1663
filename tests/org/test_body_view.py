"""/org/bodies/<body_code>/: a body with its posts and their current holders."""

from django.urls import reverse


def page(code):
    return reverse("org:body", kwargs={"body_code": code})


def test_it_lists_the_posts_with_current_holders(client, office_a, org):
    client.force_login(office_a)
    response = client.get(page("320412-ZF"))
    assert response.status_code == 200
    assert [(p.code, h.person.name if h else None) for p, h in response.context["rows"]] == [("320412-DS", "周立新")]
    assert "周立新" in response.text
    assert "吴海燕" not in response.text  # a former holder is on the post page, not here


def test_a_post_without_a_current_holder_is_vacant(client, office_a, org):
    client.force_login(office_a)
    rows = client.get(page("320412-YJ")).context["rows"]
    assert rows == [(org.yj_p_a, None)]


def test_it_refuses_a_body_of_the_neighbouring_county(client, office_a, org):
    client.force_login(office_a)
    assert client.get(page("320411-ZF")).status_code == 403
