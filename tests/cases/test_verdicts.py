"""The engine's verdict on a case: the same facts under 常州 and 河北, and the measures a decider may choose."""

import pytest

from accidents.factories import at, register
from cases.helpers import decide, fresh, set_subject, to_determined
from zeren.cases import services
from zeren.problems import Problems

pytestmark = pytest.mark.django_db


def hebei_case(office, leaders):
    accident = register(
        office, leaders.jurisdiction, title="正定某工地坍塌事故", deaths=3, occurred_at=at("2024-11-04 10:00")
    )
    return services.case_open(
        actor=office,
        jurisdiction=leaders.jurisdiction,
        title="正定问责",
        opened_by="office",
        proposal="",
        accident=accident,
        facts_date=None,
    )


def test_previous_year_excellent_mitigates_under_changzhou_but_not_under_hebei(
    office_a, case_a, wujin, hebei_office, zhengding
):
    cz_subject = case_a.subjects.get(person=wujin.deputy_for_safety)
    cz = set_subject(office_a, case_a, cz_subject, previous_year_assessment="excellent")
    hb_case = hebei_case(hebei_office, zhengding)
    hb_subject = hb_case.subjects.get(person=zhengding.deputy_for_safety)
    hb = set_subject(hebei_office, hb_case, hb_subject, previous_year_assessment="excellent")
    assert cz.verdict["mitigate"]["applies"] is True
    assert cz.verdict["mitigate"]["reasons"] == ["previous_year_excellent"]
    assert cz.verdict["mitigate"]["cites"] == ["CZ-25.3"]
    assert hb.verdict["mitigate"]["applies"] is False
    assert (cz.verdict_policy, hb.verdict_policy) == ("changzhou-2018", "hebei-2018")
    assert cz.verdict_version.startswith("2018.1+")


def test_the_subject_page_shows_the_mitigation_beside_the_form(client, office_a, case_a, wujin):
    subject = case_a.subjects.get(person=wujin.deputy_for_safety)
    set_subject(office_a, case_a, subject, previous_year_assessment="excellent")
    client.force_login(office_a)
    body = client.get(f"/cases/officials/{subject.pk}/").content.decode()
    assert 'data-part="mitigate" data-applies="yes"' in body
    assert "常州 第二十五条 第（三）项" in body


def test_trying_facts_on_the_page_shows_the_verdict_without_saving(client, office_a, case_a, wujin):
    subject = case_a.subjects.get(person=wujin.deputy_for_safety)
    client.force_login(office_a)
    response = client.post(
        f"/cases/officials/{subject.pk}/",
        {
            "version": fresh(case_a).version,
            "status": "in_post",
            "responsibility": "important",
            "circumstances": ["accident_responsibility"],
            "previous_year_assessment": "excellent",
            "action": "try",
        },
    )
    assert response.status_code == 200
    assert response.context["preview"]["parts"][4]["applies"] is True  # mitigate
    subject.refresh_from_db()
    assert subject.facts["previous_year_assessment"] is None


def test_a_lighter_path_is_refused_under_hebei_which_has_none(hebei_office, hebei_discipline, zhengding):
    case = hebei_case(hebei_office, zhengding)
    subject = case.subjects.get(person=zhengding.deputy_for_safety)
    set_subject(hebei_office, case, subject, minor=True)
    case = to_determined(hebei_office, case, zhengding.safety_bureau)
    with pytest.raises(Problems) as error:
        decide(hebei_discipline, case, {subject.pk: [("written_self_criticism", "")]})
    assert "河北省党政领导干部安全生产责任制实施细则" in error.value.problems[0]
    assert fresh(case).state == "determined"
    assert not subject.measures.exists()


def test_under_changzhou_a_lighter_path_is_refused_when_the_case_is_not_minor(office_a, discipline, case_a, wujin):
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    subject = case.subjects.get(person=wujin.deputy_for_safety)
    with pytest.raises(Problems) as error:
        decide(discipline, case, {subject.pk: [("explanation", "")]})
    assert "常州 第二十一条 第二款" in error.value.problems[0]


def test_under_changzhou_a_minor_case_may_take_the_lighter_path(office_a, discipline, case_a, wujin):
    subject = case_a.subjects.get(person=wujin.deputy_for_safety)
    set_subject(office_a, case_a, subject, minor=True)
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    decide(discipline, case, {subject.pk: [("written_self_criticism", "")]})
    assert subject.measures.get().measure == "written_self_criticism"


def test_no_measure_for_an_official_the_engine_exempts(office_a, discipline, case_a, wujin):
    subject = case_a.subjects.get(person=wujin.deputy_for_safety)
    set_subject(office_a, case_a, subject, fully_performed_duties=True)
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    with pytest.raises(Problems) as error:
        decide(discipline, case, {subject.pk: [("admonishment", "")]})
    assert subject.person.name in error.value.problems[0]


def test_discipline_needs_its_sanction(office_a, discipline, case_a, wujin):
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    subject = case.subjects.get(person=wujin.deputy_for_safety)
    with pytest.raises(Problems):
        decide(discipline, case, {subject.pk: [("discipline", "")]})
    decide(discipline, case, {subject.pk: [("discipline", "demerit"), ("discipline", "party_warning")]})
    assert subject.measures.count() == 2
