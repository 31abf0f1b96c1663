"""The tables re-laid for ten years of history (issue 15) give the same verdicts, dashboards and exports
as the layout before them, on SQLite and on PostgreSQL.

A few posts under both regulations hold office over seven years with records in every year; every
year is judged; then the verdicts of every year, the dashboards (province, city and county, whole
year and trend), the overdue lists (.xlsx, read back) and the records list (every page, with and
without a county filter) are read. The same is done again with the tables laid as before the
re-lay — records migrations 0011 (the credits' covering date index), 0012 (the verdicts partitioned
by year, on PostgreSQL) and 0014 (the rollups partitioned by year) undone, the stored verdicts and
rollups deleted and every year judged again — and both readings must be equal. Each year's verdicts
and rollups are written by COPY, so that on PostgreSQL the first computation of a year replaces its
partitions whole."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
import time_machine
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from openpyxl import load_workbook

from zeren.records.models import (
    ComplianceRow,
    RecordCredit,
)

from .conftest import credited_record

# DDL on SQLite cannot run inside the test's transaction: this test commits, and the flush after it
# empties the tables; the layout is put back in a finally.
pytestmark = pytest.mark.django_db(transaction=True)

YEARS = range(2019, 2026)
TODAY = dt.date(2026, 1, 10)
RELAID = (
    ("records", "0011_credits_counted_from_a_covering_date_index"),
    ("records", "0012_verdicts_partitioned_by_year"),
    ("records", "0014_rollups_partitioned_by_year"),
)
"""The migrations that re-lay the tables, in the order they were applied."""


def _records(org, rng: random.Random) -> None:
    """Records over seven years: each post's duties on random days of its tenure, a few deleted."""
    from zeren.org.models import Appointment

    activities = {
        "government_head": ["led_inspection", "executive_meeting", "duty_report"],
        "party_secretary": ["standing_committee_meeting", "research_visit", "study_session", "led_inspection"],
        "deputy_for_safety": ["led_inspection", "duty_report"],
    }
    author = org.official
    for appointment in Appointment.objects.select_related("post__body__jurisdiction", "person"):
        post = appointment.post
        first = max(appointment.start, dt.date(YEARS[0], 1, 1))
        last = min(appointment.end or dt.date(YEARS[-1], 12, 31), dt.date(YEARS[-1], 12, 31))
        span = (last - first).days
        for _ in range(span // 12):
            day = first + dt.timedelta(days=rng.randrange(span + 1))
            activity = rng.choice(activities[post.role])
            deleted = rng.random() <= 0.05
            credited_record(author, appointment, activity, day, deleted=deleted, place="现场", summary="检查")


def _judge_every_year() -> None:
    from zeren.records.compliance import compliance_recompute
    from zeren.records.rollups import OF_A_YEAR

    for model in OF_A_YEAR:
        model.objects.all().delete()
    for year in YEARS:
        compliance_recompute(year=year, as_of=min(TODAY, dt.date(year + 1, 1, 10)))


def _workbook_rows(content: bytes) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _record_pages(client, params: dict[str, str]) -> list[list[int]]:
    """Every page of the records list, following the next links, as the ids on each page."""
    pages, cursor = [], ""
    while True:
        response = client.get(reverse("records:list"), {**params, **({"after": cursor} if cursor else {})})
        assert response.status_code == 200
        page = response.context["page"]
        pages.append([r.pk for r in page.rows])
        if page.next_cursor is None:
            return pages
        cursor = str(page.next_cursor)


def _reading(client, users, world) -> dict[str, object]:
    """What the re-lay must not change: verdicts, dashboards, overdue lists, records pages."""
    from zeren.records import selectors

    verdicts = sorted(
        ComplianceRow.objects.values_list(
            "year",
            "appointment_id",
            "obligation",
            "period",
            "status",
            "done",
            "required",
            "policy_id",
            "policy_version",
            "jurisdiction_id",
            "period_start",
            "period_end",
        )
    )
    out: dict[str, object] = {"verdicts": verdicts}
    for who, node in (
        (users["province"], world.province),
        (users["city"], world.city),
        (users["city"], world.county_a),
    ):
        for year in YEARS:
            board = selectors.dashboard(who, node, year)
            out[f"dashboard {node.code} {year}"] = (
                board.total,
                board.own,
                [(j.code, t) for j, t in board.children],
                board.by_level,
                board.by_role,
                board.by_obligation,
                board.trend,
                board.worst_posts,
                board.chart_data(),
            )
            out[f"overdue {node.code} {year}"] = _workbook_rows(
                client[who].get(reverse("records:overdue_xlsx", kwargs={"code": node.code}), {"year": year}).content
            )
    out["records pages"] = _record_pages(client[users["city"]], {})
    out["records pages of a county"] = _record_pages(client[users["city"]], {"jurisdiction": world.county_a.code})
    out["records pages of the province"] = _record_pages(client[users["province"]], {})
    return out


def _migration(key: tuple[str, str]):
    loader = MigrationLoader(connection)
    return loader, loader.graph.nodes[key]


def _lay_as_before() -> None:
    """Undo the re-laying migrations' operations (only them: the migrations after them stay)."""
    for key in reversed(RELAID):
        loader, migration = _migration(key)
        state = loader.project_state(key, at_end=False)  # Migration.unapply takes the state before it
        with connection.schema_editor() as editor:
            migration.unapply(state, editor)


def _lay_again() -> None:
    for key in RELAID:
        loader, migration = _migration(key)
        state = loader.project_state(key, at_end=False)
        with connection.schema_editor() as editor:
            migration.apply(state, editor)


def _by_year() -> bool:
    """Whether the verdicts and their rollups are partitioned by year, each judged year's rows in
    its own table (PostgreSQL)."""
    from zeren.records import partitions

    with connection.cursor() as cursor:
        laid = (
            {table.is_partitioned(cursor) for table in partitions.BY_YEAR.values()}
            if connection.vendor == "postgresql"
            else {False}
        )
        assert len(laid) == 1  # all or none
        if not laid.pop():
            return False
        for model, table in partitions.BY_YEAR.items():
            for year in YEARS:
                cursor.execute("SELECT COUNT(*) FROM " + table.year_table(year))  # noqa: S608
                assert cursor.fetchone()[0] == model.objects.filter(year=year).count()
            assert model.objects.exists()
            cursor.execute("SELECT COUNT(*) FROM " + table.default)  # noqa: S608
            assert cursor.fetchone()[0] == 0
        return True


def _credit_indexes() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, RecordCredit._meta.db_table))


