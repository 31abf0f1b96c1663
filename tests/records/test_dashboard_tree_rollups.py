"""The whole tree's rollups (ComplianceTreeTally, ComplianceTreeTrendTally) always equal a GROUP BY of the
jurisdictions' tallies — after a cold recompute, a record added and deleted, a pack update, a year judged
again, a jurisdiction whose verdicts all go, a jurisdiction deleted, and any sequence of those — whether a
refresh updates them by delta or rebuilds the year; and the dashboard of the whole tree, which reads them,
is the dashboard read from the jurisdictions' tallies."""

from __future__ import annotations

import datetime as dt
import importlib
import random

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zeren.org.models import Appointment, Body, Jurisdiction, Person, PolicyBinding, Post
from zeren.records import rollups
from zeren.records.compliance import compliance_recompute
from zeren.records.models import (
    ComplianceRow,
    ComplianceTally,
    ComplianceTreeTally,
    ComplianceTreeTrendTally,
    PerformanceRecord,
    RecordCredit,
)
from zeren.records.selectors import dashboard
from zeren.records.services import RecordInput, record_create, record_delete

from .conftest import assert_tree_rollups_equal_the_tallies, credited_record

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 8, 15, 10, tzinfo=dt.UTC)
TODAY = NOW.date()
PROVINCE = [
    ("130000", "河北省", "province", ""),
    ("130100", "石家庄市", "city", "130000"),
    ("130123", "正定县", "county", "130100"),
    ("130102", "长安区", "county", "130100"),
    ("130200", "唐山市", "city", "130000"),
    ("130203", "路北区", "county", "130200"),
    ("130203001", "乔屯街道", "township", "130203"),
]
ROLES = {
    "government": [("GH", "government_head"), ("DS", "deputy_for_safety")],
    "party_committee": [("PS", "party_secretary")],
}
ACTIVITIES = [
    "led_inspection",
    "executive_meeting",
    "duty_report",
    "standing_committee_meeting",
    "research_visit",
    "study_session",
]


@pytest.fixture
def province(db, make_user):
    """河北 alone (the only root): posts in its cities and counties under hebei-2018, held since 2020,
    with records of 2024 and 2025 on random days; both years judged. Returns the province office."""
    from zeren.org.services import JurisdictionRow, jurisdictions_upsert

    jurisdictions_upsert(
        rows=[JurisdictionRow(code=c, name=n, level=lv, parent_code=p) for c, n, lv, p in PROVINCE], actor=None
    )
    root = Jurisdiction.objects.get(code="130000")
    PolicyBinding.objects.create(jurisdiction=root, pack_id="hebei-2018", valid_from=dt.date(2018, 4, 8))
    office = make_user("province-office", role="office", jurisdiction=root)
    rng = random.Random(15)  # noqa: S311
    for node in Jurisdiction.objects.exclude(level="province"):
        for kind, posts in ROLES.items():
            body = Body.objects.create(
                code=f"{node.code}-{kind[:2]}", name=f"{node.name}{kind}", jurisdiction=node, kind=kind
            )
            for suffix, role in posts:
                post = Post.objects.create(code=f"{node.code}-{suffix}", title=role, body=body, role=role)
                person = Person.objects.create(name=f"任{post.code}", jurisdiction=node)
                appointment = Appointment.objects.create(person=person, post=post, start=dt.date(2020, 1, 1))
                for _ in range(rng.randrange(4, 12)):
                    day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange((TODAY - dt.date(2024, 1, 1)).days))
                    credited_record(office, appointment, rng.choice(ACTIVITIES), day)
    for year in (2024, 2025):
        compliance_recompute(year=year, as_of=TODAY)
    return office


@pytest.fixture(params=["delta", "rebuild"])
def path(request, monkeypatch):
    """Each refresh updates the whole tree's rows by delta, or rebuilds the year's."""
    monkeypatch.setattr(rollups, "_rebuilds", lambda cursor, year, count: request.param == "rebuild")
    return request.param


def judged(year: int = 2025) -> int:
    return ComplianceTreeTally.objects.filter(year=year, kind="j", status__in=("met", "missed")).count()


