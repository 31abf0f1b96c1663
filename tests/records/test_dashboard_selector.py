"""The dashboard selector, read from the rollups, agrees with a direct count of the stored verdicts."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from zeren.org.models import Jurisdiction
from zeren.records.compliance import compliance_recompute
from zeren.records.models import ComplianceRow
from zeren.records.selectors import dashboard
from zeren.records.vocabulary import ROLE_LABELS

pytestmark = pytest.mark.django_db


def test_the_dashboard_totals_roles_obligations_and_worst_posts_equal_the_verdicts(org, province_office):
    compliance_recompute(year=2025, as_of=dt.date(2025, 8, 15))
    node = Jurisdiction.objects.get(code="130000")
    board = dashboard(province_office, node, 2025)
    rows = ComplianceRow.objects.filter(year=2025, jurisdiction__path__startswith=node.path)
    statuses = Counter(rows.values_list("status", flat=True))
    assert statuses and (board.total.met, board.total.missed, board.total.open, board.total.not_applicable) == (
        statuses["met"],
        statuses["missed"],
        statuses["open"],
        statuses["not_applicable"],
    )
    by_role = Counter()
    for role in rows.values_list("role", flat=True):
        by_role[str(ROLE_LABELS.get(role, role))] += 1
    assert {label: t.total for label, t in board.by_role} == dict(by_role)
    assert {o: t.total for o, _title, t in board.by_obligation} == dict(
        Counter(rows.values_list("obligation", flat=True))
    )
    missed = Counter(rows.filter(status="missed").values_list("post__code", flat=True))
    assert [(w["post__code"], w["n"]) for w in board.worst_posts] == sorted(
        missed.items(), key=lambda kv: (-kv[1], kv[0])
    )[:15]


def test_the_trend_shows_only_months_that_have_ended(org, province_office):
    """A period met early in a month still running would read as 100%: months not yet ended are left out."""
    from records.test_compliance import add_records

    add_records(org, org.gh_post, org.appointment, [dt.date(2025, 8, 3)], "led_inspection")
    compliance_recompute(year=2025, as_of=dt.date(2025, 8, 15))
    node = Jurisdiction.objects.get(code="130000")
    assert ComplianceRow.objects.filter(year=2025, status="met", period_end__month=9).exists()  # Q3, met early
    months = [point["period"] for point in dashboard(province_office, node, 2025, today=dt.date(2025, 8, 15)).trend]
    assert months and max(months) <= "2025-07"
    later = [point["period"] for point in dashboard(province_office, node, 2025, today=dt.date(2026, 1, 2)).trend]
    assert "2025-09" in later


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 5, 100])
def test_the_posts_most_behind_are_ranked_by_missed_then_code_and_cut_at_the_limit(org, limit):
    """Ranked in the database: a post's rows are summed, ties at the cut are broken by post code, and
    with fewer posts than the limit every post with a miss is there (and none without)."""
    from zeren.org.models import Post
    from zeren.records.dashboard import _worst_posts
    from zeren.records.models import ComplianceMissedTally

    # Per post, its rows' counts: two posts tie at 5 (one of them from two rows), one has none missed;
    # any further post of the fixture has no row.
    counts = [[5], [2, 3], [7], [1], [0]]
    posts = list(Post.objects.select_related("body__jurisdiction").order_by("code"))[: len(counts)]
    assert len(posts) == len(counts)
    for post, ns in zip(posts, counts, strict=True):
        for n in ns:
            ComplianceMissedTally.objects.create(year=2025, jurisdiction=post.body.jurisdiction, post=post, n=n)
    ComplianceMissedTally.objects.create(year=2024, jurisdiction=posts[3].body.jurisdiction, post=posts[3], n=9)
    missed = {post.code: sum(ns) for post, ns in zip(posts, counts, strict=True) if sum(ns)}
    expected = sorted(missed.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    assert [(w["post__code"], w["n"]) for w in _worst_posts(None, 2025, limit=limit)] == expected
    ids = [post.body.jurisdiction_id for post in posts]
    assert [(w["post__code"], w["n"]) for w in _worst_posts(ids, 2025, limit=limit)] == expected
    first = posts[0].body.jurisdiction_id
    assert [w["post__code"] for w in _worst_posts([first], 2025, limit=limit)] == [
        code for code, _n in expected if Post.objects.get(code=code).body.jurisdiction_id == first
    ][:limit]
