"""Every API error has the one body of zeren.problems.Problems.as_dict(): 401, 403, 404, 422 (with the
parameter's path in ``field``), a service's Problems or Conflict with its status; and parameters the
databases cannot hold are 422, not 500."""

import json

import pytest
from django.test import RequestFactory

from zeren.api.api import api
from zeren.problems import Conflict, Problem, Problems


def error_body(response, status):
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"detail", "problems"}
    assert body["problems"] and all("message" in p for p in body["problems"])
    return body


def test_no_token_is_401_with_the_error_body_and_a_challenge(client, db):
    response = client.get("/api/posts")
    body = error_body(response, 401)
    assert "Bearer" in body["detail"] and response["WWW-Authenticate"] == "Bearer"


def test_outside_the_subtree_is_403_and_missing_is_404_with_the_error_body(client, office_a, org, token_for):
    headers = token_for(office_a)
    error_body(client.get("/api/posts/320411-DS", **headers), 403)
    error_body(client.get("/api/posts/nothing", **headers), 404)


def test_a_malformed_parameter_is_422_naming_it(client, office_a, org, token_for):
    body = error_body(client.get("/api/appointments?on=yesterday&person=x", **token_for(office_a)), 422)
    assert {p["field"] for p in body["problems"]} == {"query.on", "query.person"}
    assert "query.on" in body["detail"]


@pytest.mark.parametrize("on", ["0", "1700000000", "2025-1-1"])
def test_a_date_must_be_written_as_a_date(client, office_a, org, token_for, on):
    body = error_body(client.get(f"/api/appointments?on={on}", **token_for(office_a)), 422)
    assert body["problems"][0]["field"] == "query.on"


@pytest.mark.parametrize(
    "query", ["offset=9223372036854775808", "offset=9223372036854775807", "limit=9223372036854775808", "limit=0"]
)
def test_a_page_beyond_what_the_database_counts_is_422_not_500(client, office_a, org, token_for, query):
    body = error_body(client.get(f"/api/bodies?{query}", **token_for(office_a)), 422)
    assert body["problems"][0]["field"] == f"query.{query.split('=')[0]}"


def test_the_largest_offset_still_answers(client, office_a, org, token_for):
    from zeren.api.pages import MAX_OFFSET

    response = client.get(f"/api/bodies?offset={MAX_OFFSET}&limit=1000", **token_for(office_a))
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 2}


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (Problems([Problem("名称不能为空", field="name"), "代码已存在"]), 400),
        (Conflict("该记录已被他人修改，请刷新后重试"), 409),
    ],
)
def test_a_services_problems_keep_their_status_and_shape(db, exc, status):
    response = api.on_exception(RequestFactory().get("/api/posts"), exc)
    assert response.status_code == status
    assert json.loads(response.content) == exc.as_dict()
