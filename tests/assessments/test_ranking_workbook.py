"""The ranking (.xlsx) of an assessment, read back through zeren.documents.sheets."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zeren.assessments.documents import ranking_xlsx
from zeren.documents.sheets import read_rows

pytestmark = pytest.mark.django_db


def test_the_published_ranking_lists_every_county_in_place_order(published):
    headers = ["排名", "地区", "得分", "标准化得分", "考核等次", "一票否决", "先进", "状态"]
    body = [cells for _n, cells in read_rows(ranking_xlsx(published), headers=headers)]
    assert [cells["地区"] for cells in body] == [
        e.jurisdiction.name for e in sorted(published.entries.select_related("jurisdiction"), key=lambda e: e.rank)
    ]
    assert [cells["排名"] for cells in body] == [
        str(e.rank) for e in sorted(published.entries.all(), key=lambda e: e.rank)
    ]
    assert all(cells["考核等次"] in ("优秀", "良好", "合格", "不合格") for cells in body)
    assert {cells["状态"] for cells in body} == {"已审定"}


def test_the_neighbour_county_cannot_download_the_citys_ranking_before_publication(client, assessment, office_b):
    client.force_login(office_b)
    assert client.get(reverse("assessments:ranking", kwargs={"assessment": assessment.pk})).status_code == 403
