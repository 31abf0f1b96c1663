"""The evidence file view: only images are shown inline; a PDF (which may carry a script that runs
when it opens) and every other file is a download; every file response is sandboxed and not sniffed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zeren.records.services import RecordInput, record_create

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 5, 20, 10, tzinfo=dt.UTC)

# A PDF that runs JavaScript as soon as a viewer opens it.
PDF_WITH_OPEN_ACTION = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction 3 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"3 0 obj<</S/JavaScript/JS(app.alert\\('xss'\\))>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def evidence_of(org, name, content):
    data = RecordInput(activity="led_inspection", occurred_on=dt.date(2025, 5, 10), leader_post=org.gh_post)
    record = record_create(actor=org.official, data=data, files=[SimpleUploadedFile(name, content)])
    return record.evidence.get()


@time_machine.travel(NOW)
def test_a_pdf_with_an_open_action_script_is_served_as_a_sandboxed_download(client, org):
    item = evidence_of(org, "通报.pdf", PDF_WITH_OPEN_ACTION)
    client.force_login(org.official)
    response = client.get(reverse("records:evidence", kwargs={"evidence_id": item.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_WITH_OPEN_ACTION
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


@time_machine.travel(NOW)
def test_a_word_file_is_a_sandboxed_download(client, org, samples):
    item = evidence_of(org, "记录.docx", samples.docx)
    client.force_login(org.official)
    response = client.get(reverse("records:evidence", kwargs={"evidence_id": item.pk}))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox"


@time_machine.travel(NOW)
def test_an_image_is_shown_inline_but_sandboxed(client, org, samples):
    item = evidence_of(org, "现场.png", samples.png)
    client.force_login(org.official)
    response = client.get(reverse("records:evidence", kwargs={"evidence_id": item.pk}))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