@time_machine.travel(NOW)
def test_the_tree_rows_equal_the_tallies_after_a_cold_recompute_and_a_record_added_and_deleted(province, path):
    assert_tree_rollups_equal_the_tallies()
    assert judged(2024) and judged(2025)
    ComplianceRow.objects.all().delete()  # judged again from nothing: every verdict new, the tallies stale
    for year in (2024, 2025):
        compliance_recompute(year=year)
        assert_tree_rollups_equal_the_tallies()
    post = Post.objects.get(code="130123-GH")
    before = ComplianceTreeTally.objects.get(year=2025, kind="r", item="government_head", status="met").n
    record = record_create(
        actor=province, data=RecordInput(activity="led_inspection", occurred_on=dt.date(2025, 7, 10), leader_post=post)
    )
    assert_tree_rollups_equal_the_tallies()
    record_delete(actor=province, record=record, reason="重复录入")
    assert_tree_rollups_equal_the_tallies()
    assert ComplianceTreeTally.objects.get(year=2025, kind="r", item="government_head", status="met").n == before


@time_machine.travel(NOW)
def test_the_tree_rows_follow_a_pack_update_and_a_year_judged_again_later(province, path):
    ComplianceRow.objects.filter(year=2025).update(policy_version="previous")
    with connection.cursor() as cursor:  # the rollups of that version, as a recompute under it wrote them
        rollups.refresh_tallies(
            cursor, year=2025, jurisdiction_ids=set(Jurisdiction.objects.values_list("id", flat=True))
        )
    assert_tree_rollups_equal_the_tallies()
    assert ComplianceTreeTally.objects.filter(year=2025, kind="o", policy_version="previous").exists()
    result = compliance_recompute(year=2025, as_of=TODAY)  # the pack update: every verdict of the year changes
    assert result.inserted_or_updated == result.rows > 0
    assert_tree_rollups_equal_the_tallies()
    assert not ComplianceTreeTally.objects.filter(policy_version="previous").exists()
    open_before = ComplianceTreeTally.objects.filter(year=2025, status="open").count()
    compliance_recompute(year=2025, as_of=dt.date(2025, 12, 31))  # the year judged again at its end
    assert_tree_rollups_equal_the_tallies()
    assert ComplianceTreeTally.objects.filter(year=2025, status="open").count() < open_before


@time_machine.travel(NOW)
def test_a_jurisdiction_whose_verdicts_all_go_leaves_no_row_in_the_tree(province, path):
    lubei = Jurisdiction.objects.get(code="130203")
    assert ComplianceTreeTally.objects.filter(year=2025, kind="j", item=str(lubei.pk)).exists()
    Appointment.objects.filter(post__body__jurisdiction=lubei).update(end=dt.date(2024, 12, 31), end_reason="retired")
    compliance_recompute(year=2025, as_of=TODAY)
    assert not ComplianceTally.objects.filter(year=2025, jurisdiction=lubei).exists()
    assert not ComplianceTreeTally.objects.filter(year=2025, kind="j", item=str(lubei.pk)).exists()
    assert_tree_rollups_equal_the_tallies()
    assert ComplianceTreeTally.objects.filter(year=2024, kind="j", item=str(lubei.pk)).exists()


@time_machine.travel(NOW)
def test_a_deleted_jurisdiction_is_taken_out_of_the_tree(province):
    street = Jurisdiction.objects.get(code="130203001")
    assert ComplianceTally.objects.filter(jurisdiction=street).exists()
    # Nothing may be left to protect it: its records, tenures, posts, bodies and people go first.
    RecordCredit.objects.filter(record__jurisdiction=street).delete()
    PerformanceRecord.objects.filter(jurisdiction=street).delete()
    Appointment.objects.filter(post__body__jurisdiction=street).delete()  # their verdicts go with them
    Post.objects.filter(body__jurisdiction=street).delete()
    Body.objects.filter(jurisdiction=street).delete()
    Person.objects.filter(jurisdiction=street).delete()
    street.delete()
    assert not ComplianceTally.objects.filter(jurisdiction_id=street.pk).exists()
    assert not ComplianceTreeTally.objects.filter(kind="j", item=str(street.pk)).exists()
    assert_tree_rollups_equal_the_tallies()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_tree_rows_equal_the_tallies_after_any_sequence_of_changes(province, path, seed):
    """Random sequences of what changes verdicts: records added and deleted, a county or the whole
    year judged again, a county's pack updated, a tenure ended, a year judged as of a later day."""
    rng = random.Random(seed)  # noqa: S311
    posts = list(Post.objects.order_by("code"))
    counties = list(Jurisdiction.objects.filter(level__in=("city", "county", "township")).order_by("code"))
    made: list[PerformanceRecord] = []
    with time_machine.travel(NOW):
        for _ in range(8):
            step = rng.choice(["add", "add", "delete", "county", "year", "pack", "end", "later"])
            year = rng.choice([2024, 2025])
            if step == "add" or (step == "delete" and not made):
                day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange((TODAY - dt.date(2024, 1, 1)).days))
                data = RecordInput(activity=rng.choice(ACTIVITIES), occurred_on=day, leader_post=rng.choice(posts))
                made.append(record_create(actor=province, data=data))
            elif step == "delete":
                record_delete(actor=province, record=made.pop(rng.randrange(len(made))), reason="录入有误")
            elif step == "county":
                compliance_recompute(year=year, jurisdiction=rng.choice(counties), as_of=TODAY)
            elif step == "year":
                compliance_recompute(year=year, as_of=TODAY)
            elif step == "pack":
                node = rng.choice(counties)
                ComplianceRow.objects.filter(year=year, jurisdiction__path__startswith=node.path).update(
                    policy_version="previous"
                )
                compliance_recompute(year=year, jurisdiction=node, as_of=TODAY)
            elif step == "end":
                post = rng.choice(posts)
                Appointment.objects.filter(post=post, end__isnull=True).update(
                    end=dt.date(2025, 3, 31), end_reason="transferred"
                )
                compliance_recompute(year=2025, jurisdiction=post.body.jurisdiction, as_of=TODAY)
            else:
                compliance_recompute(year=2025, as_of=dt.date(2025, 11, 30))
            assert_tree_rollups_equal_the_tallies()


