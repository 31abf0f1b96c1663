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
