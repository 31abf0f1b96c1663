"""/org/people/<person_id>/: the whole tenure history across jurisdictions.

Scoping: a person is visible when the current jurisdiction is in scope OR the person held a
post in scope (lifetime accountability follows people who moved away)."""

import datetime

from django.urls import reverse

from zeren.org.models import Appointment, Person


def page(person):
    return reverse("org:person", kwargs={"person_id": person.pk})


def test_it_shows_the_history_across_jurisdictions_newest_first(client, office_b, org):
    client.force_login(office_b)
    response = client.get(page(org.former_a))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(t.post.code, visible) for t, visible in rows] == [("320411-DS", True), ("320412-DS", False)]
    text = response.text
    assert "武进区" in text  # the earlier post in county A is named…
    assert 'href="/org/posts/320412-DS/"' not in text  # …but not linked outside the scope


def test_a_person_managed_elsewhere_is_visible_through_a_tenure_in_scope(client, office_a, org):
    client.force_login(office_a)
    response = client.get(page(org.former_a))  # now managed by county B, served in county A
    assert response.status_code == 200
    assert response.context["can_edit"] is False


def test_a_person_with_a_current_jurisdiction_in_scope_is_visible_without_tenure(client, office_a, world):
    newcomer = Person.objects.create(name="孙秀英", jurisdiction=world.township_a)
    client.force_login(office_a)
    assert client.get(page(newcomer)).status_code == 200


def test_it_refuses_a_person_with_no_link_to_the_scope(client, office_a, org, world):
    stranger = Person.objects.create(name="马振华", jurisdiction=world.county_b)
    Appointment.objects.create(person=stranger, post=org.ds_b, start=datetime.date(2010, 1, 1),
                               end=datetime.date(2012, 1, 1), end_reason="retired")
    client.force_login(office_a)
    assert client.get(page(stranger)).status_code == 403


def test_an_unknown_person_is_not_found(client, office_a, org):
    client.force_login(office_a)
    assert client.get(reverse("org:person", kwargs={"person_id": 999999})).status_code == 404


def test_the_organisation_department_reads_people_of_its_city(client, organisation, org):
    client.force_login(organisation)
    response = client.get(page(org.holder_a))
    assert response.status_code == 200
    assert response.context["can_edit"] is False
