"""The access layer: each account sees its jurisdiction subtree and nothing else."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from zeren.accounts import access
from zeren.accounts.models import Role
from zeren.org.models import Person


def codes(queryset):
    return sorted(j.code for j in queryset)


def test_a_county_office_sees_its_county_and_its_townships(office_a):
    assert codes(access.jurisdictions_for(office_a)) == ["320412", "320412100", "320412101"]


def test_a_city_office_sees_the_whole_city_but_not_another_province(city_office):
    seen = codes(access.jurisdictions_for(city_office))
    assert "320400" in seen
    assert "320411001" in seen
    assert "Z32040001" in seen
    assert "130000" not in seen


def test_a_township_office_sees_only_its_township(township_office):
    assert codes(access.jurisdictions_for(township_office)) == ["320412100"]


@pytest.mark.parametrize("persona", ["organisation", "discipline", "official_a", "province_office"])
def test_every_role_is_held_to_its_subtree(request, persona, world):
    user = request.getfixturevalue(persona)
    for node in access.jurisdictions_for(user):
        assert node.is_within(user.jurisdiction)


def test_the_superuser_sees_everything(superuser, world):
    assert access.jurisdictions_for(superuser).count() == 11


def test_the_public_sees_no_jurisdiction(world):
    assert not access.jurisdictions_for(AnonymousUser()).exists()


def test_an_inactive_account_sees_nothing(office_a):
    office_a.is_active = False
    assert not access.jurisdictions_for(office_a).exists()


def test_it_loads_a_jurisdiction_in_scope(office_a, world):
    assert access.get_jurisdiction_for_user(office_a, "320412100") == world.township_a


def test_it_refuses_a_neighbouring_county(office_a):
    with pytest.raises(PermissionDenied):
        access.get_jurisdiction_for_user(office_a, "320411")


def test_it_refuses_the_city_above(office_a):
    with pytest.raises(PermissionDenied):
        access.get_jurisdiction_for_user(office_a, "320400")


def test_it_says_not_found_for_a_code_nobody_has(office_a):
    with pytest.raises(Http404):
        access.get_jurisdiction_for_user(office_a, "999999")


def test_it_scopes_people_by_their_jurisdiction(office_a, office_b, world):
    ours = Person.objects.create(name="甲", jurisdiction=world.township_a)
    theirs = Person.objects.create(name="乙", jurisdiction=world.township_b)
    assert list(access.people_for(office_a)) == [ours]
    assert access.get_person_for_user(office_a, ours.pk) == ours
    with pytest.raises(PermissionDenied):
        access.get_person_for_user(office_a, theirs.pk)


def test_the_public_sees_only_published_rows_of_a_type_that_has_them(world):
    # Jurisdiction has no published flag; scope_to_user filters on the one named.
    queryset = access.scope_to_user(Person.objects.all(), AnonymousUser(), via="jurisdiction")
    assert not queryset.exists()


def test_require_role_lets_the_named_roles_and_the_superuser_through(office_a, discipline, superuser):
    access.require_role(office_a, Role.OFFICE)
    access.require_role(superuser, Role.OFFICE)
    with pytest.raises(PermissionDenied):
        access.require_role(discipline, Role.OFFICE)
    with pytest.raises(PermissionDenied):
        access.require_role(AnonymousUser(), Role.OFFICE)
