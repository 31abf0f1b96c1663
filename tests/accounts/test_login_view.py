"""The login page."""

import pytest
from django.conf import settings
from django.urls import reverse

PASSWORD = "correct horse battery"


@pytest.fixture
def office_with_password(office_a):
    office_a.set_password(PASSWORD)
    office_a.save()
    return office_a


def test_it_shows_the_login_page_in_chinese(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "用户名" in response.text
    assert "密码" in response.text


def test_it_logs_in_and_goes_to_the_offices_dashboard(client, office_with_password):
    response = client.post(reverse("accounts:login"), {"username": "office-a", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("records:dashboard", kwargs={"code": "320412"})
    assert "武进区" in response.text


def test_an_official_logs_in_to_my_duties(client, official_a):
    official_a.set_password(PASSWORD)
    official_a.save()
    response = client.post(reverse("accounts:login"), {"username": "official-a", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("records:mine")
    assert "我的职责" in response.text


def test_it_refuses_a_wrong_password_with_a_chinese_message(client, office_with_password):
    response = client.post(reverse("accounts:login"), {"username": "office-a", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.text
    assert "_auth_user_id" not in client.session


def test_it_locks_out_after_five_failures(client, office_with_password):
    for _attempt in range(5):
        client.post(reverse("accounts:login"), {"username": "office-a", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "office-a", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.text
    assert "_auth_user_id" not in client.session


def test_it_hashes_passwords_with_argon2(office_with_password):
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert office_with_password.password.startswith("argon2")


def test_it_does_not_follow_a_next_link_to_another_site(client, office_with_password):
    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example.org/",
        {"username": "office-a", "password": PASSWORD, "next": "https://evil.example.org/"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/")


def test_one_address_trying_many_user_names_is_locked_out(client, office_with_password):
    for attempt in range(25):
        client.post(reverse("accounts:login"), {"username": f"guess-{attempt}", "password": "Spring2025!"})
    response = client.post(reverse("accounts:login"), {"username": "office-a", "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.text and "此地址的所有登录均被锁定" in response.text
    assert "_auth_user_id" not in client.session


def test_the_address_lock_spares_other_addresses_and_starts_at_twenty(client, office_with_password):
    for attempt in range(19):
        client.post(reverse("accounts:login"), {"username": f"guess-{attempt}", "password": "x"})
    response = client.post(reverse("accounts:login"), {"username": "office-a", "password": PASSWORD})
    assert response.status_code == 302
    client.logout()
    for attempt in range(20):
        client.post(reverse("accounts:login"), {"username": f"guess-{attempt}", "password": "x"})
    assert client.post(reverse("accounts:login"), {"username": "office-a", "password": PASSWORD}).status_code == 429
    other = client.post(
        reverse("accounts:login"), {"username": "office-a", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


def test_a_successful_login_does_not_clear_the_addresss_failures(client, office_with_password):
    for attempt in range(15):
        client.post(reverse("accounts:login"), {"username": f"guess-{attempt}", "password": "x"})
    assert client.post(reverse("accounts:login"), {"username": "office-a", "password": PASSWORD}).status_code == 302
    client.logout()
    for attempt in range(5):
        client.post(reverse("accounts:login"), {"username": f"again-{attempt}", "password": "x"})
    assert client.post(reverse("accounts:login"), {"username": "office-a", "password": PASSWORD}).status_code == 429


def test_a_user_name_longer_than_any_account_is_refused_with_a_message(client, office_with_password):
    from axes.models import AccessAttempt

    response = client.post(reverse("accounts:login"), {"username": "x" * 300, "password": "wrong"})
    assert response.status_code == 200
    assert "用户名最多 150 个字符，此处为 300 个。" in response.text
    assert AccessAttempt.objects.count() == 0
    assert "_auth_user_id" not in client.session
