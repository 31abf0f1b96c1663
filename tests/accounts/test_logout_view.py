"""Logging out: POST only."""

from django.urls import reverse


def test_it_logs_out_on_post(client, office_a):
    client.force_login(office_a)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_it_refuses_to_log_out_on_get(client, office_a):
    client.force_login(office_a)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert "_auth_user_id" in client.session
