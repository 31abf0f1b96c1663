"""The compliance API (/api/compliance): the stored verdicts with their articles and pack version,
for a post, for a subtree (filtered, paginated) and summed as the dashboard shows them; token only,
scoped like the pages."""

from __future__ import annotations

import datetime as dt

import pytest

from records.test_compliance import add_records
from zeren.api.models import ApiToken
from zeren.records.compliance import compliance_recompute
from zeren.records.models import ComplianceRow
from zeren.records.selectors import dashboard

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2025, 8, 15)


@pytest.fixture
def judged(org):
    add_records(org, org.gh_post, org.appointment, [dt.date(2025, 2, 3), dt.date(2025, 5, 9)], "led_inspection")
    compliance_recompute(year=2025, as_of=AS_OF)
    return org


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def test_a_posts_verdicts_carry_the_holder_the_articles_and_the_pack_version(client, judged, province_office):
    response = client.get("/api/compliance/posts/130123-GH?year=2025", **bearer(province_office))
    assert response.status_code == 200
    verdicts = response.json()
    stored = ComplianceRow.objects.filter(post=judged.gh_post, year=2025)
    assert len(verdicts) == stored.count() > 0
    q1 = next(v for v in verdicts if v["obligation"] == "hb-6.3-inspection-county" and v["period"] == "2025-Q1")
    assert (q1["status"], q1["done"], q1["required"]) == ("met", 1, 1)
    assert q1["holder"]["name"] == judged.appointment.person.name
    assert q1["policy_id"] == "hebei-2018" and q1["policy_version"] == stored.first().policy_version
    assert q1["articles"] and q1["articles"][0]["label"].startswith("河北")
    assert q1["articles"][0]["text"]


def test_a_subtrees_verdicts_filter_by_status_and_page(client, judged, province_office):
    headers = bearer(province_office)
    missed = client.get("/api/compliance/jurisdictions/130000?year=2025&status=missed&limit=2", **headers).json()
    expected = ComplianceRow.objects.filter(year=2025, status="missed", jurisdiction__path__startswith="/130000/")
    assert missed["count"] == expected.count() > 2
    assert len(missed["items"]) == 2 and {v["status"] for v in missed["items"]} == {"missed"}
    second = client.get("/api/compliance/jurisdictions/130000?year=2025&status=missed&limit=2&offset=2", **headers)
    assert second.json()["items"][0] != missed["items"][0]


def test_the_summary_is_the_dashboards(client, judged, province_office):
    body = client.get("/api/compliance/jurisdictions/130000/summary?year=2025", **bearer(province_office)).json()
    from zeren.org.models import Jurisdiction

    board = dashboard(province_office, Jurisdiction.objects.get(code="130000"), 2025)
    assert (body["total"]["met"], body["total"]["missed"], body["total"]["open"]) == (
        board.total.met,
        board.total.missed,
        board.total.open,
    )
    assert body["total"]["rate"] == board.total.rate
    assert [c["code"] for c in body["children"]] == [c.code for c, _t in board.children] == ["130100"]


def test_another_subtree_is_403_a_missing_post_404_and_no_token_401(client, judged, office_a):
    headers = bearer(office_a)  # 武进区 (常州)
    assert client.get("/api/compliance/posts/130123-GH", **headers).status_code == 403
    assert client.get("/api/compliance/jurisdictions/130000/summary", **headers).status_code == 403
    assert client.get("/api/compliance/posts/NO-SUCH-POST", **headers).status_code == 404
    assert client.get("/api/compliance/posts/130123-GH").status_code == 401


@pytest.mark.parametrize("query", ["year=abc", "year=1900", "status=late"])
def test_a_malformed_parameter_is_422_naming_it(client, judged, province_office, query):
    response = client.get(f"/api/compliance/jurisdictions/130000?{query}", **bearer(province_office))
    assert response.status_code == 422
    assert query.split("=")[0] in response.json()["detail"]


def test_the_openapi_document_lists_the_compliance_endpoints(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/compliance/posts/{post_code}",
        "/api/compliance/jurisdictions/{code}",
        "/api/compliance/jurisdictions/{code}/summary",
    ):
        assert path in paths, path
