"""/org/: the user's own part of the tree."""

from django.urls import reverse


def test_a_scoped_account_goes_to_its_own_jurisdiction(client, office_a):
    client.force_login(office_a)
    response = client.get(reverse("org:tree"))
    assert response.status_code == 302
    assert response["Location"] == reverse("org:jurisdiction", kwargs={"code": "320412"})


def test_the_superuser_sees_the_top_of_every_tree(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("org:tree"))
    assert response.status_code == 200
    assert "常州市" in response.text
    assert "河北省" in response.text


def test_the_public_is_sent_to_log_in(client, world):
    response = client.get(reverse("org:tree"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_refuses_to_change_anything(client, office_a):
    client.force_login(office_a)
    assert client.post(reverse("org:tree")).status_code == 405
