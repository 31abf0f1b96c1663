"""The yearly report upward (常州 第十一条第二款) as the city government reads it: rendered by
LibreOffice, read back as text (rendered once a module); and who may download it."""

from __future__ import annotations

import datetime

import pytest

from accidents.factories import at, register
from commendations.factories import publish
from documents.rendering import internal_text, render
from zeren.reports.annual import annual_report, annual_report_docx

pytestmark = pytest.mark.django_db
_cache: dict[str, object] = {}


@pytest.fixture
def report(bound, office_a, wujin):
    if "rendered" not in _cache:
        register(office_a, bound.county_a, title="武进区某工地坍塌事故", deaths=3, occurred_at=at("2024-11-04 10:00"))
        register(office_a, bound.township_a, title="湖塘镇某厂火灾", deaths=1, occurred_at=at("2024-05-04 10:00"))
        register(office_a, bound.county_a, title="上年度的事故", deaths=1, occurred_at=at("2023-05-04 10:00"))
        publish(bound.county_a, 2024, "excellent", by=bound.city)
        publish(bound.township_a, 2024, "good", by=bound.county_a)
        publish(bound.township_b, 2024, "poor", by=bound.county_b)  # the neighbour's township
        data = annual_report(bound.county_a, 2024)
        _cache["data"] = data
        _cache["rendered"] = render(annual_report_docx(data, today=datetime.date(2025, 1, 20)), "annual-report")
    return _cache["rendered"]


def _squeeze(text):
    return "".join(text.split())


def test_the_title_and_the_recipient(report):
    text = _squeeze(report.all_text)
    assert text.startswith("关于武进区2024年度落实党政领导干部安全生产责任制情况的报告")
    assert "常州市人民政府：" in text
    assert "根据常州第十一条第二款的规定" in text


def test_the_accidents_of_the_year_in_the_subtree_by_grade(report):
    text = _squeeze(report.all_text)
    assert "全年发生生产安全事故2起，死亡4人。" in text
    assert "较大事故1" in text and "一般事故1" in text


def test_the_assessment_results_of_the_year(report):
    text = _squeeze(report.all_text)
    assert "在上级安全生产考核中，武进区被评为优秀等次。" in text
    assert "湖塘镇良好" in text and "不合格" not in text


def test_it_is_signed_by_the_government_and_dated(report):
    text = _squeeze(report.all_text)
    assert "武进区人民政府" in text and "2025年1月20日" in text and "特此报告。" in text


def test_no_internal_text_is_printed(report):
    assert internal_text(report.all_text) == []


def test_the_office_downloads_it_and_others_may_not(client, office_a, office_b, organisation, bound):
    client.force_login(office_a)
    assert client.get("/reports/annual/").status_code == 200
    response = client.get("/reports/annual/320412/2024.docx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get("/reports/annual/320412/2999.docx").status_code == 404
    client.force_login(office_b)
    assert client.get("/reports/annual/320412/2024.docx").status_code == 403
    client.force_login(organisation)
    assert client.get("/reports/annual/").status_code == 403
    assert client.get("/reports/annual/320412/2024.docx").status_code == 403
