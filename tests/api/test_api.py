"""The REST API: token authentication, the same scoping as the pages, JSON errors."""

import datetime

import pytest
from django.core.management import call_command

from zeren.api.models import ApiToken


def get(client, url, headers):
    response = client.get(url, **headers)
    return response, response.json()


# Authentication ------------------------------------------------------------------------------


def test_without_a_token_it_is_401_with_a_json_message(client, org):
    response = client.get("/api/posts/320412-DS")
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_a_wrong_or_revoked_token_is_401(client, office_a, org, token_for):
    assert client.get("/api/posts", HTTP_AUTHORIZATION="Bearer zr_nope").status_code == 401
    headers = token_for(office_a)
    assert client.get("/api/posts", **headers).status_code == 200
    ApiToken.objects.update(revoked=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    assert client.get("/api/posts", **headers).status_code == 401


def test_a_session_login_is_not_enough(client, office_a, org):
    client.force_login(office_a)
    assert client.get("/api/posts").status_code == 401


def test_the_token_command_prints_the_token_once_and_stores_only_a_digest(office_a, capsys):
    call_command("api_token", "create", "office-a", "--name", "报表")
    secret = capsys.readouterr().out.strip()
    token = ApiToken.objects.get()
    assert secret.startswith("zr_") and secret not in (token.digest, token.prefix)
    assert token.prefix == secret[3:11]
    call_command("api_token", "list")
    assert token.prefix in capsys.readouterr().out
    call_command("api_token", "revoke", token.prefix)
    token.refresh_from_db()
    assert token.revoked is not None


# OpenAPI and docs ------------------------------------------------------------------------------


def test_the_openapi_document_is_published_without_a_token(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    for path in [
        "/api/jurisdictions",
        "/api/jurisdictions/{code}",
        "/api/bodies/{body_code}",
        "/api/posts/{post_code}",
        "/api/people/{person_id}",
        "/api/appointments/{appointment_id}",
    ]:
        assert path in paths, path
    assert document["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert document["paths"]["/api/posts/{post_code}"]["get"]["security"] == [{"TokenAuth": []}]


def test_the_docs_page_uses_no_cdn(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    text = response.content.decode()
    assert "cdn" not in text.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in text


# Jurisdictions ---------------------------------------------------------------------------------


def test_jurisdictions_list_the_users_subtree(client, office_a, org, token_for):
    response, body = get(client, "/api/jurisdictions", token_for(office_a))
    assert response.status_code == 200
    assert {j["code"] for j in body["items"]} == {"320412", "320412100", "320412101"}
    assert body["count"] == 3


def test_a_jurisdiction_has_its_policy(client, office_a, org, token_for):
    _, body = get(client, "/api/jurisdictions/320412", token_for(office_a))
    assert body["policy"]["pack_id"] == "changzhou-2018"
    assert body["parent_code"] == "320400"


def test_a_neighbouring_jurisdiction_is_403_and_an_unknown_one_404(client, office_a, org, token_for):
    headers = token_for(office_a)
    response, body = get(client, "/api/jurisdictions/320411", headers)
    assert response.status_code == 403 and "detail" in body
    assert client.get("/api/jurisdictions/999999", **headers).status_code == 404
    assert client.get("/api/jurisdictions?under=320411", **headers).status_code == 403


# Bodies, posts ---------------------------------------------------------------------------------


def test_bodies_list_and_detail(client, office_a, org, token_for):
    headers = token_for(office_a)
    _, body = get(client, "/api/bodies", headers)
    assert {b["code"] for b in body["items"]} == {"320412-ZF", "320412-YJ"}
    _, detail = get(client, "/api/bodies/320412-YJ", headers)
    assert detail["department_kind"] == "key_regulator"
    assert client.get("/api/bodies/320411-ZF", **headers).status_code == 403


def test_posts_have_their_current_holder_and_policy_coverage(client, office_a, org, token_for):
    headers = token_for(office_a)
    _, body = get(client, "/api/posts?role=deputy_for_safety", headers)
    assert [p["code"] for p in body["items"]] == ["320412-DS"]
    assert body["items"][0]["holder"]["name"] == "周立新"
    _, post = get(client, "/api/posts/320412-YJ-P", headers)
    assert post["holder"] is None
    assert post["policy"]["applies"] == "by_reference" and post["policy"]["cites"]
    assert post["url"] == "/org/posts/320412-YJ-P/"
    assert client.get("/api/posts/320411-DS", **headers).status_code == 403
    assert client.get("/api/posts/nothing", **headers).status_code == 404


def test_the_post_list_is_paginated(client, city_office, org, token_for):
    _, body = get(client, "/api/posts?limit=1&offset=1", token_for(city_office))
    assert body["count"] == 3 and len(body["items"]) == 1


# People, appointments --------------------------------------------------------------------------


def test_a_person_has_the_whole_tenure_history(client, office_b, org, token_for):
    _, body = get(client, f"/api/people/{org.former_a.pk}", token_for(office_b))
    assert [t["post"] for t in body["tenures"]] == ["320411-DS", "320412-DS"]


def test_people_are_visible_through_a_tenure_in_scope(client, office_a, org, token_for, world):
    from zeren.org.models import Person

    stranger = Person.objects.create(name="马振华", jurisdiction=world.county_b)
    headers = token_for(office_a)
    _, body = get(client, "/api/people", headers)
    assert {p["name"] for p in body["items"]} == {"周立新", "吴海燕", "郑国栋"}
    assert client.get(f"/api/people/{org.former_a.pk}", **headers).status_code == 200
    assert client.get(f"/api/people/{stranger.pk}", **headers).status_code == 403


def test_appointments_list_filter_and_detail(client, office_a, org, token_for):
    headers = token_for(office_a)
    _, body = get(client, "/api/appointments?post=320412-DS", headers)
    assert [a["person"] for a in body["items"]] == ["周立新", "吴海燕"]
    _, on = get(client, "/api/appointments?on=2018-06-01", headers)
    assert {a["person"] for a in on["items"]} == {"吴海燕", "郑国栋"}
    first = body["items"][0]["id"]
    assert client.get(f"/api/appointments/{first}", **headers).json()["post"] == "320412-DS"
    other = org.ds_b.appointments.get().pk
    assert client.get(f"/api/appointments/{other}", **headers).status_code == 403
    assert client.get("/api/appointments?post=320411-DS", **headers).status_code == 403


def test_a_bad_parameter_is_a_json_422(client, office_a, org, token_for):
    response = client.get("/api/appointments?on=yesterday", **token_for(office_a))
    assert response.status_code == 422
    assert "on" in response.json()["detail"]


@pytest.mark.parametrize("persona", ["organisation", "discipline"])
def test_read_roles_read_their_city(client, request, org, token_for, persona):
    _, body = get(client, "/api/posts", token_for(request.getfixturevalue(persona)))
    assert body["count"] == 3


def test_a_token_prefix_never_starts_with_a_dash_so_that_revoke_can_name_it(office_a, capsys, monkeypatch):
    """Regression: a random prefix "-…" (1 in 64) made `api_token revoke PREFIX` fail as an unknown option."""
    import secrets

    drawn = iter(["-" + "a" * 39, "b" * 40])
    monkeypatch.setattr(secrets, "token_urlsafe", lambda n: next(drawn))
    call_command("api_token", "create", "office-a")
    token = ApiToken.objects.get()
    assert token.prefix == "b" * 8
    call_command("api_token", "revoke", token.prefix)
    token.refresh_from_db()
    assert token.revoked is not None
