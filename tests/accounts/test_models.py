"""What the database itself refuses about accounts."""

import pytest
from django.db import IntegrityError, transaction

from zeren.org.models import Person


@pytest.mark.parametrize(
    ("role", "jurisdiction"),
    [("", "county_a"), ("office", None), ("mayor", "county_a")],
)
def test_it_refuses_an_account_without_a_valid_role_and_jurisdiction(world, make_user, role, jurisdiction):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_user("x", role=role, jurisdiction=getattr(world, jurisdiction) if jurisdiction else None)


def test_it_refuses_an_official_without_a_person(world, make_user):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_user("x", role="official", jurisdiction=world.county_a)


def test_it_refuses_a_person_on_an_account_that_is_not_an_official(world, make_user):
    person = Person.objects.create(name="某人", jurisdiction=world.county_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_user("x", role="office", jurisdiction=world.county_a, person=person)


def test_a_superuser_needs_no_role_or_jurisdiction(superuser):
    assert superuser.role_label == "系统管理员"


def test_it_names_the_role_in_chinese(office_a, official_a):
    assert office_a.role_label == "安委办"
    assert official_a.role_label == "领导干部"
