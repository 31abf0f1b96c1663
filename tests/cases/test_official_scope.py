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


@pytest.fixture
def dismissed(office_a, discipline, case_a, wujin):
    """武进区's deputy for safety dismissed on 2025-03-01: restrictions on the person."""
    import datetime

    from cases.helpers import decide, to_determined

    case = to_determined(office_a, case_a, wujin.safety_bureau)
    subject = case.subjects.get(person=wujin.deputy_for_safety)
    decide(discipline, case, {subject.pk: [("dismissal", "")]}, on=datetime.date(2025, 3, 1))
    return wujin.deputy_for_safety


def test_an_official_reads_no_restrictions_of_a_colleague_on_the_person_page(client, secretary, dismissed):
    client.force_login(secretary)
    page = client.get(f"/org/people/{dismissed.pk}/")
    assert page.status_code == 200 and page.context["restrictions"] == []


def test_an_official_reads_their_own_restrictions_on_the_person_page(client, make_user, wujin, dismissed):
    own = make_user("wujin-deputy", role="official", jurisdiction=wujin.jurisdiction, person=dismissed)
    client.force_login(own)
    assert client.get(f"/org/people/{dismissed.pk}/").context["restrictions"]