@time_machine.travel(dt.datetime(2026, 1, 10, 10, tzinfo=dt.UTC))
def test_the_relaid_tables_give_the_same_verdicts_dashboards_and_exports_as_before(org, world, make_user, monkeypatch):
    from django.test import Client

    from zeren.records import verdict_store

    monkeypatch.setattr(verdict_store, "COPY_ROWS", 0)
    users = {
        "province": make_user("relaid-province", role="office", jurisdiction=world.province),
        "city": make_user("relaid-city", role="office", jurisdiction=world.city),
    }
    client = {}
    for user in users.values():
        client[user] = Client()
        client[user].force_login(user)
    _records(org, random.Random(15))  # noqa: S311 - seeded data
    _judge_every_year()
    assert ComplianceRow.objects.filter(status="met").count() > 50
    assert ComplianceRow.objects.filter(status="missed").exists()
    relaid = _reading(client, users, world)
    assert len(relaid["records pages"]) > 2  # several pages: the cursors are followed

    assert "records_credit_date_cover" in _credit_indexes()
    assert _by_year() == (connection.vendor == "postgresql")
    _lay_as_before()
    try:
        assert not _by_year()
        assert "records_credit_date_cover" not in _credit_indexes()
        assert "records_credit_date" in _credit_indexes()
        _judge_every_year()
        before = _reading(client, users, world)
    finally:
        _lay_again()
    assert "records_credit_date_cover" in _credit_indexes()
    _judge_every_year()  # in the partitions again: what the suite's later tests find
    assert _by_year() == (connection.vendor == "postgresql")

    assert before.keys() == relaid.keys()
    for key in relaid:
        assert before[key] == relaid[key], key
