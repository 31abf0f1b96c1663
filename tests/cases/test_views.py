"""Case pages: permissions, the decision through the page, the public page, the documents."""

import datetime
import io
import zipfile

import pytest

from cases.helpers import decide, fresh, to_determined
from zeren.cases import services

pytestmark = pytest.mark.django_db


def published(office_a, discipline, case_a, wujin):
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    subject = case.subjects.get(person=wujin.deputy_for_safety)
    decide(discipline, case, {subject.pk: [("admonishment", "")]})
    services.case_step(actor=discipline, case=case, expected_version=fresh(case).version, step="publish")
    return fresh(case)


def test_the_office_opens_a_case_from_an_accident_page(client, office_a, accident_a):
    client.force_login(office_a)
    page = client.get(f"/cases/new/?accident={accident_a.pk}")
    assert page.status_code == 200
    response = client.post(
        f"/cases/new/?accident={accident_a.pk}",
        {
            "title": "问责",
            "jurisdiction": "320412",
            "opened_by": "office",
            "facts_date": "",
            "proposal": "提请",
            "accident": accident_a.pk,
        },
    )
    assert response.status_code == 302
    assert client.get(response["Location"]).context["subjects"]


def test_a_neighbour_gets_403_on_the_case(client, office_b, case_a):
    client.force_login(office_b)
    assert client.get(f"/cases/{case_a.pk}/").status_code == 403


def test_an_official_sees_only_the_cases_that_concern_them(client, case_a, wujin, make_user):
    on_case = make_user("on-case", role="official", jurisdiction=wujin.jurisdiction, person=wujin.secretary)
    off_case = make_user("off-case", role="official", jurisdiction=wujin.jurisdiction, person=wujin.bureau_chief)
    client.force_login(on_case)
    assert client.get(f"/cases/{case_a.pk}/").status_code == 200
    client.force_login(off_case)
    assert client.get(f"/cases/{case_a.pk}/").status_code == 403


def test_the_decision_form_refuses_a_lighter_path_with_a_message(client, office_a, discipline, case_a, wujin):
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    subject = case.subjects.get(person=wujin.deputy_for_safety)
    client.force_login(discipline)
    response = client.post(
        f"/cases/{case.pk}/decide/",
        {
            "version": case.version,
            "decided_on": "2025-03-01",
            "deciding_body": "武进区纪委",
            f"s{subject.pk}-measure": ["explanation"],
        },
    )
    assert response.status_code == 400
    assert response.context["problems"]
    assert fresh(case).state == "determined"


def test_the_office_gets_403_on_deciding(client, office_a, case_a, wujin):
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    client.force_login(office_a)
    response = client.post(
        f"/cases/{case.pk}/decide/", {"version": case.version, "decided_on": "2025-03-01", "deciding_body": "x"}
    )
    assert response.status_code == 403


def test_the_public_sees_a_published_decision_and_that_appeals_do_not_suspend_it(
    client, office_a, discipline, case_a, wujin
):
    case = published(office_a, discipline, case_a, wujin)
    response = client.get(f"/cases/published/{case.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert wujin.deputy_for_safety.name in body
    assert 'data-testid="not-suspended"' in body
    assert "现场勘查完毕" not in body, "internal notes stay internal"
    assert case.title in client.get("/cases/published/").content.decode()


def test_the_public_gets_404_before_publication(client, case_a):
    assert client.get(f"/cases/published/{case_a.pk}/").status_code == 404


def test_the_decision_downloads_as_docx(client, office_a, discipline, case_a, wujin):
    case = published(office_a, discipline, case_a, wujin)
    client.force_login(discipline)
    response = client.get(f"/cases/{case.pk}/decision.docx")
    assert response.status_code == 200
    document = zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml").decode()
    assert wujin.deputy_for_safety.name in document
    assert "武纪〔2025〕1号" in document


def test_the_dossier_is_for_organisation_and_discipline_only(client, office_a, organisation, wujin):
    person = wujin.secretary
    client.force_login(office_a)
    assert client.get(f"/cases/dossier/{person.pk}/").status_code == 403
    client.force_login(organisation)
    response = client.get(f"/cases/dossier/{person.pk}/?on=2026-06-01")
    assert response.status_code == 200
    assert response.context["d"].on == datetime.date(2026, 6, 1)


def test_the_dossier_exports_as_docx(client, office_a, discipline, organisation, case_a, wujin):
    published(office_a, discipline, case_a, wujin)
    client.force_login(organisation)
    response = client.get(f"/cases/dossier/{wujin.deputy_for_safety.pk}/dossier.docx?on=2025-06-01")
    assert response.status_code == 200
    document = zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml").decode()
    assert wujin.deputy_for_safety.name in document


def test_a_bad_dossier_date_says_so(client, organisation, wujin):
    client.force_login(organisation)
    response = client.get(f"/cases/dossier/{wujin.secretary.pk}/?on=2026-13-40")
    assert response.status_code == 200
    assert response.context["problems"]


def test_the_dossier_search_finds_people_in_scope_only(client, organisation, wujin, bound):
    from zeren.org.models import Person

    Person.objects.create(name="河北某人", jurisdiction=bound.province)
    client.force_login(organisation)
    response = client.get("/cases/dossier/?q=某人")
    assert [p.name for p in response.context["people"]] == []
    response = client.get(f"/cases/dossier/?q={wujin.secretary.name}")
    assert [p.pk for p in response.context["people"]] == [wujin.secretary.pk]


@pytest.mark.parametrize("value", ["²", "١", "x", "-1", "99999999999999999999999"])
def test_the_new_case_form_ignores_an_accident_parameter_that_is_not_a_plain_number(client, office_a, value):
    client.force_login(office_a)
    page = client.get("/cases/new/", {"accident": value})
    assert page.status_code == 200
    assert page.context["accident"] is None
