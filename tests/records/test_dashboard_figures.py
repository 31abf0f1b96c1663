"""The dashboard's figures: a district with no verdicts reads 无数据 (grey, never 0% in red), a rate is
shown with its counts, and the treemap offers a tile (with the child's own address) only for a
district that has verdicts."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 8, 20, 10, tzinfo=dt.UTC)


@pytest.fixture
def wujin_only(world):
    """常州市 with a district head in post in 武进区 only: 新北区 and the zone have no verdicts."""
    from zeren.org.models import Appointment, Body, Person, PolicyBinding, Post
    from zeren.records.compliance import compliance_recompute

    PolicyBinding.objects.create(jurisdiction=world.city, pack_id="changzhou-2018", valid_from=dt.date(2018, 12, 14))
    body = Body.objects.create(code="320412-ZF", name="武进区人民政府", jurisdiction=world.county_a, kind="government")
    post = Post.objects.create(code="320412-GH", title="区长", body=body, role="government_head")
    person = Person.objects.create(name="武区长", jurisdiction=world.county_a)
    Appointment.objects.create(person=person, post=post, start=dt.date(2020, 1, 1))
    compliance_recompute(year=2025, as_of=NOW.date())


def row(page: str, code: str) -> str:
    match = re.search(rf'<tr data-testid="child-{code}">(.*?)</tr>', page, re.S)
    assert match, code
    return match.group(1)


@time_machine.travel(NOW)
def test_a_district_with_no_verdicts_reads_no_data_and_a_rate_shows_its_counts(client, wujin_only, city_office):
    from zeren.records.models import ComplianceRow

    client.force_login(city_office)
    response = client.get(reverse("records:dashboard", kwargs={"code": "320400"}) + "?year=2025")
    page = response.content.decode()
    assert response.status_code == 200

    xinbei = row(page, "320411")
    assert 'data-testid="rate-nodata"' in xinbei and "无数据" in xinbei and "%" not in xinbei

    judged = ComplianceRow.objects.filter(year=2025, jurisdiction__code="320412", status__in=("met", "missed"))
    met, closed = judged.filter(status="met").count(), judged.count()
    assert closed
    assert f"（{met}/{closed}）" in row(page, "320412")

    chart = json.loads(re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', page, re.S)[1])
    assert [c["code"] for c in chart["children"]] == ["320412"]
    assert chart["children"][0]["url"] == "/records/dashboard/320412/?year=2025"
    assert chart["labels"]["nodata"] == "无数据"


@time_machine.travel(NOW)
def test_a_jurisdiction_with_no_judged_verdict_reads_no_data_at_the_top(client, world, city_office):
    client.force_login(city_office)
    page = client.get(reverse("records:dashboard", kwargs={"code": "320400"}) + "?year=2025").content.decode()
    rate = re.search(r'<span class="kpi-value[^"]*" data-testid="rate">(.*?)</span>', page, re.S)[1]
    assert rate.strip() == "无数据"
