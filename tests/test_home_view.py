"""The front page and the language switch."""

import pytest
from django.urls import reverse


def test_it_tells_the_public_what_zeren_is(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "党政领导干部安全生产责任制" in response.text
    assert 'href="/accounts/login/"' in response.text


def test_it_serves_its_stylesheet(client, db):
    response = client.get("/static/zeren/zeren.css")
    assert response.status_code == 200
    assert b"--accent" in b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("persona", "landing"),
    [
        ("official_a", "/records/"),
        ("office_a", "/records/dashboard/"),
        ("organisation", "/cases/dossier/"),
        ("discipline", "/cases/"),
        ("superuser", "/records/dashboard/"),
    ],
)
def test_it_sends_each_role_to_its_own_start(client, request, persona, landing):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == landing
    assert client.get(landing, follow=True).status_code == 200


def test_it_switches_to_english_and_back(client, office_a):
    client.force_login(office_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/org/320412/"})
    english = client.get("/org/320412/").text
    assert "Township or street" in english
    assert "Log out" in english
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "退出" in client.get("/org/320412/").text


def test_the_header_shows_user_role_and_jurisdiction(client, office_a):
    client.force_login(office_a)
    text = client.get("/org/320412/").text
    assert "测office-a" in text
    assert "安委办" in text
