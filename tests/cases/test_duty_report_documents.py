"""The 述职 annex (常州 第十五条) as the official and the organisation department read it: rendered by
LibreOffice and read back as text (rendered once a module); and who may download it."""

from __future__ import annotations

import datetime

import pytest

from commendations.factories import publish
from documents.rendering import internal_text, render
from zeren.cases.duty_report import duty_record, duty_report_docx
from zeren.records.models import ComplianceRow, PerformanceRecord, RecordCredit

pytestmark = pytest.mark.django_db
_cache: dict[str, object] = {}


def _year_of_work(office, wujin):
    head = wujin.head
    appointment = head.appointments.get()
    for day, activity in (
        ("2024-03-05", "executive_meeting"),
        ("2024-06-10", "executive_meeting"),
        ("2024-04-02", "led_inspection"),
    ):
        record = PerformanceRecord.objects.create(
            activity=activity,
            occurred_on=datetime.date.fromisoformat(day),
            jurisdiction=wujin.jurisdiction,
            created_by=office,
        )
        RecordCredit.objects.create(
            record=record,
            post=appointment.post,
            appointment=appointment,
            person=head,
            capacity="leader",
            activity=activity,
            occurred_on=record.occurred_on,
        )
    for quarter, status in ((1, "met"), (2, "met"), (3, "missed"), (4, "missed")):
        start = datetime.date(2024, 3 * quarter - 2, 1)
        ComplianceRow.objects.update_or_create(
            appointment=appointment,
            obligation="cz-7.3-executive-meeting",
            period=f"2024-Q{quarter}",
            defaults=dict(
                post=appointment.post,
                person=head,
                jurisdiction=wujin.jurisdiction,
                role="government_head",
                year=2024,
                activity="executive_meeting",
                period_start=start,
                period_end=start + datetime.timedelta(days=80),
                required=1,
                done=1 if status == "met" else 0,
                status=status,
                policy_id="changzhou-2018",
                policy_version="test",
                computed_on=datetime.date(2025, 1, 2),
            ),
        )


@pytest.fixture
def annex(bound, office_a, wujin, case_a):
    if "rendered" not in _cache:
        publish(bound.county_a, 2024, "excellent", by=bound.city)
        _year_of_work(office_a, wujin)
        record = duty_record(wujin.head, 2024)
        _cache["rendered"] = render(duty_report_docx(record, today=datetime.date(2025, 1, 10)), "duty-report")
        _cache["name"] = wujin.head.name
    return _cache["rendered"]


def _squeeze(text):
    return "".join(text.split())


def test_the_title_names_the_official_and_the_year(annex):
    assert _squeeze(annex.text[0]).startswith(_squeeze(f"{_cache['name']}2024年度履行安全生产工作职责情况"))


def test_it_cites_the_article_that_puts_the_duties_into_the_annual_report(annex):
    assert "常州第十五条" in _squeeze(annex.all_text)


def test_it_gives_the_region_result_the_duties_done_and_missed_and_the_accident(annex):
    text = _squeeze(annex.all_text)
    assert "武进区：优秀" in text
    assert "政府常务会议研究安全生产" in text or "政府常务会议" in text
    assert "政府常务会议每季度至少1次听取安" in text  # the duty, in its table cell
    assert "2024年11月4日，武进区某工地坍塌事故（较大事故）" in text
    assert "武进区问责〔" in text  # the case opened on the accident


def test_no_internal_text_is_printed(annex):
    name = str(_cache["name"])
    text = annex.all_text.replace(name, "某某")
    assert internal_text(text) == []


def test_the_organisation_department_downloads_it_and_others_may_not(client, organisation, office_a, wujin):
    client.force_login(organisation)
    url = f"/cases/dossier/{wujin.head.pk}/duty-report.docx"
    response = client.get(url + "?year=2024")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(url + "?year=abc").status_code == 400
    assert client.get(url + "?year=2999").status_code == 400
    client.force_login(office_a)
    assert client.get(url + "?year=2024").status_code == 403
