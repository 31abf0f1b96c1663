"""The pages of duty performance: each loads through the access layer and refuses outsiders."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from internal_text import offences
from zeren.records.models import PerformanceRecord
from zeren.records.services import RecordInput, record_create

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 5, 20, 10, tzinfo=dt.UTC)


@pytest.fixture
def zd_office(org, make_user):
    return make_user("zd-office", role="office", jurisdiction=org.gh_post.body.jurisdiction)


@pytest.fixture
def record(org):
    with time_machine.travel(NOW):
        data = RecordInput(activity="led_inspection", occurred_on=dt.date(2025, 5, 10), leader_post=org.gh_post)
        return record_create(actor=org.official, data=data)


def post_form(client, org, **overrides):
    data = {"activity": "led_inspection", "occurred_on": "2025-05-12", "leader_post": org.gh_post.code}
    data.update(overrides)
    return client.post(reverse("records:new"), data)


@time_machine.travel(NOW)
def test_an_official_records_an_inspection_with_a_photo_and_lands_on_the_record(client, org, samples):
    client.force_login(org.official)
    photo = SimpleUploadedFile("现场.png", samples.png)
    response = post_form(
        client, org, evidence=[photo], place="正定镇", hazard_0="配电箱未接地", hazard_0_by="2025-06-01"
    )
    record = PerformanceRecord.objects.get()
    assert response.status_code == 302 and response.url == reverse("records:detail", kwargs={"record_id": record.pk})
    page = client.get(response.url).content.decode()
    assert "现场.png" in page and "配电箱未接地" in page


@time_machine.travel(NOW)
def test_the_form_shows_the_tenure_refusal_and_saves_nothing(client, org):
    client.force_login(org.official)
    response = post_form(client, org, occurred_on="2024-01-10")
    assert response.status_code == 200
    assert "2024-03-01" in response.content.decode()
    assert not PerformanceRecord.objects.exists()


@time_machine.travel(NOW)
def test_the_form_shows_a_file_that_is_not_what_its_name_says(client, org):
    client.force_login(org.official)
    response = post_form(client, org, evidence=[SimpleUploadedFile("photo.jpg", b"<html>not an image</html>" * 20)])
    assert "photo.jpg" in response.content.decode()
    assert not PerformanceRecord.objects.exists()


@time_machine.travel(NOW)
def test_my_duties_lists_the_current_periods_with_days_left_and_citations(client, org, record):
    client.force_login(org.official)
    page = client.get(reverse("records:mine")).content.decode()
    assert "data-testid=\"due-hb-6.3-inspection-county\"" in page
    assert "河北" in page and "第六条" in page  # the article label
    assert "2025年第二季度" in page and "2025-Q2" not in page  # the period in words, not its key


def test_a_user_without_a_person_is_sent_to_the_dashboard(client, office_a):
    client.force_login(office_a)
    response = client.get(reverse("records:mine"))
    assert response.status_code == 302 and response.url == reverse("records:dashboard_home")


@time_machine.travel(NOW)
def test_the_dashboard_rolls_up_children_and_the_neighbour_gets_403(client, org, record, province_office, office_b):
    client.force_login(province_office)
    page = client.get(reverse("records:dashboard", kwargs={"code": "130000"}) + "?year=2025").content.decode()
    assert "石家庄市" in page and "echarts.min.js" in page
    client.force_login(office_b)
    assert client.get(reverse("records:dashboard", kwargs={"code": "130000"})).status_code == 403


@time_machine.travel(NOW)
def test_the_overdue_list_downloads_as_xlsx_with_the_missed_quarter(client, org, record, zd_office):
    client.force_login(zd_office)
    response = client.get(reverse("records:overdue_xlsx", kwargs={"code": "130123"}) + "?year=2025")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "2025年第一季度" in values and "130123-GH" in values
    assert offences("\n".join(values)) == []  # no period key, pack id or English


@time_machine.travel(NOW)
def test_the_post_page_shows_each_period_with_its_records(client, org, record, zd_office):
    client.force_login(zd_office)
    page = client.get(reverse("records:post", kwargs={"post_code": "130123-GH"}) + "?year=2025").content.decode()
    assert 'data-testid="period-2025-Q2"' in page and reverse("records:detail", kwargs={"record_id": record.pk}) in page


@time_machine.travel(NOW)
def test_the_office_edits_and_deletes_a_record_and_the_history_shows_both(client, org, record, zd_office):
    client.force_login(zd_office)
    url = reverse("records:edit", kwargs={"record_id": record.pk})
    response = client.post(
        url, {"activity": "led_inspection", "occurred_on": "2025-04-01", "leader_post": org.gh_post.code}
    )
    assert response.status_code == 302
    client.post(reverse("records:delete", kwargs={"record_id": record.pk}), {"reason": "误录"})
    page = client.get(reverse("records:detail", kwargs={"record_id": record.pk})).content.decode()
    assert "records.update" in page and "records.delete" in page and "误录" in page


@time_machine.travel(NOW)
def test_another_official_may_not_edit_a_record_they_did_not_make(client, org, record, make_user):
    from zeren.org.models import Person

    other = make_user(
        "other-official",
        role="official",
        jurisdiction=org.gh_post.body.jurisdiction,
        person=Person.objects.create(name="王某", jurisdiction=org.gh_post.body.jurisdiction),
    )
    client.force_login(other)
    assert client.get(reverse("records:edit", kwargs={"record_id": record.pk})).status_code == 403
    assert client.post(reverse("records:delete", kwargs={"record_id": record.pk}), {"reason": "x"}).status_code == 403


@time_machine.travel(NOW)
def test_evidence_is_served_to_the_jurisdiction_and_refused_to_the_neighbour(client, org, samples, office_a):
    data = RecordInput(activity="led_inspection", occurred_on=dt.date(2025, 5, 10), leader_post=org.gh_post)
    rec = record_create(actor=org.official, data=data, files=[SimpleUploadedFile("a.png", samples.png)])
    item = rec.evidence.get()
    client.force_login(org.official)
    response = client.get(reverse("records:evidence", kwargs={"evidence_id": item.pk}))
    assert response.status_code == 200 and b"".join(response.streaming_content) == samples.png
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(office_a)
    assert client.get(reverse("records:evidence", kwargs={"evidence_id": item.pk})).status_code == 403


def test_the_record_form_needs_an_official_or_office_role(client, organisation):
    client.force_login(organisation)
    assert client.get(reverse("records:new")).status_code == 403


def test_pages_need_a_login(client, world):
    response = client.get(reverse("records:mine"))
    assert response.status_code == 302 and "/accounts/login/" in response.url
