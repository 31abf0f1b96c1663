"""/org/bindings/: which pack governs which jurisdictions from which date."""

import datetime

from django.urls import reverse

from zeren.audit.models import AuditEvent
from zeren.org.models import PolicyBinding


def test_a_province_office_binds_its_province(client, province_office):
    client.force_login(province_office)
    response = client.post(
        reverse("org:policy_bindings"),
        {"jurisdiction": "130000", "pack_id": "hebei-2018", "valid_from": "2018-04-08", "include_subtree": "on"},
    )
    assert response.status_code == 302
    binding = PolicyBinding.objects.get(jurisdiction__code="130000")
    assert binding.pack_id == "hebei-2018"
    assert AuditEvent.objects.filter(action="org.policy_binding.created").count() == 1
    page = client.get(reverse("org:jurisdiction", kwargs={"code": "130123"}))
    assert page.context["pack"].pack_id == "hebei-2018"


def test_an_unknown_pack_is_refused(client, province_office):
    client.force_login(province_office)
    response = client.post(
        reverse("org:policy_bindings"),
        {"jurisdiction": "130000", "pack_id": "nowhere-2099", "valid_from": "2018-04-08"},
    )
    assert response.status_code == 400
    assert not PolicyBinding.objects.exists()


def test_a_new_binding_supersedes_the_open_one(client, city_office, org):
    client.force_login(city_office)
    response = client.post(
        reverse("org:policy_bindings"),
        {"jurisdiction": "320400", "pack_id": "hebei-2018", "valid_from": "2025-01-01", "include_subtree": "on"},
    )
    assert response.status_code == 302
    old = PolicyBinding.objects.get(pack_id="changzhou-2018")
    assert old.valid_until == datetime.date(2025, 1, 1)


def test_the_end_must_come_after_the_start(client, city_office, world):
    client.force_login(city_office)
    response = client.post(
        reverse("org:policy_bindings"),
        {
            "jurisdiction": "320400",
            "pack_id": "changzhou-2018",
            "valid_from": "2020-01-01",
            "valid_until": "2019-01-01",
        },
    )
    assert response.status_code == 400
    assert not PolicyBinding.objects.exists()


def test_a_county_office_sees_the_bindings_but_cannot_add_one(client, office_a, org):
    client.force_login(office_a)
    response = client.get(reverse("org:policy_bindings"))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert client.post(reverse("org:policy_bindings"), {}).status_code == 403
