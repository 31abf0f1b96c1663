"""The moved-official test: one rule for who may see a person (zeren.accounts.access.people_for), the same
on the person page, the dossier and the API.

吴海燕 was 武进区's deputy for safety until 2020 and was then transferred to 新北区, where her record is
managed now. 武进区's organisation department keeps seeing her (终身追责) on every page, and may not
change her record; a department she never served sees her nowhere.
"""

import pytest

from org.conftest import org  # noqa: F401 - the shared organisation fixture (tests/ is on sys.path)
from zeren.accounts import access

pytestmark = pytest.mark.django_db

PAGES = ["/org/people/{pk}/", "/cases/dossier/{pk}/", "/cases/dossier/{pk}/dossier.docx"]


@pytest.fixture
def former_county(make_user, world):
    """The organisation department of the county the official moved away from (武进区)."""
    return make_user("wujin-organisation", role="organisation", jurisdiction=world.county_a)


@pytest.fixture
def never_served(make_user, world):
    """An organisation department where the official never held a post (常州经济开发区)."""
    return make_user("zone-organisation", role="organisation", jurisdiction=world.zone)


def bearer(user):
    from zeren.api.models import ApiToken

    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


@pytest.mark.parametrize("page", PAGES)
def test_the_former_county_sees_the_moved_official_on_every_page(client, former_county, org, page):  # noqa: F811
    client.force_login(former_county)
    assert client.get(page.format(pk=org.former_a.pk)).status_code == 200


def test_the_former_county_sees_the_moved_official_in_the_api(client, former_county, org):  # noqa: F811
    headers = bearer(former_county)
    assert client.get(f"/api/people/{org.former_a.pk}", **headers).status_code == 200
    listed = client.get("/api/people", **headers).json()["items"]
    assert org.former_a.pk in {p["id"] for p in listed}


def test_the_former_county_finds_the_moved_official_in_the_dossier_search(client, former_county, org):  # noqa: F811
    client.force_login(former_county)
    found = client.get("/cases/dossier/", {"q": org.former_a.name}).context["people"]
    assert [p.pk for p in found] == [org.former_a.pk]


@pytest.mark.parametrize("page", PAGES)
def test_a_department_where_the_official_never_served_gets_403_on_every_page(
    client, never_served, org, page  # noqa: F811
):
    client.force_login(never_served)
    assert client.get(page.format(pk=org.former_a.pk)).status_code == 403


def test_a_department_where_the_official_never_served_gets_403_in_the_api(client, never_served, org):  # noqa: F811
    headers = bearer(never_served)
    assert client.get(f"/api/people/{org.former_a.pk}", **headers).status_code == 403
    assert org.former_a.pk not in {p["id"] for p in client.get("/api/people", **headers).json()["items"]}


def test_the_former_county_sees_the_moved_official_but_does_not_manage_her(former_county, org):  # noqa: F811
    assert access.get_person_for_user(former_county, org.former_a.pk) == org.former_a
    assert not access.manages_person(former_county, org.former_a)


def test_the_former_county_office_may_not_edit_the_moved_officials_record(client, office_a, org):  # noqa: F811
    client.force_login(office_a)
    assert client.get(f"/org/people/{org.former_a.pk}/").status_code == 200
    assert client.get(f"/org/people/{org.former_a.pk}/edit/").status_code == 403


def test_the_county_that_manages_her_now_sees_and_manages_her(office_b, org):  # noqa: F811
    assert access.get_person_for_user(office_b, org.former_a.pk) == org.former_a
    assert access.manages_person(office_b, org.former_a)
