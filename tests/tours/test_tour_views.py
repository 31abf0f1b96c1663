"""A tour's page: methods, findings with evidence, the feedback and the two documents, the plan."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tours.helpers import planned
from zeren.tours.models import Attachment, Finding, RectificationPlan

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_the_city_records_a_finding_with_evidence_and_the_toured_county_sees_it(
    client, world, city_office, office_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    t = planned(world, city_office, feedback=False, findings=0)
    client.force_login(city_office)
    response = client.post(
        reverse("tours:finding_add", kwargs={"tour_id": t.tour.pk}),
        {
            "description": "隐患排查台账缺失",
            "criterion": "隐患排查治理制度",
            "article": "CZ-10",
            "level": "government",
            "responsible_body": t.county_a.safety_bureau.code,
            "found_on": "2025-04-08",
            "evidence": SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    finding = Finding.objects.get()
    assert finding.article_label == "常州 第十条"
    attachment = Attachment.objects.get()
    client.force_login(office_a)
    page = client.get(reverse("tours:tour", kwargs={"tour_id": t.tour.pk})).content.decode()
    assert "隐患排查台账缺失" in page and "常州 第十条" in page
    served = client.get(reverse("tours:file", kwargs={"tour_file_id": attachment.pk}))
    assert served.status_code == 200 and served["Content-Disposition"] == 'inline; filename="photo.png"'
    assert served["X-Content-Type-Options"] == "nosniff" and served["Content-Security-Policy"] == "sandbox"


def test_a_bad_finding_changes_nothing(client, world, city_office):
    t = planned(world, city_office, feedback=False, findings=0)
    client.force_login(city_office)
    response = client.post(
        reverse("tours:finding_add", kwargs={"tour_id": t.tour.pk}),
        {
            "description": "x",
            "criterion": "y",
            "level": "government",
            "found_on": "2025-04-08",
            "evidence": SimpleUploadedFile("photo.png", b"not a png", content_type="image/png"),
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "责任单位" in text or "responsible body" in text
    assert not Finding.objects.exists() and not Attachment.objects.exists()


def test_methods_feedback_and_documents(client, world, city_office, office_a):
    t = planned(world, city_office, feedback=False)
    client.force_login(city_office)
    url = reverse("tours:tour_record", kwargs={"tour_id": t.tour.pk})
    assert client.post(url, {"version": t.tour.version, "methods": []}).status_code == 400
    assert client.post(url, {"version": t.tour.version, "methods": ["dancing"]}).status_code == 400
    assert (
        client.post(
            url, {"version": t.tour.version, "methods": ["interviews"], "documents_seen": "会议纪要"}
        ).status_code
        == 302
    )
    t.tour.refresh_from_db()
    feedback = reverse("tours:feedback", kwargs={"tour_id": t.tour.pk})
    assert client.post(feedback, {"version": t.tour.version, "feedback_on": "2025-01-01"}).status_code == 400
    assert client.post(feedback, {"version": t.tour.version, "feedback_on": "2025-05-10"}).status_code == 302
    docx = client.get(reverse("tours:feedback_docx", kwargs={"tour_id": t.tour.pk}))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert client.get(reverse("tours:notice_docx", kwargs={"tour_id": t.tour.pk})).status_code == 200
    client.force_login(office_a)  # the toured county gets the feedback, not the notice to the organisation dept.
    assert client.get(reverse("tours:feedback_docx", kwargs={"tour_id": t.tour.pk})).status_code == 200
    assert client.get(reverse("tours:notice_docx", kwargs={"tour_id": t.tour.pk})).status_code == 403
    assert client.post(feedback, {"version": t.tour.version, "feedback_on": "2025-05-10"}).status_code == 403


def test_the_documents_wait_for_the_feedback(client, world, city_office):
    t = planned(world, city_office, feedback=False)
    client.force_login(city_office)
    assert client.get(reverse("tours:feedback_docx", kwargs={"tour_id": t.tour.pk})).status_code == 404


def test_the_county_submits_its_plan_and_a_bad_one_changes_nothing(client, world, city_office, office_a):
    t = planned(world, city_office)
    client.force_login(office_a)
    url = reverse("tours:rectification_new", kwargs={"tour_id": t.tour.pk})
    assert client.post(url, {"title": "", "submitted_on": "2025-05-20"}).status_code == 400
    assert client.post(url, {"title": "方案", "submitted_on": "2025-05-01"}).status_code == 400
    assert not RectificationPlan.objects.exists()
    response = client.post(url, {"title": "武进区整改方案", "submitted_on": "2025-05-20"})
    plan = RectificationPlan.objects.get()
    assert response.url == reverse("tours:rectification", kwargs={"rectification_id": plan.pk})
    client.force_login(city_office)
    assert client.post(url, {"title": "代交", "submitted_on": "2025-05-20"}).status_code == 403
