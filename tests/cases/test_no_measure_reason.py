"""A decision that gives an official found to bear a responsibility degree no measure needs an explicit
reason and its basis; the decision page, the public notice and the decision .docx show them, so none
says 主要领导责任 and 未给予问责处理 without saying why."""

import io
import zipfile

import pytest

from cases.helpers import decide, fresh, to_determined
from zeren.cases import services
from zeren.cases.models import DecidedMeasure
from zeren.problems import Problems

pytestmark = pytest.mark.django_db
REASON = ("经查实已全面履行职责，不予追究领导责任", "常州 第二十六条")


def test_a_decision_leaving_a_responsible_official_without_a_measure_and_without_a_reason_is_refused(
    office_a, discipline, case_a, wujin
):
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    subject = case.subjects.get(person=wujin.deputy_for_safety)
    assert subject.responsibility
    with pytest.raises(Problems) as raised:
        decide(discipline, case, {}, reasons={})
    assert any(wujin.deputy_for_safety.name in p and "未给予问责处理" in p for p in raised.value.problems)
    assert fresh(case).state == "determined"
    assert not DecidedMeasure.objects.filter(subject__case=case).exists()


def test_a_reason_without_a_basis_is_refused_too(office_a, discipline, case_a, wujin):
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    reasons = {s.pk: (REASON[0], " ") for s in case.subjects.all()}
    with pytest.raises(Problems):
        decide(discipline, case, {}, reasons=reasons)
    assert fresh(case).state == "determined"


def test_the_reason_is_recorded_and_shown_on_the_page_the_notice_and_the_docx(
    client, office_a, discipline, case_a, wujin
):
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    subject = case.subjects.get(person=wujin.deputy_for_safety)
    others = {s.pk: ("另案处理", "武纪〔2025〕2号") for s in case.subjects.exclude(pk=subject.pk)}
    decide(discipline, case, {}, reasons={subject.pk: REASON, **others})
    subject.refresh_from_db()
    assert (subject.no_measure_reason, subject.no_measure_basis) == REASON
    services.case_step(actor=discipline, case=case, expected_version=fresh(case).version, step="publish")
    client.force_login(discipline)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "未给予问责处理，理由： 经查实已全面履行职责" in page
    notice = client.get(f"/cases/published/{case.pk}/").content.decode()
    assert "未给予问责处理，理由： 经查实已全面履行职责，不予追究领导责任（依据：常州 第二十六条）" in notice
    response = client.get(f"/cases/{case.pk}/decision.docx")
    document = zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml").decode()
    assert "理由：经查实已全面履行职责，不予追究领导责任（依据：常州 第二十六条）" in document


def test_the_decision_form_takes_the_reason_per_official(client, office_a, discipline, case_a, wujin):
    case = to_determined(office_a, case_a, wujin.safety_bureau)
    client.force_login(discipline)
    data = {"version": case.version, "decided_on": "2025-03-01", "deciding_body": "武进区纪委"}
    response = client.post(f"/cases/{case.pk}/decide/", data)
    assert response.status_code == 400
    assert any("未给予问责处理" in p for p in response.context["problems"])
    assert f'name="s{case.subjects.first().pk}-no-measure-reason"' in response.content.decode()
    for s in case.subjects.all():
        data[f"s{s.pk}-no-measure-reason"], data[f"s{s.pk}-no-measure-basis"] = REASON
    response = client.post(f"/cases/{case.pk}/decide/", data)
    assert response.status_code == 302
    assert fresh(case).state == "decided"
    assert set(case.subjects.values_list("no_measure_basis", flat=True)) == {REASON[1]}
