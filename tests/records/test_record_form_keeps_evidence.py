"""The record form keeps a chosen evidence file when it is refused: the file is kept server-side and
named by a signed token, so the next try need not choose it again; it is never lost nor reachable by
another account."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zeren.records.models import Evidence, PerformanceRecord

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 5, 20, 10, tzinfo=dt.UTC)


def _post(client, org, **overrides):
    data = {"activity": "led_inspection", "occurred_on": "2025-05-12", "leader_post": org.gh_post.code}
    data.update(overrides)
    return client.post(reverse("records:new"), {k: v for k, v in data.items() if v is not None})


def _token(page: str) -> str:
    found = re.search(r'name="kept" value="([^"]+)"', page)
    assert found is not None, "no kept-files token on the page"
    return found.group(1)


def _ticked(page: str) -> list[str]:
    return re.findall(r'name="kept_keep" value="([0-9a-f]{64})"[^>]*checked', page)


@time_machine.travel(NOW)
def test_a_photo_survives_a_missing_field_and_is_attached_on_the_next_try(client, org, samples):
    client.force_login(org.official)
    refused = _post(client, org, activity="", evidence=[SimpleUploadedFile("现场.png", samples.png)])
    page = refused.content.decode()
    assert refused.status_code == 200 and not PerformanceRecord.objects.exists()
    assert 'data-testid="kept-evidence"' in page and "现场.png" in page
    digest = hashlib.sha256(samples.png).hexdigest()
    assert _ticked(page) == [digest]

    saved = _post(client, org, kept=_token(page), kept_keep=[digest])
    record = PerformanceRecord.objects.get()
    assert saved.status_code == 302
    assert [(e.original_name, e.sha256, e.media_type) for e in record.evidence.all()] == [
        ("现场.png", digest, "image/png")
    ]


@time_machine.travel(NOW)
def test_a_photo_survives_a_refusal_of_the_service_and_a_second_refusal(client, org, samples):
    client.force_login(org.official)
    first = _post(client, org, occurred_on="2024-01-10", evidence=[SimpleUploadedFile("a.png", samples.png)])
    assert "2024-03-01" in first.content.decode()  # the tenure refusal
    second = _post(
        client,
        org,
        occurred_on="2024-01-11",
        kept=_token(first.content.decode()),
        kept_keep=_ticked(first.content.decode()),
        evidence=[SimpleUploadedFile("b.pdf", samples.pdf)],
    )
    page = second.content.decode()
    assert "a.png" in page and "b.pdf" in page and len(_ticked(page)) == 2
    _post(client, org, kept=_token(page), kept_keep=_ticked(page))
    names = PerformanceRecord.objects.get().evidence.values_list("original_name", flat=True)
    assert sorted(names) == ["a.png", "b.pdf"]


@time_machine.travel(NOW)
def test_an_unticked_kept_file_is_left_out(client, org, samples):
    client.force_login(org.official)
    page = _post(client, org, activity="", evidence=[SimpleUploadedFile("a.png", samples.png)]).content.decode()
    _post(client, org, kept=_token(page))  # kept_keep not sent: unticked
    assert PerformanceRecord.objects.get().evidence.count() == 0


@time_machine.travel(NOW)
def test_a_bad_file_is_named_and_not_kept_while_a_good_one_is(client, org, samples):
    client.force_login(org.official)
    page = _post(
        client,
        org,
        activity="",
        evidence=[SimpleUploadedFile("good.png", samples.png), SimpleUploadedFile("bad.jpg", b"<html>x</html>" * 20)],
    ).content.decode()
    assert "bad.jpg" in page  # its problem is shown
    assert _ticked(page) == [hashlib.sha256(samples.png).hexdigest()]


@time_machine.travel(NOW)
def test_a_token_of_another_account_or_changed_is_refused_and_nothing_is_saved(client, org, samples, make_user):
    client.force_login(org.official)
    page = _post(client, org, activity="", evidence=[SimpleUploadedFile("a.png", samples.png)]).content.decode()
    token = _token(page)
    other = make_user("zd-office", role="office", jurisdiction=org.gh_post.body.jurisdiction)
    client.force_login(other)
    refused = _post(client, org, kept=token, kept_keep=_ticked(page))
    assert refused.status_code == 200
    assert "已保留的文件无法读取" in refused.content.decode()
    client.force_login(org.official)
    changed = _post(client, org, kept=token[:-3] + "abc", kept_keep=_ticked(page))
    assert "已保留的文件无法读取" in changed.content.decode()
    assert not PerformanceRecord.objects.exists() and not Evidence.objects.exists()


def test_a_token_older_than_a_day_is_refused(client, org, samples):
    client.force_login(org.official)
    with time_machine.travel(NOW, tick=False):
        page = _post(client, org, activity="", evidence=[SimpleUploadedFile("a.png", samples.png)]).content.decode()
    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False):
        refused = _post(client, org, occurred_on="2025-05-21", kept=_token(page), kept_keep=_ticked(page))
    assert "超过一天" in refused.content.decode()
    assert not PerformanceRecord.objects.exists()
