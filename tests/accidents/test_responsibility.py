"""Who held leadership responsibility on the day, derived from appointments; editable with a reason."""

import datetime

import pytest

from accidents.factories import at, leaders, register
from zeren.accidents.services import responsibility_add, responsibility_set_included
from zeren.audit.services import history
from zeren.org.models import Appointment, Person
from zeren.problems import Problems

pytestmark = pytest.mark.django_db


def basis_by_person(accident):
    return {r.person_id: r.basis for r in accident.responsibilities.all()}


def test_principals_deputy_for_safety_and_the_sector_deputy_are_derived(office_a, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=1, sector="住房城乡建设")
    assert basis_by_person(accident) == {
        wujin.secretary.pk: "principal",
        wujin.head.pk: "principal",
        wujin.deputy_for_safety.pk: "deputy_for_safety",
        wujin.building_deputy.pk: "sector_deputy",
    }


def test_a_deputy_whose_sectors_do_not_include_the_accidents_is_not_derived(office_a, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=1, sector="工业和信息化")
    assert wujin.building_deputy.pk not in basis_by_person(accident)
    assert basis_by_person(accident)[wujin.industry_deputy.pk] == "sector_deputy"


def test_the_holder_on_the_day_is_named_not_todays(office_a, wujin):
    old = Appointment.objects.get(person=wujin.secretary)
    old.end, old.end_reason = datetime.date(2025, 4, 30), "transferred"
    old.save()
    successor = Person.objects.create(name="接任者", jurisdiction=wujin.jurisdiction)
    Appointment.objects.create(person=successor, post=old.post, start=datetime.date(2025, 5, 1))
    before = register(office_a, wujin.jurisdiction, deaths=1, occurred_at=at("2025-04-20 08:00"))
    after = register(office_a, wujin.jurisdiction, deaths=1, occurred_at=at("2025-05-20 08:00"))
    assert wujin.secretary.pk in basis_by_person(before) and successor.pk not in basis_by_person(before)
    assert successor.pk in basis_by_person(after) and wujin.secretary.pk not in basis_by_person(after)


def test_city_leaders_are_not_derived_under_changzhou_which_does_not_cover_them(office_a, wujin, bound):
    city = leaders(bound.city, names="一二三四五六")
    accident = register(office_a, wujin.jurisdiction, deaths=3)
    assert city.secretary.pk not in basis_by_person(accident)


def test_each_derived_official_cites_the_scope_and_principle_articles(office_a, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=1)
    row = accident.responsibilities.get(person=wujin.secretary)
    assert row.cites == ["CZ-2#1", "CZ-4#2"]


def test_excluding_needs_a_reason_and_is_audited(office_a, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=1)
    row = accident.responsibilities.get(person=wujin.building_deputy)
    with pytest.raises(Problems):
        responsibility_set_included(actor=office_a, responsibility=row, included=False, reason="")
    responsibility_set_included(actor=office_a, responsibility=row, included=False, reason="事故企业不属其分管")
    row.refresh_from_db()
    assert (row.included, row.reason) == (False, "事故企业不属其分管")
    event = history(accident).filter(action="accident.responsibility_excluded").get()
    assert event.data["after"]["reason"] == "事故企业不属其分管"


def test_an_official_can_be_added_with_a_reason(office_a, wujin):
    accident = register(office_a, wujin.jurisdiction, deaths=1)
    appointment = Appointment.objects.get(person=wujin.bureau_chief)
    row = responsibility_add(
        actor=office_a, accident=accident, appointment=appointment, reason="安全监管部门主要负责人"
    )
    assert (row.basis, row.derived) == ("added", False)


def test_another_countys_office_may_not_edit(office_a, office_b, wujin):
    from django.core.exceptions import PermissionDenied

    accident = register(office_a, wujin.jurisdiction, deaths=1)
    row = accident.responsibilities.first()
    with pytest.raises(PermissionDenied):
        responsibility_set_included(actor=office_b, responsibility=row, included=False, reason="x")
