"""/api/duty-lists: scoped with a token, published only without one, items with their articles."""

import pytest


@pytest.fixture
def bearer(db):
    from zeren.api.models import ApiToken

    def make(user):
        return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}

    return make


def test_the_office_lists_its_drafts_and_published_lists(client, published_a, generate, posts, office_a, bearer):
    generate(office_a, posts.secretary_a)
    response = client.get("/api/duty-lists", **bearer(office_a))
    assert response.status_code == 200
    assert [(d["post_code"], d["version"], d["status"]) for d in response.json()["items"]] == [
        ("320412-PS", 2, "draft"),
        ("320412-PS", 1, "published"),
    ]


def test_the_public_sees_published_lists_only(client, published_a, generate, posts, office_a):
    generate(office_a, posts.secretary_a)
    response = client.get("/api/duty-lists")
    assert [(d["version"], d["status"]) for d in response.json()["items"]] == [(1, "published")]


def test_one_list_carries_its_items_with_articles(client, published_a):
    data = client.get(f"/api/duty-lists/{published_a.pk}").json()
    assert data["pack_id"] == "changzhou-2018"
    half_year = next(item for item in data["items"] if item["every"] == "half_year")
    assert half_year["cites"] == ["CZ-6.4"]
    assert half_year["articles"][0]["label"] == "常州 第六条 第（四）项"
    assert data["items"][-1]["source"] == "local"


def test_the_post_endpoint_gives_the_published_list(client, published_a, posts):
    data = client.get("/api/duty-lists/posts/320412-PS").json()
    assert (data["id"], data["status"]) == (published_a.pk, "published")


def test_a_draft_is_not_public(client, generate, posts, office_a):
    draft = generate(office_a, posts.secretary_a)
    assert client.get(f"/api/duty-lists/{draft.pk}").status_code in (403, 404)
    assert client.get("/api/duty-lists/posts/320412-PS").status_code == 404


def test_a_neighbouring_office_cannot_read_the_draft(client, generate, posts, office_a, office_b, bearer):
    draft = generate(office_a, posts.secretary_a)
    assert client.get(f"/api/duty-lists/{draft.pk}", **bearer(office_b)).status_code == 403
    assert client.get("/api/duty-lists/posts/320412-PS", **bearer(office_b)).status_code == 403
    assert client.get("/api/duty-lists", **bearer(office_b)).json()["items"] == []