def test_a_refresh_of_most_of_the_year_rebuilds_and_one_of_a_few_jurisdictions_goes_by_delta(province, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(rollups, "REBUILD_FROM", 2)
    real_rebuild, real_add = rollups.rebuild_tree, rollups.add_to_tree
    monkeypatch.setattr(rollups, "rebuild_tree", lambda *a: (calls.append("rebuild"), real_rebuild(*a)))
    monkeypatch.setattr(rollups, "add_to_tree", lambda *a: (calls.append("delta"), real_add(*a)))
    compliance_recompute(year=2025, as_of=dt.date(2025, 12, 31))  # every jurisdiction's verdicts change
    assert calls == ["rebuild"]
    assert_tree_rollups_equal_the_tallies()
    calls.clear()
    compliance_recompute(year=2025, jurisdiction=Jurisdiction.objects.get(code="130123"), as_of=TODAY)
    assert calls and set(calls) == {"delta"}
    assert_tree_rollups_equal_the_tallies()


def test_the_migration_fills_the_tree_rows_from_the_tallies_stored(province):
    migration = importlib.import_module("zeren.records.migrations.0013_whole_tree_tallies_for_the_province_dashboard")
    ComplianceTreeTally.objects.all().delete()
    ComplianceTreeTrendTally.objects.all().delete()
    with connection.cursor() as cursor:
        for statement in migration.FILL:
            cursor.execute(statement)
    assert_tree_rollups_equal_the_tallies()
    assert ComplianceTreeTally.objects.filter(year=2024).exists() and ComplianceTreeTrendTally.objects.exists()


@pytest.mark.parametrize("today", [dt.date(2025, 8, 15), dt.date(2025, 3, 2), dt.date(2026, 1, 20)])
def test_the_whole_tree_dashboard_equals_the_one_read_from_the_jurisdictions_tallies(province, path, today):
    """The province is the only root, so its dashboard reads the whole tree's rows; with a second root
    (which has nothing) it reads the province's jurisdictions' tallies: the same dashboard."""
    with time_machine.travel(NOW):
        record_create(
            actor=province,
            data=RecordInput(
                activity="led_inspection",
                occurred_on=dt.date(2025, 6, 3),
                leader_post=Post.objects.get(code="130102-GH"),
            ),
        )
    root = Jurisdiction.objects.get(code="130000")
    with CaptureQueriesContext(connection) as whole:
        from_tree = dashboard(province, root, 2025, today=today)
    from zeren.org.services import JurisdictionRow, jurisdictions_upsert

    jurisdictions_upsert(
        rows=[JurisdictionRow(code="320000", name="江苏省", level="province", parent_code="")], actor=None
    )
    with CaptureQueriesContext(connection) as scoped:
        from_tallies = dashboard(province, root, 2025, today=today)
    tree_tables = (ComplianceTreeTally._meta.db_table, ComplianceTreeTrendTally._meta.db_table)
    assert any(t in q["sql"] for q in whole.captured_queries for t in tree_tables)
    assert not any(t in q["sql"] for q in scoped.captured_queries for t in tree_tables)
    assert from_tree == from_tallies
    assert from_tree.total.total and from_tree.by_obligation and len(from_tree.children) == 2
    if today.year == 2026 or today.month > 6:
        assert any(p["period"].startswith("2024") for p in from_tree.trend)
        assert any(p["period"].startswith("2025") for p in from_tree.trend)
