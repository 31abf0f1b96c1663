"""RefuseNulMiddleware: a NUL character in the path, the query string or a form is a 400 with a short
message, before any view or query sees it (PostgreSQL cannot hold a NUL: these were 500s there)."""

import pytest

MESSAGE = "请求中含有空字符（NUL），不予受理。"


def assert_refused(response):
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == MESSAGE


@pytest.mark.parametrize(
    "url",
    ["/org/posts/%00/", "/cases/?state=%00", "/records/calendar/%00.ics", "/org/people/?q=a%00b", "/?x=%00"],
)
def test_a_nul_in_the_path_or_query_is_refused_for_anyone(client, db, url):
    assert_refused(client.get(url))


@pytest.mark.parametrize("url", ["/org/posts/%00/", "/cases/?state=%00", "/records/calendar/%00.ics"])
def test_a_nul_is_refused_for_a_signed_in_user_too(client, office_a, url):
    client.force_login(office_a)
    assert_refused(client.get(url))


def test_a_raw_nul_in_the_query_string_is_refused(client, db):
    assert_refused(client.get("/cases/", QUERY_STRING="state=\x00"))


def test_a_nul_in_a_form_field_is_refused_and_nothing_is_created(client, office_a, world):
    from zeren.org.models import Person

    client.force_login(office_a)
    response = client.post("/org/people/new/", {"name": "王\x00五", "jurisdiction": world.county_a.code})
    assert_refused(response)
    assert not Person.objects.filter(name__startswith="王").exists()


def test_a_nul_in_a_multipart_form_field_is_refused(client, office_a):
    client.force_login(office_a)
    assert_refused(client.post("/org/people/new/", {"name": "\x00"}, format="multipart"))


def test_the_api_answers_with_its_error_body(client, db):
    response = client.get("/api/people?q=%00")
    assert response.status_code == 400
    assert response.json() == {"detail": MESSAGE, "problems": [{"message": MESSAGE}]}


def test_requests_without_a_nul_pass(client, db):
    assert client.get("/?q=%2500").status_code == 200
    assert client.get("/cases/published/?q=普通").status_code in (200, 302)
