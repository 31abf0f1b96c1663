"""Office users add and edit bodies, posts, people and appointments in their subtree; the
organisation and discipline roles read only; every change is in the audit trail."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from zeren.audit.models import AuditEvent
from zeren.org.models import Appointment, Body, Person, Post


def test_an_office_user_adds_a_body_in_its_subtree(client, office_a, org):
    client.force_login(office_a)
    response = client.post(
        reverse("org:body_create"),
        {
            "code": "320412-JT",
            "name": "武进区交通运输局",
            "jurisdiction": "320412",
            "kind": "department",
            "department_kind": "key_regulator",
        },
    )
    assert response.status_code == 302
    body = Body.objects.get(code="320412-JT")
    assert AuditEvent.objects.filter(action="org.body.created", object_id=str(body.pk)).exists()


def test_a_body_outside_the_subtree_cannot_be_chosen(client, office_a, org):
    client.force_login(office_a)
    response = client.post(
        reverse("org:body_create"),
        {
            "code": "320411-JT",
            "name": "新北区交通运输局",
            "jurisdiction": "320411",
            "kind": "department",
            "department_kind": "key_regulator",
        },
    )
    assert response.status_code == 400
    assert not Body.objects.filter(code="320411-JT").exists()


def test_a_department_needs_its_kind(client, office_a, org):
    client.force_login(office_a)
    response = client.post(
        reverse("org:body_create"),
        {
            "code": "320412-JT",
            "name": "交通运输局",
            "jurisdiction": "320412",
            "kind": "department",
            "department_kind": "",
        },
    )
    assert response.status_code == 400
    assert "department_kind" in response.context["form"].errors


def test_an_office_user_edits_a_post(client, office_a, org):
    client.force_login(office_a)
    response = client.post(
        reverse("org:post_edit", kwargs={"post_code": "320412-DS"}),
        {
            "code": "320412-DS",
            "title": "常务副区长（分管安全生产）",
            "body": "320412-ZF",
            "role": "deputy_for_safety",
            "sectors": "安全生产、应急管理",
            "on_standing_committee": "on",
            "active": "on",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get(code="320412-DS")
    assert post.sectors == ["安全生产", "应急管理"]
    event = AuditEvent.objects.get(action="org.post.updated")
    assert event.data["before"]["sectors"] == ["安全生产"]


def test_a_department_role_cannot_sit_in_a_government(client, office_a, org):
    client.force_login(office_a)
    response = client.post(
        reverse("org:post_create"),
        {"code": "320412-X", "title": "局长", "body": "320412-ZF", "role": "dept_principal", "active": "on"},
    )
    assert response.status_code == 400
    assert not Post.objects.filter(code="320412-X").exists()


def test_an_office_user_adds_a_person_with_a_checked_identity_number(client, office_a, org):
    client.force_login(office_a)
    bad = client.post(
        reverse("org:person_create"),
        {"name": "冯春梅", "jurisdiction": "320412", "identity_number": "320412198001011235"},
    )
    assert bad.status_code == 400
    assert "identity_number" in bad.context["form"].errors
    good = client.post(
        reverse("org:person_create"),
        {"name": "冯春梅", "jurisdiction": "320412", "identity_number": "11010519491231002X"},
    )
    assert good.status_code == 302
    person = Person.objects.get(name="冯春梅")
    assert person.identity_digest and "11010519491231002X" not in person.identity_digest
    assert "11010519491231002X" not in str(AuditEvent.objects.get(action="org.person.created").data)


def test_a_person_managed_elsewhere_cannot_be_edited_here(client, office_a, org):
    client.force_login(office_a)
    assert client.get(reverse("org:person_edit", kwargs={"person_id": org.former_a.pk})).status_code == 403


def _appoint(client, post_code, person, start, end="", end_reason="", start_reason="appointed"):
    return client.post(
        reverse("org:appointment_create", kwargs={"post_code": post_code}),
        {"person": person.pk, "start": start, "end": end, "start_reason": start_reason, "end_reason": end_reason},
    )


def test_an_appointment_cannot_overlap_another_tenure_of_the_post(client, office_a, org, world):
    newcomer = Person.objects.create(name="冯春梅", jurisdiction=world.county_a)
    client.force_login(office_a)
    response = _appoint(client, "320412-DS", newcomer, "2024-01-01")
    assert response.status_code == 400
    assert "周立新" in str(response.context["form"].errors)
    assert Appointment.objects.filter(person=newcomer).count() == 0


def test_an_appointment_ending_before_it_starts_or_in_the_future_is_refused(client, office_a, org, world):
    newcomer = Person.objects.create(name="冯春梅", jurisdiction=world.county_a)
    client.force_login(office_a)
    assert _appoint(client, "320412-YJ-P", newcomer, "2020-01-01", "2019-01-01", "retired").status_code == 400
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    assert _appoint(client, "320412-YJ-P", newcomer, "2020-01-01", future, "retired").status_code == 400
    assert _appoint(client, "320412-YJ-P", newcomer, "2020-01-01", "2021-01-01", "").status_code == 400
    assert Appointment.objects.filter(person=newcomer).count() == 0


def test_an_office_user_records_an_appointment_and_closes_one(client, office_a, org, world):
    newcomer = Person.objects.create(name="冯春梅", jurisdiction=world.county_a)
    client.force_login(office_a)
    assert _appoint(client, "320412-YJ-P", newcomer, "2019-07-01").status_code == 302
    tenure = Appointment.objects.get(person=newcomer)
    response = client.post(
        reverse("org:appointment_edit", kwargs={"appointment_id": tenure.pk}),
        {
            "person": newcomer.pk,
            "start": "2019-07-01",
            "end": "2023-03-31",
            "start_reason": "appointed",
            "end_reason": "promoted",
        },
    )
    assert response.status_code == 302
    tenure.refresh_from_db()
    assert (tenure.end, tenure.end_reason) == (datetime.date(2023, 3, 31), "promoted")
    assert AuditEvent.objects.filter(action="org.appointment.updated").count() == 1


@pytest.mark.parametrize("persona", ["organisation", "discipline"])
def test_organisation_and_discipline_roles_read_only(client, request, org, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(reverse("org:post", kwargs={"post_code": "320412-DS"})).status_code == 200
    for url in [
        reverse("org:body_create"),
        reverse("org:post_edit", kwargs={"post_code": "320412-DS"}),
        reverse("org:person_create"),
        reverse("org:appointment_create", kwargs={"post_code": "320412-DS"}),
    ]:
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403


def test_an_office_user_cannot_edit_the_neighbours_post(client, office_a, org):
    client.force_login(office_a)
    assert client.get(reverse("org:post_edit", kwargs={"post_code": "320411-DS"})).status_code == 403
