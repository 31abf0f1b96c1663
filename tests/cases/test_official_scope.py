"""What an official sees of a case they are on: its facts and workflow, their own determination and
appeals — not a co-subject's determination, nor the case history that carries every determination."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(make_user, wujin):
    """The account of 武进区's party secretary, an official on case_a."""
    return make_user("wujin-secretary", role="official", jurisdiction=wujin.jurisdiction, person=wujin.secretary)


def test_an_official_opens_their_own_determination(client, secretary, case_a, wujin):
    own = case_a.subjects.get(person=wujin.secretary)
    client.force_login(secretary)
    assert client.get(f"/cases/officials/{own.pk}/").status_code == 200


def test_an_official_gets_403_on_a_co_subjects_determination(client, secretary, case_a, wujin):
    other = case_a.subjects.get(person=wujin.deputy_for_safety)
    client.force_login(secretary)
    assert client.get(f"/cases/officials/{other.pk}/").status_code == 403


def test_the_case_page_shows_an_official_only_their_own_row_and_no_history(client, secretary, case_a, wujin):
    client.force_login(secretary)
    page = client.get(f"/cases/{case_a.pk}/")
    assert page.status_code == 200
    assert [row["subject"].person for row in page.context["subjects"]] == [wujin.secretary]
    assert page.context["history"] == []
    assert wujin.deputy_for_safety.name not in page.content.decode()


def test_the_deciders_still_see_every_official_and_the_history(client, discipline, case_a, wujin):
    client.force_login(discipline)
    page = client.get(f"/cases/{case_a.pk}/")
    people = {row["subject"].person for row in page.context["subjects"]}
    assert {wujin.secretary, wujin.deputy_for_safety} <= people
    assert page.context["history"]
